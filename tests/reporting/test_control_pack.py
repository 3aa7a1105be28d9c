"""The auditor's financial-control pack: a ZIP built by the report task, checked file by file."""

import csv
import datetime
import hashlib
import io
import json
import re
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from funding import services as funding
from funding.beneficiaries import grant_beneficiaries
from funding.models import EvidenceKind
from funding.selectors import grant_list
from households.models import ProtectionStatus
from reporting import services
from reporting.control_pack.build import build_control_pack
from reporting.control_pack.form import ControlPackForm
from reporting.exporters import EXPORTERS
from reporting.models import Report, ReportStatus
from reporting.tasks import generate_report_task
from tests.factories import make_household, make_person
from tests.followups.helpers import reload_territories
from tests.followups.test_worker_integration import worker_queue  # noqa: F401  (a fixture)
from tests.funding.factories import make_grant
from tests.interviews.builders import record_interview
from workshops import services as workshops

from .control_pack_world import MARKER, NOW, D, build, person_names

pytestmark = pytest.mark.django_db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pack_world(site_a, director, coordinator, social_worker):
    return build(
        site=site_a, director=director, coordinator=coordinator, social_worker=social_worker
    )


def request_pack(user, capture, **parameters) -> Report:
    with capture(execute=True):
        report = services.report_request(by=user, kind="control_pack", parameters=parameters)
    report.refresh_from_db()
    return report


def open_pack(report: Report) -> zipfile.ZipFile:
    with report.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def csv_rows(pack: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = pack.read(name).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def every_text(pack: zipfile.ZipFile) -> dict[str, str]:
    """The text of every file: CSV and JSON as they are, PDFs as extracted."""
    texts = {}
    for name in pack.namelist():
        content = pack.read(name)
        if (name.endswith(".pdf") and content.startswith(b"%PDF-1.7")) or name == "summary.pdf":
            texts[name] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        else:
            texts[name] = content.decode(errors="replace")
    return texts


@pytest.fixture
def pack(pack_world, auditor, django_capture_on_commit_callbacks):
    report = request_pack(auditor, django_capture_on_commit_callbacks, grant=pack_world["grant"].pk)
    assert report.status == ReportStatus.DONE, report.error
    return report


def test_the_pack_is_a_zip_whose_manifest_checks_every_file(pack, pack_world, auditor):
    archive = open_pack(pack)
    assert pack.sha256 == hashlib.sha256(pack.file.open("rb").read()).hexdigest()
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["parameters"] == {"grant": pack_world["grant"].pk}
    assert manifest["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert manifest["requested_by"]["username"] == auditor.username
    assert manifest["generated_at"].startswith("2026-06-20")
    listed = {item["name"]: item for item in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for name, item in listed.items():
        content = archive.read(name)
        assert item["size"] == len(content), name
        assert item["sha256"] == hashlib.sha256(content).hexdigest(), name
    workshop = pack_world["h1"].members.first().workshop_registrations.first().workshop
    stem = f"attendance/workshop-2026-03-10-{workshop.pk}"
    assert {
        "beneficiaries.csv",
        "evidence.csv",
        "activities/workshops.csv",
        "activities/workshop_attendance.csv",
        "activities/interviews.csv",
        "activities/referrals.csv",
        "activities/relocations.csv",
        "activities/followups.csv",
        "time/timesheets.csv",
        "time/time_entries.csv",
        "money/staff_costs.csv",
        "money/expenses.csv",
        "money/expense_shares.csv",
        "money/statement.csv",
        "money/statement_lines.csv",
        f"{stem}.pdf",
        f"{stem}-signed.pdf",
        "summary.pdf",
    } <= set(listed)


def test_the_csv_files_hold_the_rows_of_the_grant(pack, pack_world):
    archive = open_pack(pack)
    grant = pack_world["grant"]
    names = {b.household.pk: b.pseudonym for b in grant_beneficiaries(grant)}
    h1, h2 = names[pack_world["h1"].pk], names[pack_world["h2"].pk]
    beneficiaries = {row[0]: row for row in csv_rows(archive, "beneficiaries.csv")[1:]}
    assert set(beneficiaries) == {h1, h2}
    assert beneficiaries[h1][1:6] == ["Paris", "2026-03-10", "yes", beneficiaries[h1][4], "2"]
    assert beneficiaries[h2][3] == "no"
    evidence = csv_rows(archive, "evidence.csv")[1:]
    assert [(row[0], row[1], row[6], row[8]) for row in evidence] == [(h1, "1", "yes", "yes")]
    attendance = csv_rows(archive, "activities/workshop_attendance.csv")[1:]
    assert sorted(row[3] for row in attendance) == [f"{h1}/1", f"{h1}/2"]
    interviews = csv_rows(archive, "activities/interviews.csv")[1:]
    assert [(row[2], row[5]) for row in interviews] == [(h1, "60"), (h1, "60"), (h2, "90")]
    assert [row[2] for row in csv_rows(archive, "activities/referrals.csv")[1:]] == [h1]
    assert [row[3] for row in csv_rows(archive, "activities/relocations.csv")[1:]] == ["35"]
    assert [row[1] for row in csv_rows(archive, "activities/followups.csv")[1:]] == ["2026-06-12"]
    entries = csv_rows(archive, "time/time_entries.csv")[1:]
    assert any(row[3] == "-0.50" and row[6] for row in entries)  # the correction
    # Hours of an interview are labelled with the pseudonym, never the household reference.
    assert any(h2 in row[5] for row in entries)
    assert pack_world["h2"].reference not in archive.read("time/time_entries.csv").decode()
    sheets = csv_rows(archive, "time/timesheets.csv")[1:]
    assert [row[1] for row in sheets] == ["2026-06"] and sheets[0][3] == "2.00"
    shares = csv_rows(archive, "money/expense_shares.csv")[1:]
    assert sorted((row[2], row[3], row[4]) for row in shares) == [
        ("FAMI-PACK", "40.00", "400.00"),
        ("FSE-OTHER", "60.00", "600.00"),
    ]
    statement = {row[0]: row[2] for row in csv_rows(archive, "money/statement.csv")[1:]}
    assert statement["other_costs"] == "400.00"
    summary = every_text(archive)["summary.pdf"]
    assert "FAMI-PACK" in summary and "400" in summary


def test_every_formula_cell_of_every_csv_is_neutralised(pack):
    archive = open_pack(pack)
    seen_hostile = 0
    for name in archive.namelist():
        if not name.endswith(".csv"):
            continue
        for row in csv_rows(archive, name):
            for value in row:
                if value.startswith(FORMULA_START):
                    assert NUMBER.fullmatch(value), (name, value)
                if value.startswith("'="):
                    seen_hostile += 1
    assert seen_hostile >= 4  # topic, activity, supplier, statement line…
    text = archive.read("money/expenses.csv").decode()
    assert "'+33-INV" in text
    assert "'@SUM(1+1) Coordinatrice" in archive.read("activities/workshops.csv").decode()


def test_no_free_text_nor_person_name_nor_evidence_number_is_in_the_pack(pack):
    names = person_names()
    assert "Zénobie" in names
    for name, text in every_text(open_pack(pack)).items():
        assert MARKER not in text, name
        assert "NUM-SECRET-4711" not in text, name
        for person_name in names:
            assert person_name not in text, (name, person_name)


def test_pseudonyms_are_stable_per_grant_and_never_the_database_id(
    pack, pack_world, auditor, django_capture_on_commit_callbacks
):
    grant, other = pack_world["grant"], pack_world["other_grant"]
    again = request_pack(auditor, django_capture_on_commit_callbacks, grant=grant.pk, year=2026)
    first = [row[0] for row in csv_rows(open_pack(pack), "beneficiaries.csv")[1:]]
    second = [row[0] for row in csv_rows(open_pack(again), "beneficiaries.csv")[1:]]
    assert first == second
    elsewhere = request_pack(auditor, django_capture_on_commit_callbacks, grant=other.pk)
    third = [row[0] for row in csv_rows(open_pack(elsewhere), "beneficiaries.csv")[1:]]
    assert len(third) == 2 and not set(third) & set(first)
    for pseudonym, household in zip(first, (pack_world["h1"], pack_world["h2"]), strict=False):
        assert str(household.pk) not in pseudonym.removeprefix("B-") or len(pseudonym) == 18
        assert household.reference not in pseudonym


def _beneficiary(site, by, on):
    household = make_household(site=site, by=by, referral_date=D(2026, 1, 5))
    member = make_person(household=household, by=by, protection_status=ProtectionStatus.REFUGEE)
    funding.evidence_record(
        by=by,
        person=member,
        kind=EvidenceKind.RECEIPT,
        number="R",
        issued_on=D(2025, 6, 1),
    )
    record_interview(household=household, by=by, held_on=on)
    return household


def _queries_of_a_build(grant, user) -> int:
    grant = grant_list(user).get(pk=grant.pk)  # as the exporter's form gives it: with its funder
    with CaptureQueriesContext(connection) as queries:
        build_control_pack(
            grant=grant,
            start=grant.starts_on,
            end=grant.ends_on,
            user=user,
            parameters={},
            progress=lambda percent: None,
        ).close()
    return len(queries)


def test_the_build_reads_the_same_number_of_queries_for_3_or_30_beneficiaries(
    site_a, director, coordinator, social_worker, auditor
):
    grant = make_grant(
        by=director, sites=[site_a], signed=True, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31)
    )
    workshop = workshops.workshop_create(
        by=coordinator,
        site=site_a,
        date=D(2026, 3, 10),
        place="Salle",
        capacity=100,
        topic="Vivre en région",
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        language="français",
        facilitators=[coordinator],
    )
    households = [_beneficiary(site_a, social_worker, D(2026, 2, n + 1)) for n in range(3)]
    for household in households:
        workshops.workshop_register_household(
            workshop=workshop, household=household, by=coordinator
        )
    few = _queries_of_a_build(grant, auditor)
    more = [_beneficiary(site_a, social_worker, D(2026, 4, n % 28 + 1)) for n in range(27)]
    for household in more:
        workshops.workshop_register_household(
            workshop=workshop, household=household, by=coordinator
        )
    assert len(grant_beneficiaries(grant)) == 30
    assert _queries_of_a_build(grant, auditor) == few
    # The beneficiaries (3), the evidence, the workshops (3) and their seats, the interviews
    # behind the hours, the five activities, timesheets (2), entries, staff costs, expenses
    # (2), the statement's own (about 8): a few dozen, never one a beneficiary.
    assert few < 40


def test_an_auditor_requests_the_pack_and_downloads_it(
    pack_world, auditor, client_for, django_capture_on_commit_callbacks
):
    client = client_for(auditor)
    page = client.get(reverse("reporting:control_packs"))
    assert page.status_code == 200
    assert "FAMI-PACK" in page.content.decode()
    report = request_pack(auditor, django_capture_on_commit_callbacks, grant=pack_world["grant"].pk)
    listing = client.get(reverse("reporting:control_packs")).content.decode()
    assert report.sha256 in listing
    response = client.get(reverse("reporting:report_download", args=[report.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    progress = client.get(reverse("reporting:report_progress", args=[report.pk]))
    assert progress.status_code == 200


def test_an_auditor_asks_for_the_pack_with_a_post(
    pack_world, auditor, client_for, django_capture_on_commit_callbacks
):
    """The one POST an auditor may send (accounts.middleware allow-lists this route)."""
    client = client_for(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:control_packs"), {"grant": pack_world["grant"].pk, "year": 2026}
        )
    assert response.status_code == 302, response.status_code
    report = Report.objects.get(kind="control_pack")
    assert report.requested_by == auditor
    assert report.parameters == {"grant": pack_world["grant"].pk, "year": 2026}
    assert report.status == ReportStatus.DONE


@pytest.mark.parametrize("role", ["coordinator", "social_worker"])
def test_coordinators_and_social_workers_may_not_request_the_pack(
    role, pack_world, request, client_for
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(reverse("reporting:control_packs")).status_code == 403
    response = client.post(reverse("reporting:control_packs"), {"grant": pack_world["grant"].pk})
    assert response.status_code == 403
    with pytest.raises(services.ReportRuleError):
        services.report_request(
            by=user, kind="control_pack", parameters={"grant": pack_world["grant"].pk}
        )
    assert not Report.objects.exists()
    assert "control_pack" not in {e.identifier for e in EXPORTERS.values() if e.allowed(user)}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"grant": "abc"},
        {"grant": "99999999999999999999999"},
        {"grant": "-1"},
        {"grant": "{grant}", "year": "1850"},
        {"grant": "{grant}", "year": "2026; DROP TABLE"},
        {"grant": "{grant}", "start": "2026-02-30", "end": "2026-03-01"},
        {"grant": "{grant}", "start": "2026-05-01"},
        {"grant": "{grant}", "start": "2026-05-01", "end": "2026-04-01"},
        {"grant": "{grant}", "start": "2024-01-01", "end": "2024-12-31"},
        {"grant": "{grant}", "year": "2026", "start": "2026-01-01", "end": "2026-02-01"},
        {"grant": "{grant}", "start": "9999-99-99", "end": "0000-00-00"},
        {"grant": "{grant}", "year": "2025"},
    ],
)
def test_bad_options_are_form_errors_never_500(data, pack_world, director, client_for):
    grant = pack_world["grant"]
    data = {key: value.replace("{grant}", str(grant.pk)) for key, value in data.items()}
    assert not ControlPackForm(data, user=director).is_valid()
    response = client_for(director).post(reverse("reporting:control_packs"), data)
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_the_period_is_clipped_to_the_grant(pack_world, director):
    grant = pack_world["grant"]
    form = ControlPackForm(
        {"grant": grant.pk, "start": "2025-06-01", "end": "2026-03-31"}, user=director
    )
    assert form.is_valid(), form.errors
    assert form.period() == (D(2026, 1, 1), D(2026, 3, 31))
    assert form.params() == {"grant": grant.pk, "start": "2025-06-01", "end": "2026-03-31"}


def test_a_grant_the_user_no_longer_reads_fails_the_build_with_a_reason(
    pack_world, auditor, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(
        "reporting.control_pack.form.grant_list",
        lambda user: type(pack_world["grant"]).objects.none(),
    )
    report = request_pack(auditor, django_capture_on_commit_callbacks, grant=pack_world["grant"].pk)
    assert report.status == ReportStatus.FAILED
    assert report.error == "The export options are not valid."


# --- every export recorded; the directors' list of them ------------------------------------


def test_a_direct_export_is_recorded_without_its_file(programme, director, client_for):
    client = client_for(director)
    response = client.get(
        reverse("reporting:export", args=["households"]), {"year": 2025, "format": "csv"}
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    report = Report.objects.get()
    assert (report.kind, report.status, report.requested_by) == ("households", "done", director)
    assert report.parameters == {"sites": [], "year": 2025, "format": "csv"}
    assert not report.file and report.finished_at is not None


def test_the_control_pack_is_never_answered_at_once(pack_world, auditor, client_for):
    response = client_for(auditor).get(
        reverse("reporting:export", args=["control_pack"]), {"grant": pack_world["grant"].pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:control_packs")
    assert not Report.objects.exists()


def test_the_yearly_report_file_gets_its_sha256(
    programme, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            by=director, kind="yearly_report", parameters={"year": 2025, "sites": []}
        )
    report.refresh_from_db()
    assert report.sha256 == hashlib.sha256(report.file.read()).hexdigest()


def _reports(users, count: int) -> None:
    kinds = ["households", "indicators", "yearly_report", "control_pack"]
    Report.objects.bulk_create(
        Report(
            kind=kinds[n % len(kinds)],
            parameters={"year": 2025, "sites": []} if n % 4 != 3 else {"grant": 1, "year": 2026},
            requested_by=users[n % len(users)],
            status=ReportStatus.DONE,
        )
        for n in range(count)
    )


def test_directors_see_every_report_and_export_with_filters(
    director, auditor, coordinator, client_for
):
    _reports([director, auditor, coordinator], 12)
    client = client_for(director)
    page = client.get(reverse("reporting:report_history"))
    assert page.status_code == 200
    assert page.content.decode().count('id="report-') == 12
    only = client.get(
        reverse("reporting:report_history"), {"kind": "households", "requested_by": director.pk}
    )
    rows = only.context["page"].object_list
    assert {(r.kind, r.requested_by_id) for r in rows} == {("households", director.pk)}
    today = timezone.localdate().isoformat()
    assert (
        len(
            client.get(reverse("reporting:report_history"), {"start": today})
            .context["page"]
            .object_list
        )
        == 12
    )
    assert (
        not client.get(reverse("reporting:report_history"), {"end": "2020-01-01"})
        .context["page"]
        .object_list
    )
    bad = client.get(
        reverse("reporting:report_history"), {"requested_by": "x", "start": "2026-13-01"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors


def test_the_list_of_every_report_reads_a_fixed_number_of_queries(
    director, auditor, coordinator, client_for
):
    client = client_for(director)
    _reports([director, auditor, coordinator], 4)  # one of them a pack: its grant is read
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:report_history"))
    _reports([director, auditor, coordinator], 46)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("reporting:report_history"))
    assert len(response.context["page"].object_list) == 50
    assert len(many) == len(few)


@pytest.mark.parametrize("role", ["auditor", "coordinator", "social_worker"])
def test_only_directors_see_the_list_of_every_report(role, request, client_for):
    user = request.getfixturevalue(role)
    assert client_for(user).get(reverse("reporting:report_history")).status_code == 403


def test_auditors_follow_only_their_own_packs(director, auditor, client_for):
    theirs = Report.objects.create(kind="control_pack", parameters={}, requested_by=director)
    client = client_for(auditor)
    assert client.get(reverse("reporting:report_progress", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("reporting:report_download", args=[theirs.pk])).status_code == 404


# --- a real Celery worker (CELERY_INTEGRATION=required in CI) --------------------------------


@pytest.fixture
def _worker_media(settings, monkeypatch):
    """The worker stores the pack in this test's media folder, where the test reads it."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.fixture
def pack_worker(_worker_media, request):
    """A worker of its own, started as tests/followups/test_worker_integration.py does (its
    worker_queue fixture, imported above), once the media folder is set."""
    return request.getfixturevalue("worker_queue")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_pack_with_its_progress(
    pack_worker, site_a, director, coordinator, social_worker, auditor
):
    reload_territories()
    world = build(
        site=site_a, director=director, coordinator=coordinator, social_worker=social_worker
    )
    # Created as report_request does, then sent to this worker's queue (not the default one).
    report = Report.objects.create(
        kind="control_pack", parameters={"grant": world["grant"].pk}, requested_by=auditor
    )
    generate_report_task.apply_async(args=[report.pk], queue=pack_worker).get(timeout=120)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert report.progress == 100
    archive = open_pack(report)
    assert hashlib.sha256(report.file.open("rb").read()).hexdigest() == report.sha256
    assert "beneficiaries.csv" in archive.namelist()

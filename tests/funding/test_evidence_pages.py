"""The evidence pages: recording a document with its scan, downloading it, checking it, the
funding section of the household page and the work list of evidence to collect."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import services
from funding.models import EligibilityEvidence, EvidenceKind
from households.models import ProtectionStatus, Relation
from tests.factories import make_household, make_person

from .factories import attend_workshop, days_from_today, make_grant, pdf_upload

pytestmark = pytest.mark.django_db


def record(person, by, **fields):
    values = {
        "kind": EvidenceKind.OFPRA_DECISION,
        "number": "OFPRA-123456",
        "issued_on": days_from_today(-200),
    }
    values.update(fields)
    return services.evidence_record(by=by, person=person, **values)


def form_data(**changes):
    data = {
        "kind": EvidenceKind.REFUGEE_RESIDENT_CARD,
        "number": "IDF-9988",
        "issued_on": days_from_today(-30).isoformat(),
        "expires_on": days_from_today(3000).isoformat(),
    }
    data.update(changes)
    return data


def test_social_worker_records_evidence_with_its_scan(client, social_worker, refugee):
    client.force_login(social_worker)
    url = reverse("funding:evidence_create", args=[refugee.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**form_data(), "scan": pdf_upload()})
    assert response.status_code == 302
    assert response["Location"].startswith(refugee.household.get_absolute_url())
    evidence = EligibilityEvidence.objects.get()
    assert (evidence.person, evidence.number, evidence.recorded_by) == (
        refugee,
        "IDF-9988",
        social_worker,
    )
    # The file keeps no part of its original name (it may hold the person's name).
    assert "Haidari" not in evidence.scan.name


@pytest.mark.parametrize("role", ["director", "auditor"])
def test_readers_cannot_record_evidence(client, request, role, refugee):
    client.force_login(request.getfixturevalue(role))
    url = reverse("funding:evidence_create", args=[refugee.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data()).status_code == 403
    assert not EligibilityEvidence.objects.exists()


def test_evidence_of_another_site_is_not_found(client, social_worker_b, refugee):
    client.force_login(social_worker_b)
    url = reverse("funding:evidence_create", args=[refugee.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404


def test_invalid_evidence_shows_french_errors_on_the_fields(client, social_worker, refugee):
    client.force_login(social_worker)
    url = reverse("funding:evidence_create", args=[refugee.pk])
    data = form_data(number="", expires_on=days_from_today(-60).isoformat())
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["number"] == ["Ce champ est obligatoire."]
    assert errors["expires_on"] == ["Un document ne peut pas expirer avant d’avoir été délivré."]
    assert 'id="error_1_id_number"' in response.content.decode()
    assert not EligibilityEvidence.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf"),
            "Le contenu du fichier",
        ),
        (SimpleUploadedFile("scan.docx", b"PK\x03\x04"), "Seuls les fichiers PDF, JPEG ou PNG"),
    ],
)
def test_scan_that_is_not_a_pdf_or_image_is_refused(
    client, social_worker, refugee, upload, message
):
    client.force_login(social_worker)
    url = reverse("funding:evidence_create", args=[refugee.pk])
    response = client.post(url, {**form_data(), "scan": upload}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response.context["form"].errors["scan"][0].startswith(message)
    assert not EligibilityEvidence.objects.exists()


def test_scan_too_large_is_refused(client, settings, social_worker, refugee):
    settings.MAX_UPLOAD_MB = 1
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    client.force_login(social_worker)
    url = reverse("funding:evidence_create", args=[refugee.pk])
    response = client.post(url, {**form_data(), "scan": big}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response.context["form"].errors["scan"] == [
        "Le fichier est trop volumineux (1 Mo au plus)."
    ]
    assert not EligibilityEvidence.objects.exists()


@pytest.mark.parametrize("role", ["social_worker", "coordinator", "director", "auditor"])
def test_scan_is_downloaded_by_those_who_read_the_household(
    client, request, role, social_worker, refugee
):
    evidence = record(refugee, social_worker, scan=pdf_upload())
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("funding:evidence_scan", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_scan_is_not_found_outside_the_site_or_without_a_file(
    client, social_worker, social_worker_b, refugee
):
    with_scan = record(refugee, social_worker, scan=pdf_upload())
    without = record(refugee, social_worker, number="SANS-SCAN")
    client.force_login(social_worker_b)
    assert client.get(reverse("funding:evidence_scan", args=[with_scan.pk])).status_code == 404
    client.force_login(social_worker)
    assert client.get(reverse("funding:evidence_scan", args=[without.pk])).status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "director", "admin_user"])
def test_evidence_is_checked_by_someone_else_than_who_recorded_it(
    client, request, role, social_worker, refugee
):
    evidence = record(refugee, social_worker)
    checker = request.getfixturevalue(role)
    client.force_login(checker)
    assert client.get(reverse("funding:evidence_check", args=[evidence.pk])).status_code == 405
    response = client.post(reverse("funding:evidence_check", args=[evidence.pk]))
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.checked_by == checker


@pytest.mark.parametrize("role", ["social_worker", "auditor"])
def test_social_workers_and_auditors_cannot_check_evidence(
    client, request, role, coordinator, refugee
):
    evidence = record(refugee, coordinator)
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("funding:evidence_check", args=[evidence.pk])).status_code == 403
    evidence.refresh_from_db()
    assert not evidence.is_checked


def test_the_recorder_cannot_check_their_own_evidence(client, coordinator, refugee):
    evidence = record(refugee, coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("funding:evidence_check", args=[evidence.pk]), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    evidence.refresh_from_db()
    assert not evidence.is_checked


def test_household_page_shows_evidence_and_eligibility_per_grant(
    client, director, coordinator, social_worker, household, refugee, site_a
):
    eligible = make_grant(by=director, sites=[site_a], agreement_reference="FAMI-OK")
    make_grant(
        by=director,
        sites=[site_a],
        agreement_reference="REGION-SUB",
        eligible_statuses=[ProtectionStatus.SUBSIDIARY],
    )
    record(refugee, social_worker, number="OFPRA-777", scan=pdf_upload())
    attend_workshop(household=household, by=coordinator, date=days_from_today(-10))
    client.force_login(coordinator)
    response = client.get(household.get_absolute_url())
    page = response.content.decode()
    assert "OFPRA-777" in page
    assert reverse("funding:evidence_scan", args=[refugee.eligibility_evidence.get().pk]) in page
    assert reverse("funding:evidence_create", args=[refugee.pk]) in page
    grants = dict(response.context["funding"]["grants"])
    assert grants[eligible].eligible
    other = next(g for g in grants if g.agreement_reference == "REGION-SUB")
    assert grants[other].reason == "status_not_covered"


def test_auditor_sees_evidence_but_no_record_link(client, auditor, social_worker, refugee):
    record(refugee, social_worker, number="OFPRA-777")
    client.force_login(auditor)
    page = client.get(refugee.household.get_absolute_url()).content.decode()
    assert "OFPRA-777" in page
    assert reverse("funding:evidence_create", args=[refugee.pk]) not in page


def test_household_page_funding_queries_do_not_grow_with_grants(
    client, director, coordinator, social_worker, household, refugee, site_a
):
    record(refugee, social_worker)
    attend_workshop(household=household, by=coordinator, date=days_from_today(-10))
    make_grant(by=director, sites=[site_a])
    client.force_login(director)
    url = household.get_absolute_url()
    client.get(url)  # the first visit may create the session row

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    with_one = count()
    for _ in range(5):
        make_grant(by=director, sites=[site_a])
    make_person(household=household, by=social_worker, first_name="Nour", relation=Relation.CHILD)
    record(refugee, social_worker, number="SECOND")
    assert count() == with_one


def test_worklist_lists_missing_and_expiring_evidence(
    client, director, coordinator, social_worker, household, refugee, site_a
):
    make_grant(by=director, sites=[site_a])
    expiring = make_household(site=site_a, by=social_worker)
    expiring_member = make_person(
        household=expiring, by=social_worker, protection_status=ProtectionStatus.REFUGEE
    )
    record(expiring_member, social_worker, expires_on=days_from_today(20))
    valid = make_household(site=site_a, by=social_worker)
    valid_member = make_person(
        household=valid, by=social_worker, protection_status=ProtectionStatus.SUBSIDIARY
    )
    record(valid_member, social_worker, expires_on=days_from_today(400))
    client.force_login(coordinator)
    response = client.get(reverse("funding:evidence_worklist"))
    rows = {row["household"]: row for row in response.context["rows"]}
    assert rows[household]["missing"]
    assert rows[expiring]["expires_on"] == days_from_today(20)
    assert valid not in rows


def test_worklist_filters_on_a_grant_and_ignores_a_bad_value(
    client, director, coordinator, household, refugee, site_a, site_b
):
    make_grant(by=director, sites=[site_a], agreement_reference="FAMI-PARIS")
    other = make_grant(by=director, sites=[site_b], agreement_reference="FAMI-CRETEIL")
    client.force_login(director)
    url = reverse("funding:evidence_worklist")
    assert household in [r["household"] for r in client.get(url).context["rows"]]
    filtered = client.get(url, {"grant": other.pk})
    assert filtered.context["grant"] == other
    assert household not in [r["household"] for r in filtered.context["rows"]]
    for bad in ("abc", "999999", "1 OR 1=1"):
        response = client.get(url, {"grant": bad})
        assert response.status_code == 200
        assert response.context["grant"] is None
        assert household in [r["household"] for r in response.context["rows"]]
    # A coordinator of Paris cannot choose Créteil's grant: the page stays unfiltered.
    client.force_login(coordinator)
    assert client.get(url, {"grant": other.pk}).context["grant"] is None


def test_worklist_shows_only_the_users_sites(client, director, social_worker_b, refugee, site_a):
    make_grant(by=director, sites=[site_a])
    client.force_login(social_worker_b)
    response = client.get(reverse("funding:evidence_worklist"))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_worklist_queries_do_not_grow_with_households(
    client, director, coordinator, social_worker, site_a
):
    make_grant(by=director, sites=[site_a])
    client.force_login(coordinator)
    url = reverse("funding:evidence_worklist")
    client.get(url)

    def fill(n):
        for i in range(n):
            h = make_household(site=site_a, by=social_worker)
            member = make_person(
                household=h, by=social_worker, protection_status=ProtectionStatus.REFUGEE
            )
            if i % 2:
                record(member, social_worker, expires_on=days_from_today(10))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    fill(2)
    with_two = count()
    fill(8)
    assert count() == with_two

"""What an import writes, all of it or none of it, and who may run one."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from followups.models import FollowUp, FollowUpStatus
from followups.selectors import caseload_for, site_overview
from funding.models import EligibilityEvidence
from history_import import writing
from history_import.models import ImportRun, RunStatus
from history_import.preview import import_preview
from history_import.services import import_file
from households.models import Household, Person, Status
from interviews.models import Interview
from mobility_plans.models import MobilityPlan, PlanStatus, Relocation
from tests.factories import make_household
from tests.history_import.files import counts, moved_case, run, withdrawn_case
from tests.history_import.helpers import csv_bytes, person_row
from workshops.models import Attendance, Workshop, WorkshopRegistration

pytestmark = pytest.mark.django_db

D = datetime.date
# Four months after case A's move (14/03/2020), six after case B's (25/01/2020).
TODAY = D(2020, 7, 20)


@pytest.fixture(autouse=True)
def _english_and_media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The users of these tests never log in: a fast hasher keeps the file well under a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(
        datetime.datetime(2020, 7, 20, 10, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


def history_rows() -> list[dict]:
    """Case A moved and was followed up; B moved and missed its first follow-up; C withdrew."""
    return [
        moved_case(
            "A",
            evidence_kind="ofpra_decision",
            evidence_number="OF-2018-1",
            evidence_issued_on="10/11/2018",
            followup_1="15/04/2020",
            followup_1_housing="oui",
        ),
        person_row("A", "Haddad", "Omar", relation="child", workshop_dates="18/02/2019"),
        person_row("A", "Haddad", "Karim", relation="spouse", moved="non"),
        moved_case(
            "B",
            "Nour",
            "Sami",
            birth_date="01/01/1990",
            workshop_dates="",
            moved_on="25/01/2020",
            social_worker="ts.a",
            followup_1="manqué 28/02/2020",
        ),
        withdrawn_case(
            "C",
            "Rahimi",
            "Leila",
            referral_date="05/05/2019",
            diagnostic_on="06/05/2019",
            plan_interview_on="07/05/2019",
        ),
    ]


@pytest.fixture
def imported(frozen, site_a, coordinator, social_worker):
    import_run = run(history_rows(), site=site_a, by=coordinator)
    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    return import_run


def household(key) -> Household:
    return Household.objects.get(import_key=key)


# --- nothing written but what is asked ---------------------------------------------------------


def test_dry_run_writes_nothing(frozen, site_a, coordinator, social_worker):
    before = counts()

    import_run = run(history_rows(), site=site_a, by=coordinator, dry_run=True)

    assert counts() == before
    assert import_run.status == RunStatus.CHECKED
    assert import_run.errors == []
    assert [case["action"] for case in import_run.cases] == ["create"] * 3
    assert import_run.summary["households"] == 3
    assert import_run.summary["persons"] == 5


def test_preview_writes_nothing_not_even_a_run(frozen, site_a, coordinator, social_worker):
    before = counts()

    preview = import_preview(
        csv_bytes(history_rows()), name="cases.csv", site=site_a, user=coordinator
    )

    assert counts() == before
    assert not ImportRun.objects.exists()
    assert preview.errors == []
    assert [case.key for case in preview.to_create] == ["A", "B", "C"]


def test_failure_while_writing_leaves_nothing_of_the_file(
    frozen, site_a, coordinator, social_worker, monkeypatch
):
    def broken(self, cases, households, relocations):
        assert Household.objects.filter(site=site_a).count() == 3  # written, then undone
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing.Writer, "_followups", broken)
    before = counts()

    with pytest.raises(RuntimeError, match="disk full"):
        run(history_rows(), site=site_a, by=coordinator)

    assert counts() == before
    assert not Household.history.exists()
    failed = ImportRun.objects.get()
    assert failed.status == RunStatus.FAILED
    assert failed.failure == "The import stopped and nothing was written: RuntimeError"
    # The references reserved by the failed import are given again.
    later = make_household(site=site_a, by=social_worker, referral_date=D(2019, 2, 4))
    assert later.reference == "CDF-2019-0001"


@pytest.mark.parametrize("who", ["social_worker", "coordinator_of_another_site"])
def test_only_a_coordinator_of_the_site_imports(request, site_a, site_b, who):
    user = request.getfixturevalue("social_worker" if who == "social_worker" else "coordinator")
    site = site_a if who == "social_worker" else site_b

    with pytest.raises(PermissionDenied):
        import_file(csv_bytes([moved_case()]), name="c.csv", site=site, by=user, dry_run=False)

    assert not ImportRun.objects.exists()
    assert not Household.objects.exists()


def test_an_administrator_imports_for_any_site(site_b, admin_user):
    import_run = run([withdrawn_case()], site=site_b, by=admin_user)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    assert household("2019-020").site == site_b


# --- the records written -----------------------------------------------------------------------


def test_households_keep_their_case_number_status_and_story(imported):
    a, b, c = household("A"), household("B"), household("C")

    assert (a.status, b.status, c.status) == (
        Status.FOLLOWED_UP,
        Status.RELOCATED,
        Status.WITHDRAWN,
    )
    assert c.withdrawal_reason == "lost_contact"
    changes = [
        (s.from_status, s.to_status, s.occurred_on, s.source)
        for s in a.status_changes.order_by("pk")
    ]
    assert changes == [
        ("", Status.REFERRED, D(2019, 2, 4), "registration"),
        (Status.REFERRED, Status.INFORMED, D(2019, 2, 18), "workshop"),
        (Status.INFORMED, Status.DIAGNOSED, D(2019, 2, 25), "interview"),
        (Status.DIAGNOSED, Status.PLAN_SIGNED, D(2019, 3, 11), "mobility_plan"),
        (Status.PLAN_SIGNED, Status.RELOCATED, D(2020, 3, 14), "relocation"),
        (Status.RELOCATED, Status.FOLLOWED_UP, D(2020, 4, 15), "followup"),
    ]
    assert [(s.to_status, s.occurred_on, s.reason) for s in c.status_changes.order_by("pk")] == [
        (Status.REFERRED, D(2019, 5, 5), ""),
        (Status.DIAGNOSED, D(2019, 5, 6), ""),
        (Status.WITHDRAWN, D(2019, 6, 1), "lost_contact"),
    ]


def test_what_the_archive_did_not_keep_stays_empty(imported):
    omar = Person.objects.get(first_name="Omar")

    assert (omar.sex, omar.birth_date) == ("", None)
    interviews = Interview.objects.filter(household=household("A"))
    assert interviews.count() == 2
    assert {(i.social_worker_id, i.duration_minutes) for i in interviews} == {(None, None)}


def test_workshop_of_the_day_with_everyone_present(imported):
    workshop = Workshop.objects.get()

    assert (workshop.date, workshop.imported) == (D(2019, 2, 18), True)
    assert (workshop.start_time, workshop.end_time) == (None, None)
    registrations = WorkshopRegistration.objects.filter(workshop=workshop)
    assert sorted(registrations.values_list("person__first_name", flat=True)) == [
        "Amina",
        "Omar",
    ]
    assert set(registrations.values_list("attendance", flat=True)) == {Attendance.PRESENT}


def test_plan_signed_on_its_interview_day_or_left_a_draft(imported):
    realised = MobilityPlan.objects.get(household=household("A"))
    draft = MobilityPlan.objects.get(household=household("C"))

    assert (realised.status, realised.signed_on, realised.lever) == (
        PlanStatus.REALISED,
        D(2019, 3, 11),
        "housing",
    )
    assert (draft.status, draft.signed_on, draft.lever) == (PlanStatus.DRAFT, None, "")


def test_who_stayed_behind_is_not_relocated(imported):
    relocation = Relocation.objects.get(household=household("A"))

    assert sorted(relocation.persons.values_list("first_name", flat=True)) == ["Amina", "Omar"]
    assert sorted(relocation.plan.persons.values_list("first_name", flat=True)) == [
        "Amina",
        "Omar",
    ]
    assert household("A").members.count() == 3


def test_followups_done_missed_not_recorded_or_scheduled(imported):
    def statuses(key):
        return list(
            FollowUp.objects.filter(household=household(key))
            .order_by("months_after")
            .values_list("months_after", "status", "done_on", "missed_on")
        )

    assert statuses("A") == [
        (1, FollowUpStatus.DONE, D(2020, 4, 15), None),
        (3, FollowUpStatus.NOT_RECORDED, None, None),
        (6, FollowUpStatus.SCHEDULED, None, None),
        (12, FollowUpStatus.SCHEDULED, None, None),
    ]
    assert statuses("B") == [
        (1, FollowUpStatus.MISSED, None, D(2020, 2, 28)),
        (3, FollowUpStatus.NOT_RECORDED, None, None),
        (6, FollowUpStatus.SCHEDULED, None, None),
        (12, FollowUpStatus.SCHEDULED, None, None),
    ]
    assert FollowUp.objects.get(household=household("A"), months_after=1).housing_kept is True


def test_followups_not_recorded_are_no_work_and_never_late(imported, social_worker, coordinator):
    caseload = caseload_for(user=social_worker, today=TODAY)

    # B's follow-up at 6 months (25/07) falls due this week; its 3 months (25/04) was not kept.
    assert [(f.household.import_key, f.months_after) for f in caseload.followups_due] == [("B", 6)]
    assert caseload.followups_overdue == []
    assert site_overview(user=coordinator, today=TODAY)["late_followups"] == []
    assert not FollowUp.objects.overdue(TODAY).exists()


def test_every_record_names_the_file_in_its_single_history_entry(imported):
    sha256 = hashlib.sha256(csv_bytes(history_rows())).hexdigest()
    assert imported.sha256 == sha256

    for model in (Household, Person, FollowUp, EligibilityEvidence):
        objects = list(model.objects.all())
        assert objects, model
        entries = list(model.history.values_list("id", "history_change_reason"))
        assert sorted(pk for pk, _reason in entries) == sorted(o.pk for o in objects), model
        assert all(sha256 in reason for _pk, reason in entries), model
    assert EligibilityEvidence.objects.get().number == "OF-2018-1"


def test_references_follow_those_already_given(frozen, site_a, coordinator, social_worker):
    by_hand = make_household(site=site_a, by=social_worker, referral_date=D(2019, 1, 10))
    rows = [
        withdrawn_case("A", "Un", "Ali"),
        withdrawn_case(
            "B",
            "Deux",
            "Badr",
            referral_date="03/03/2020",
            diagnostic_on="",
            plan_interview_on="",
            withdrawn_on="04/03/2020",
        ),
        withdrawn_case("C", "Trois", "Chadi"),
    ]

    import_run = run(rows, site=site_a, by=coordinator)

    assert import_run.status == RunStatus.IMPORTED, import_run.errors
    assert by_hand.reference == "CDF-2019-0001"
    assert dict(
        Household.objects.exclude(pk=by_hand.pk).values_list("import_key", "reference")
    ) == {
        "A": "CDF-2019-0002",
        "B": "CDF-2020-0001",
        "C": "CDF-2019-0003",
    }
    later = make_household(site=site_a, by=social_worker, referral_date=D(2019, 12, 1))
    assert later.reference == "CDF-2019-0004"

import datetime

import pytest
from django.utils import translation

from households.funnel import household_transition
from households.models import Status
from households.timeline import timeline_for_household
from interviews.models import DiagnosticAssessment, Interview, Kind
from interviews.services import InterviewRuleError
from mobility_plans.models import MobilityPlan, PlanStatus
from tests.factories import make_household, make_person
from tests.interviews.builders import (
    days_ago,
    record_diagnostic,
    record_interview,
    record_plan_interview,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in the source language."""
    with translation.override("en"):
        yield


def _status(household):
    household.refresh_from_db()
    return household.status


def test_diagnostic_stores_the_assessment_and_moves_household_to_diagnosed(
    household, person, social_worker
):
    interview = record_diagnostic(
        household=household,
        by=social_worker,
        held_on=days_ago(5),
        assessment={"french_level": "B1", "debts": "Loyer impayé", "accepts_rural": True},
    )

    assert interview.assessment.french_level == "B1"
    assert interview.assessment.accepted_places() == ["a rural area"]
    assert list(interview.persons_present.all()) == [person]
    assert _status(household) == Status.DIAGNOSED
    change = household.status_changes.get(to_status=Status.DIAGNOSED)
    assert change.occurred_on == days_ago(5)
    assert change.source == "interview"


def test_plan_interview_needs_diagnostic(household, person, social_worker):
    with pytest.raises(InterviewRuleError, match="diagnostic"):
        record_plan_interview(household=household, by=social_worker, signed_on=days_ago(1))

    assert not Interview.objects.exists()
    assert not MobilityPlan.objects.exists()
    assert _status(household) == Status.REFERRED


def test_plan_interview_needs_a_diagnostic_held_before_it(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker, held_on=days_ago(3))

    with pytest.raises(InterviewRuleError):
        record_plan_interview(household=household, by=social_worker, held_on=days_ago(4))

    assert Interview.objects.count() == 1
    assert not MobilityPlan.objects.exists()


def test_plan_interview_with_signed_plan_moves_household_to_plan_signed(
    household, person, social_worker
):
    record_diagnostic(household=household, by=social_worker, held_on=days_ago(20))
    plan = record_plan_interview(
        household=household, by=social_worker, held_on=days_ago(10), signed_on=days_ago(9)
    )

    assert plan.status == PlanStatus.SIGNED
    assert plan.interview.kind == Kind.MOBILITY_PLAN
    assert [t.preference for t in plan.targets.all()] == [1, 2]
    assert plan.targets.first().departement_id == "35"
    assert plan.steps.count() == 2
    assert _status(household) == Status.PLAN_SIGNED
    assert household.status_changes.get(to_status=Status.PLAN_SIGNED).occurred_on == days_ago(9)


def test_plan_interview_without_signature_keeps_a_draft(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker)
    plan = record_plan_interview(household=household, by=social_worker)

    assert plan.status == PlanStatus.DRAFT
    assert _status(household) == Status.DIAGNOSED


def test_other_interview_leaves_the_funnel_alone(household, person, social_worker):
    record_interview(household=household, by=social_worker, kind=Kind.OTHER)

    assert _status(household) == Status.REFERRED
    assert not DiagnosticAssessment.objects.exists()


def test_a_late_diagnostic_never_moves_the_household_backwards(household, person, social_worker):
    record_diagnostic(household=household, by=social_worker, held_on=days_ago(20))
    record_plan_interview(household=household, by=social_worker, signed_on=days_ago(9))

    record_diagnostic(household=household, by=social_worker, held_on=days_ago(2))

    assert _status(household) == Status.PLAN_SIGNED


def test_diagnostic_of_a_household_on_hold_is_kept_without_moving_it(
    household, person, social_worker
):
    household_transition(
        household=household, to_status=Status.ON_HOLD, by=social_worker, comment="Hospitalisation"
    )

    record_diagnostic(household=household, by=social_worker, held_on=days_ago(1))

    assert _status(household) == Status.ON_HOLD
    assert Interview.objects.count() == 1


def test_interview_cannot_be_dated_in_the_future(household, person, social_worker):
    with pytest.raises(InterviewRuleError, match="future"):
        record_diagnostic(
            household=household,
            by=social_worker,
            held_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert not Interview.objects.exists()


def test_interview_cannot_be_dated_before_the_referral(household, person, social_worker):
    with pytest.raises(InterviewRuleError, match="referral"):
        record_diagnostic(
            household=household,
            by=social_worker,
            held_on=household.referral_date - datetime.timedelta(days=1),
        )


def test_only_members_of_the_household_can_be_present(household, person, social_worker):
    other = make_household(site=household.site, by=social_worker)
    stranger = make_person(household=other, by=social_worker, first_name="Omar")

    with pytest.raises(InterviewRuleError):
        record_diagnostic(household=household, by=social_worker, persons_present=[stranger])


def test_social_worker_of_another_site_cannot_hold_the_interview(
    household, person, social_worker, social_worker_b
):
    with pytest.raises(InterviewRuleError, match="site"):
        record_diagnostic(household=household, by=social_worker, social_worker=social_worker_b)


def test_interviews_appear_on_the_timeline_without_their_notes(
    household, person, social_worker, auditor
):
    record_diagnostic(household=household, by=social_worker, notes="Confidentiel: dettes")
    record_plan_interview(household=household, by=social_worker, signed_on=days_ago(9))

    for user in (social_worker, auditor):
        entries = timeline_for_household(household=household, user=user)
        titles = [e.title for e in entries if e.kind == "interview"]
        assert len(titles) == 2
        assert not any("Confidentiel" in f"{e.title} {e.detail}" for e in entries)

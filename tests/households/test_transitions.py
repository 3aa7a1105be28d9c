import datetime
import itertools

import pytest
from django.utils import timezone

from households import funnel
from households.models import Household, Status, StatusChange, WithdrawalReason
from households.transitions import TransitionError, allowed_targets
from tests.factories import make_household

pytestmark = pytest.mark.django_db

ALL = list(Status)


def _at(status, *, site, by):
    """A household standing at `status`, reached through the real services."""
    household = make_household(site=site, by=by)
    path = {
        Status.REFERRED: [],
        Status.INFORMED: [Status.INFORMED],
        Status.DIAGNOSED: [Status.INFORMED, Status.DIAGNOSED],
        Status.PLAN_SIGNED: [Status.INFORMED, Status.DIAGNOSED, Status.PLAN_SIGNED],
        Status.RELOCATED: [Status.DIAGNOSED, Status.PLAN_SIGNED, Status.RELOCATED],
        Status.FOLLOWED_UP: [
            Status.DIAGNOSED,
            Status.PLAN_SIGNED,
            Status.RELOCATED,
            Status.FOLLOWED_UP,
        ],
        Status.CLOSED: [Status.DIAGNOSED, Status.PLAN_SIGNED, Status.RELOCATED, Status.CLOSED],
        Status.WITHDRAWN: [Status.WITHDRAWN],
        Status.ON_HOLD: [Status.INFORMED, Status.ON_HOLD],
    }[status]
    for step in path:
        funnel.household_transition(
            household=household,
            to_status=step,
            by=by,
            reason=WithdrawalReason.LOST_CONTACT if step == Status.WITHDRAWN else "",
            comment="Hospitalisation" if step == Status.ON_HOLD else "",
        )
    household.refresh_from_db()
    assert household.status == status
    return household


def _forbidden_pairs():
    for origin, target in itertools.product(ALL, ALL):
        before_hold = Status.INFORMED if origin == Status.ON_HOLD else ""
        if target not in allowed_targets(origin, before_hold):
            yield origin, target


@pytest.mark.parametrize(("origin", "target"), list(_forbidden_pairs()))
def test_every_forbidden_status_change_is_refused_and_changes_nothing(
    origin, target, site_a, social_worker
):
    household = _at(origin, site=site_a, by=social_worker)
    changes_before = StatusChange.objects.filter(household=household).count()
    history_before = household.history.count()

    with pytest.raises(TransitionError) as refused:
        funnel.household_transition(
            household=household,
            to_status=target,
            by=social_worker,
            reason=WithdrawalReason.OTHER,
            comment="un motif",
        )

    assert str(refused.value.message)
    fresh = Household.objects.get(pk=household.pk)
    assert fresh.status == origin
    assert StatusChange.objects.filter(household=household).count() == changes_before
    assert fresh.history.count() == history_before


def test_funnel_moves_forward_one_step_and_records_its_date(household, social_worker):
    day = timezone.localdate() - datetime.timedelta(days=3)
    funnel.household_transition(
        household=household, to_status=Status.INFORMED, by=social_worker, occurred_on=day
    )
    change = household.status_changes.last()
    assert (change.from_status, change.to_status, change.occurred_on) == (
        Status.REFERRED,
        Status.INFORMED,
        day,
    )
    assert change.changed_by == social_worker


def test_first_information_may_be_the_diagnostic_interview(household, social_worker):
    # A household may skip the workshop: the diagnostic interview informs it.
    funnel.household_transition(household=household, to_status=Status.DIAGNOSED, by=social_worker)
    household.refresh_from_db()
    assert household.status == Status.DIAGNOSED
    assert list(household.status_changes.values_list("to_status", flat=True)) == [
        Status.REFERRED,
        Status.DIAGNOSED,
    ]


def test_status_page_offers_no_closing_by_hand(client_for, site_a, social_worker):
    # Closing goes through the follow-ups, which refuse it while a follow-up is open.
    household = _at(Status.FOLLOWED_UP, site=site_a, by=social_worker)
    url = f"/households/{household.pk}/status/"
    client = client_for(social_worker)
    choices = dict(client.get(url).context["form"].fields["to_status"].choices)
    assert Status.CLOSED not in choices
    response = client.post(
        url, {"to_status": Status.CLOSED, "occurred_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert "to_status" in response.context["form"].errors
    household.refresh_from_db()
    assert household.status == Status.FOLLOWED_UP


def test_withdrawal_needs_a_reason(household, social_worker):
    with pytest.raises(TransitionError):
        funnel.household_transition(
            household=household, to_status=Status.WITHDRAWN, by=social_worker
        )
    funnel.household_transition(
        household=household,
        to_status=Status.WITHDRAWN,
        by=social_worker,
        reason=WithdrawalReason.SOLUTION_IN_IDF,
    )
    household.refresh_from_db()
    assert household.withdrawal_reason == WithdrawalReason.SOLUTION_IN_IDF


def test_hold_needs_an_explanation_and_resumes_where_it_stopped(site_a, social_worker):
    household = _at(Status.DIAGNOSED, site=site_a, by=social_worker)
    with pytest.raises(TransitionError):
        funnel.household_transition(
            household=household, to_status=Status.ON_HOLD, by=social_worker, comment="  "
        )
    funnel.household_transition(
        household=household, to_status=Status.ON_HOLD, by=social_worker, comment="Maladie"
    )
    assert allowed_targets(Status.ON_HOLD, Status.DIAGNOSED) == {
        Status.DIAGNOSED,
        Status.WITHDRAWN,
    }
    with pytest.raises(TransitionError):
        funnel.household_transition(
            household=household, to_status=Status.INFORMED, by=social_worker
        )
    funnel.household_transition(household=household, to_status=Status.DIAGNOSED, by=social_worker)
    household.refresh_from_db()
    assert household.status == Status.DIAGNOSED
    assert household.status_before_hold == ""


def test_status_change_cannot_be_dated_in_the_future_or_before_referral(household, social_worker):
    for day in (
        timezone.localdate() + datetime.timedelta(days=1),
        household.referral_date - datetime.timedelta(days=1),
    ):
        with pytest.raises(TransitionError):
            funnel.household_transition(
                household=household, to_status=Status.INFORMED, by=social_worker, occurred_on=day
            )
    household.refresh_from_db()
    assert household.status == Status.REFERRED


def test_reach_step_moves_only_forward(site_a, social_worker):
    household = _at(Status.DIAGNOSED, site=site_a, by=social_worker)
    moved = funnel.household_reach_step(
        household=household,
        status=Status.INFORMED,
        by=social_worker,
        occurred_on=timezone.localdate(),
        source="workshop",
    )
    assert moved is False
    household.refresh_from_db()
    assert household.status == Status.DIAGNOSED

    referred = make_household(site=site_a, by=social_worker)
    assert funnel.household_reach_step(
        household=referred,
        status=Status.INFORMED,
        by=social_worker,
        occurred_on=timezone.localdate(),
        source="workshop",
    )
    assert referred.status_changes.last().source == "workshop"


def test_reach_step_leaves_a_withdrawn_household_alone(site_a, social_worker):
    household = _at(Status.WITHDRAWN, site=site_a, by=social_worker)
    assert not funnel.household_reach_step(
        household=household,
        status=Status.INFORMED,
        by=social_worker,
        occurred_on=timezone.localdate(),
        source="workshop",
    )


def test_status_page_refuses_an_impossible_move_with_a_message(client_for, site_a, social_worker):
    household = _at(Status.WITHDRAWN, site=site_a, by=social_worker)
    client = client_for(social_worker)
    response = client.post(
        f"/households/{household.pk}/status/",
        {"to_status": Status.ON_HOLD, "occurred_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    household.refresh_from_db()
    assert household.status == Status.WITHDRAWN


def test_status_page_withdraws_with_reason(client_for, household, social_worker):
    response = client_for(social_worker).post(
        f"/households/{household.pk}/status/",
        {
            "to_status": Status.WITHDRAWN,
            "occurred_on": timezone.localdate().isoformat(),
            "reason": WithdrawalReason.LOST_CONTACT,
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == Status.WITHDRAWN

import datetime

import pytest

from accounts.models import Role
from core.dates import add_months
from followups import services
from followups.models import FollowUp, FollowUpStatus
from followups.services import FollowupRuleError
from households.caseload import caseload_transfer
from households.funnel import household_close
from households.models import Household, Status, StatusChange
from households.services import HouseholdRuleError
from tests.factories import make_household, make_person, user_with_role
from tests.followups.helpers import OUTCOME, relocated_household, today
from tests.interviews.builders import days_ago

pytestmark = pytest.mark.django_db


def test_recording_a_relocation_schedules_follow_ups_at_1_3_6_and_12_months(site_a, social_worker):
    household, relocation = relocated_household(site=site_a, by=social_worker)

    followups = list(relocation.followups.order_by("due_on"))
    moved = relocation.moved_on
    assert [f.months_after for f in followups] == [1, 3, 6, 12]
    assert [f.due_on for f in followups] == [add_months(moved, m) for m in (1, 3, 6, 12)]
    assert {f.status for f in followups} == {FollowUpStatus.SCHEDULED}
    assert {f.household_id for f in followups} == {household.pk}
    assert household.status == Status.RELOCATED
    assert [f.history.get().history_user for f in followups] == [social_worker] * 4


def test_scheduling_twice_for_the_same_relocation_does_nothing(site_a, social_worker):
    _household, relocation = relocated_household(site=site_a, by=social_worker)

    assert services.followups_schedule_for_relocation(relocation=relocation, by=social_worker) == []
    assert relocation.followups.count() == 4


def test_months_are_added_calendar_wise_and_clamped_to_the_month_end():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)
    assert add_months(datetime.date(2025, 3, 10), 12) == datetime.date(2026, 3, 10)


def test_a_follow_up_date_can_be_changed_but_not_before_the_move(site_a, social_worker):
    _household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()

    services.followup_reschedule(
        followup=first, by=social_worker, due_on=today() + datetime.timedelta(days=3)
    )
    first.refresh_from_db()
    assert first.due_on == today() + datetime.timedelta(days=3)
    # The change history says who moved it.
    assert first.history.first().history_user == social_worker

    with pytest.raises(FollowupRuleError, match="before the move"):
        services.followup_reschedule(
            followup=first,
            by=social_worker,
            due_on=relocation.moved_on - datetime.timedelta(days=1),
        )
    first.refresh_from_db()
    assert first.due_on == today() + datetime.timedelta(days=3)


def test_moving_a_late_follow_up_ahead_clears_its_overdue_mark(site_a, social_worker):
    _household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()
    services.followup_reschedule(followup=first, by=social_worker, due_on=days_ago(1))
    FollowUp.objects.filter(pk=first.pk).update(marked_overdue_on=today())

    services.followup_reschedule(followup=first, by=social_worker, due_on=today())

    first.refresh_from_db()
    assert first.marked_overdue_on is None
    assert not first.is_overdue


def test_an_extra_follow_up_can_be_added_after_the_move(site_a, social_worker):
    household, relocation = relocated_household(site=site_a, by=social_worker)

    extra = services.followup_add(household=household, by=social_worker, due_on=today())

    assert extra.relocation == relocation
    assert extra.months_after is None
    assert household.followups.count() == 5


def test_no_follow_up_before_the_move_is_recorded(household, person, social_worker):
    with pytest.raises(FollowupRuleError, match="once the move"):
        services.followup_add(household=household, by=social_worker, due_on=today())
    assert not FollowUp.objects.exists()


def test_recording_the_first_follow_up_moves_the_household_to_followed_up(site_a, social_worker):
    household, relocation = relocated_household(site=site_a, by=social_worker)
    first, second = relocation.followups.order_by("due_on")[:2]

    services.followup_record(followup=first, by=social_worker, done_on=today(), **OUTCOME)

    first.refresh_from_db()
    household.refresh_from_db()
    assert first.status == FollowUpStatus.DONE
    assert first.done_on == today()
    assert first.recorded_by == social_worker
    assert first.location == "target_region"
    assert household.status == Status.FOLLOWED_UP
    change = household.status_changes.last()
    assert (change.to_status, change.source) == (Status.FOLLOWED_UP, "followup")

    # The next follow-up adds no second status change.
    services.followup_record(followup=second, by=social_worker, done_on=today(), **OUTCOME)
    assert (
        StatusChange.objects.filter(household=household, to_status=Status.FOLLOWED_UP).count() == 1
    )


def test_a_follow_up_cannot_be_recorded_in_the_future_or_before_the_move(site_a, social_worker):
    household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()

    with pytest.raises(FollowupRuleError, match="before it happens"):
        services.followup_record(
            followup=first,
            by=social_worker,
            done_on=today() + datetime.timedelta(days=1),
            **OUTCOME,
        )
    with pytest.raises(FollowupRuleError, match="before the move"):
        services.followup_record(followup=first, by=social_worker, done_on=days_ago(30), **OUTCOME)
    first.refresh_from_db()
    household.refresh_from_db()
    assert first.status == FollowUpStatus.SCHEDULED
    assert household.status == Status.RELOCATED


def test_closing_is_refused_while_a_follow_up_is_scheduled(site_a, social_worker):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    with pytest.raises(HouseholdRuleError, match="4 scheduled follow-up"):
        household_close(household=household, by=social_worker, reason="Déménagé")

    household.refresh_from_db()
    assert household.status == Status.RELOCATED


def test_a_coordinator_closes_early_only_with_a_reason(site_a, social_worker, coordinator):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    with pytest.raises(HouseholdRuleError, match="Explain why"):
        household_close(household=household, by=coordinator, reason="  ")

    household_close(household=household, by=coordinator, reason="Perdu de vue")

    household.refresh_from_db()
    assert household.status == Status.CLOSED
    change = household.status_changes.last()
    assert (change.to_status, change.comment, change.changed_by) == (
        Status.CLOSED,
        "Perdu de vue",
        coordinator,
    )


def test_a_coordinator_of_another_site_cannot_close_early(site_a, site_b, social_worker):
    other_coordinator = user_with_role(Role.COORDINATOR, site_b)
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    with pytest.raises(HouseholdRuleError, match="Only a coordinator"):
        household_close(household=household, by=other_coordinator, reason="Raison")


def test_the_household_closes_once_every_follow_up_is_done_or_missed(site_a, social_worker):
    household, relocation = relocated_household(site=site_a, by=social_worker)
    followups = list(relocation.followups.order_by("due_on"))
    for followup in followups[:3]:
        services.followup_record(followup=followup, by=social_worker, done_on=today(), **OUTCOME)
    services.followup_mark_missed(followup=followups[3], by=social_worker)

    household_close(household=household, by=social_worker)

    household.refresh_from_db()
    assert household.status == Status.CLOSED
    with pytest.raises(FollowupRuleError, match="no longer change"):
        services.followup_add(household=household, by=social_worker, due_on=today())


def test_a_household_not_yet_relocated_cannot_be_closed_here(household, social_worker, coordinator):
    with pytest.raises(HouseholdRuleError, match="relocated or followed-up"):
        household_close(household=household, by=coordinator, reason="x")
    household.refresh_from_db()
    assert household.status == Status.REFERRED


def test_bulk_transfer_moves_every_household_with_one_history_entry_each(
    site_a, social_worker, coordinator
):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    households = [
        make_household(site=site_a, by=social_worker, social_worker=social_worker) for _ in range(3)
    ]
    kept = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    before = {h.pk: h.history.count() for h in households}

    moved = caseload_transfer(households=households, to_social_worker=colleague, by=coordinator)

    assert moved == 3
    for household in households:
        household.refresh_from_db()
        assert household.social_worker == colleague
        assert household.history.count() == before[household.pk] + 1
        latest = household.history.first()
        assert (latest.history_user, latest.social_worker_id) == (coordinator, colleague.pk)
    kept.refresh_from_db()
    assert kept.social_worker == social_worker


def test_bulk_transfer_to_a_worker_of_another_site_changes_nothing(
    site_a, social_worker, social_worker_b, coordinator
):
    households = [
        make_household(site=site_a, by=social_worker, social_worker=social_worker) for _ in range(2)
    ]

    with pytest.raises(HouseholdRuleError, match="not a social worker of the site"):
        caseload_transfer(households=households, to_social_worker=social_worker_b, by=coordinator)

    assert set(
        Household.objects.filter(pk__in=[h.pk for h in households]).values_list(
            "social_worker", flat=True
        )
    ) == {social_worker.pk}


def test_only_a_coordinator_of_the_site_transfers_a_caseload(site_a, social_worker):
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.collegue")
    household = make_household(site=site_a, by=social_worker, social_worker=social_worker)
    make_person(household=household, by=social_worker)

    with pytest.raises(HouseholdRuleError, match="Only a coordinator"):
        caseload_transfer(households=[household], to_social_worker=colleague, by=social_worker)
    household.refresh_from_db()
    assert household.social_worker == social_worker

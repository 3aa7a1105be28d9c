"""History entered through the services: closing and missing on a past date, moves of long ago."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from core.dates import add_months
from followups import services
from followups.digest import due_digests_send
from followups.models import FollowUp, FollowUpStatus
from followups.selectors import caseload_for, site_overview
from followups.services import FollowupRuleError
from households.funnel import household_close
from households.models import Status
from households.services import HouseholdRuleError
from households.timeline import timeline_for_household
from tests.followups.helpers import OUTCOME, moved_in_the_past, relocated_household, today
from tests.interviews.builders import days_ago

pytestmark = pytest.mark.django_db

D = datetime.date
TOMORROW = datetime.timedelta(days=1)


def _all_missed(household, by, on=None):
    for followup in household.followups.all():
        services.followup_mark_missed(followup=followup, by=by, missed_on=on)


# --- closing on a date -------------------------------------------------------------------------


def test_closing_is_dated_on_the_day_given(site_a, social_worker):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    _all_missed(household, social_worker)

    household_close(household=household, by=social_worker, closed_on=today())

    change = household.status_changes.last()
    assert (change.to_status, change.occurred_on) == (Status.CLOSED, today())


def test_closing_defaults_to_today(site_a, social_worker):
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    _all_missed(household, social_worker)

    household_close(household=household, by=social_worker)

    assert household.status_changes.last().occurred_on == today()


def test_closing_is_refused_in_the_future_and_before_the_last_status_change(site_a, social_worker):
    household, _relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=D(2019, 4, 1)
    )

    with pytest.raises(HouseholdRuleError, match="still to come"):
        household_close(household=household, by=social_worker, closed_on=today() + TOMORROW)
    with pytest.raises(HouseholdRuleError, match="last status change"):
        household_close(household=household, by=social_worker, closed_on=D(2019, 3, 31))
    with pytest.raises(HouseholdRuleError, match="last status change"):
        # Before the referral, a fortiori.
        household_close(household=household, by=social_worker, closed_on=D(2018, 1, 1))

    household.refresh_from_db()
    assert household.status == Status.RELOCATED
    assert not household.status_changes.filter(to_status=Status.CLOSED).exists()


def test_the_closing_page_has_the_date_today_by_default(site_a, social_worker, client_for):
    household, _relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=D(2019, 4, 1)
    )
    client = client_for(social_worker)

    page = client.get(reverse("followups:close", args=[household.pk]))
    assert page.context["form"]["closed_on"].value() == today()

    response = client.post(
        reverse("followups:close", args=[household.pk]), {"closed_on": "2019-12-15", "reason": ""}
    )

    assert response.status_code == 302
    household.refresh_from_db()
    assert household.status == Status.CLOSED
    assert household.status_changes.last().occurred_on == D(2019, 12, 15)


def test_the_closing_page_refuses_a_future_date(site_a, social_worker, client_for):
    household, _relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=D(2019, 4, 1)
    )
    future = (today() + TOMORROW).isoformat()

    response = client_for(social_worker).post(
        reverse("followups:close", args=[household.pk]), {"closed_on": future, "reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    household.refresh_from_db()
    assert household.status == Status.RELOCATED


# --- missed on a date --------------------------------------------------------------------------


def test_a_follow_up_is_missed_on_the_day_given(site_a, social_worker):
    _household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()

    services.followup_mark_missed(followup=first, by=social_worker, missed_on=today())

    first.refresh_from_db()
    assert (first.status, first.missed_on) == (FollowUpStatus.MISSED, today())
    assert first.history.first().history_user == social_worker


def test_missed_defaults_to_today(site_a, social_worker):
    _household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()

    services.followup_mark_missed(followup=first, by=social_worker)

    first.refresh_from_db()
    assert first.missed_on == today()


def test_missed_is_refused_in_the_future_and_before_the_move(site_a, social_worker):
    _household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()

    with pytest.raises(FollowupRuleError, match="still to come"):
        services.followup_mark_missed(
            followup=first, by=social_worker, missed_on=today() + TOMORROW
        )
    with pytest.raises(FollowupRuleError, match="before the move"):
        services.followup_mark_missed(
            followup=first, by=social_worker, missed_on=relocation.moved_on - TOMORROW
        )

    first.refresh_from_db()
    assert (first.status, first.missed_on) == (FollowUpStatus.SCHEDULED, None)


def test_the_missed_page_takes_the_date(site_a, social_worker, client_for):
    household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()
    client = client_for(social_worker)
    url = reverse("followups:missed", args=[first.pk])

    assert url in client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert client.get(url).context["form"]["missed_on"].value() == today()
    response = client.post(url, {"missed_on": today().isoformat()})

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.missed_on) == (FollowUpStatus.MISSED, today())


def test_the_missed_page_refuses_a_future_date(site_a, social_worker, client_for):
    _household, relocation = relocated_household(site=site_a, by=social_worker)
    first = relocation.followups.order_by("due_on").first()

    response = client_for(social_worker).post(
        reverse("followups:missed", args=[first.pk]),
        {"missed_on": (today() + TOMORROW).isoformat()},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    first.refresh_from_db()
    assert first.status == FollowUpStatus.SCHEDULED


# --- moves entered as history ------------------------------------------------------------------


def test_a_2019_move_entered_as_history_has_its_follow_ups_not_recorded(site_a, social_worker):
    household, relocation = moved_in_the_past(site=site_a, by=social_worker, moved_on=D(2019, 4, 1))

    followups = list(relocation.followups.order_by("due_on"))
    assert [f.months_after for f in followups] == [1, 3, 6, 12]
    assert [f.due_on for f in followups] == [add_months(D(2019, 4, 1), m) for m in (1, 3, 6, 12)]
    assert {f.status for f in followups} == {FollowUpStatus.NOT_RECORDED}
    assert not any(f.is_overdue for f in followups)
    assert household.status == Status.RELOCATED


def test_not_recorded_follow_ups_stay_out_of_work_lists_digest_and_late_marks(
    site_a, social_worker, coordinator
):
    household, _relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=D(2019, 4, 1)
    )

    caseload = caseload_for(user=social_worker)
    assert caseload.followups_overdue == caseload.followups_due == []
    assert caseload.due_item_count == 0
    assert site_overview(user=coordinator)["late_followups"] == []

    result = due_digests_send()

    assert result["followups_marked"] == 0
    assert mail.outbox == []
    assert not FollowUp.objects.filter(marked_overdue_on__isnull=False).exists()
    # Nor are they events of the case: the timeline shows no missed follow-up.
    titles = " ".join(
        str(e.title) for e in timeline_for_household(household=household, user=social_worker)
    )
    assert "missed" not in titles


def test_not_recorded_follow_ups_do_not_hold_back_the_closing(site_a, social_worker):
    household, _relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=D(2019, 4, 1)
    )

    household_close(household=household, by=social_worker, closed_on=D(2020, 5, 1))

    household.refresh_from_db()
    assert household.status == Status.CLOSED


def test_an_outcome_found_in_the_archive_is_recorded_later(site_a, social_worker):
    household, relocation = moved_in_the_past(site=site_a, by=social_worker, moved_on=D(2019, 4, 1))
    first, second = relocation.followups.order_by("due_on")[:2]

    services.followup_record(followup=first, by=social_worker, done_on=D(2019, 5, 3), **OUTCOME)
    services.followup_mark_missed(followup=second, by=social_worker, missed_on=D(2019, 7, 8))

    first.refresh_from_db()
    second.refresh_from_db()
    household.refresh_from_db()
    assert (first.status, first.done_on) == (FollowUpStatus.DONE, D(2019, 5, 3))
    assert (second.status, second.missed_on) == (FollowUpStatus.MISSED, D(2019, 7, 8))
    assert household.status == Status.FOLLOWED_UP
    assert household.status_changes.last().occurred_on == D(2019, 5, 3)


def test_a_recent_move_entered_as_history_schedules_what_is_still_ahead(site_a, social_worker):
    moved_on = days_ago(40)
    _household, relocation = moved_in_the_past(site=site_a, by=social_worker, moved_on=moved_on)

    statuses = dict(relocation.followups.values_list("months_after", "status"))

    # +1 month fell due about ten days ago; +3, +6 and +12 months are still ahead.
    assert add_months(moved_on, 1) < today()
    assert statuses == {
        1: FollowUpStatus.NOT_RECORDED,
        3: FollowUpStatus.SCHEDULED,
        6: FollowUpStatus.SCHEDULED,
        12: FollowUpStatus.SCHEDULED,
    }


def test_a_move_of_last_month_entered_by_hand_schedules_as_before(site_a, social_worker):
    moved_on = days_ago(40)
    _household, relocation = moved_in_the_past(
        site=site_a, by=social_worker, moved_on=moved_on, historical=False
    )

    followups = list(relocation.followups.order_by("due_on"))
    assert {f.status for f in followups} == {FollowUpStatus.SCHEDULED}
    # Entered late by hand, the first one is late work, and the work list says so.
    assert caseload_for(user=social_worker).followups_overdue == [followups[0]]

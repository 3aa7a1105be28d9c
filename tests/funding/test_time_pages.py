"""The time pages: My time, timesheets and their signatures (staff costs: test_staff_cost_pages)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from core.dates import add_months
from funding import services
from funding.models import TimeEntry, TimesheetStatus, TimeSource
from tests.factories import user_with_role
from tests.interviews.builders import record_interview

from .factories import make_grant

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 20, 12, 0, tzinfo=datetime.UTC)
D = datetime.date
JUNE = D(2026, 6, 1)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client(client, settings):
    """Pages in English, so that refusals are matched on their English source."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def signed_grant(director, site_a):
    return make_grant(by=director, sites=[site_a], signed=True, agreement_reference="FAMI-A")


def add_hours(staff, *, day=None, hours="2", grant=None, activity="Réunion"):
    return services.time_entry_add(
        by=staff,
        staff=staff,
        date=day or D(2026, 6, 8),
        hours=Decimal(hours),
        activity=activity,
        grant=grant,
    )


def locked_june(*, staff, grant, director):
    sheet = services.timesheet_validate(staff=staff, grant=grant, month=JUNE, by=staff)
    return services.timesheet_countersign(timesheet=sheet, by=director)


def my_time(client, month="2026-06"):
    return client.get(reverse("funding:my_time"), {"month": month})


# My time


def test_my_time_groups_the_months_hours_by_grant(
    client, household, social_worker, director, site_a, signed_grant
):
    record_interview(household=household, by=social_worker, held_on=D(2026, 6, 5))
    add_hours(social_worker, activity="Visite d'un bailleur")
    add_hours(social_worker, day=D(2026, 5, 28), activity="Hors du mois")
    client.force_login(social_worker)
    response = my_time(client)
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [group.grant for group in groups] == [signed_grant, None]
    assert groups[0].hours == Decimal("1.00")
    assert [entry.activity for entry in groups[1].entries] == ["Visite d'un bailleur"]
    page = response.content.decode()
    assert "Hors du mois" not in page
    assert "Validate my timesheet of this month" in page


@pytest.mark.parametrize(
    "month", ["abc", "2026-13", "0001-01", "9999-12", "2026-06-01", "'; drop table", "9" * 300]
)
def test_a_bad_month_is_a_form_error_and_the_current_month(client, social_worker, month):
    add_hours(social_worker)
    client.force_login(social_worker)
    response = my_time(client, month)
    assert response.status_code == 200
    assert response.context["month_form"].errors
    assert response.context["month"] == JUNE
    assert "The current month is shown." in response.content.decode()


def test_my_time_is_refused_to_auditors(client, auditor):
    client.force_login(auditor)
    assert my_time(client).status_code == 403


def test_hours_added_by_hand_land_in_their_month(client, coordinator, signed_grant):
    client.force_login(coordinator)
    response = client.post(
        reverse("funding:time_entry_add"),
        {
            "date": "2026-05-12",
            "hours": "1.75",
            "activity": "Visite CADA",
            "grant": signed_grant.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:my_time") + "?month=2026-05"
    entry = TimeEntry.objects.get(staff=coordinator)
    assert (entry.hours, entry.grant, entry.source) == (
        Decimal("1.75"),
        signed_grant,
        TimeSource.MANUAL,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-06-25", "hours": "2", "activity": "Futur"}, "in the future"),
        ({"date": "2026-06-10", "hours": "30", "activity": "Trop"}, "less than or equal to 24"),
        ({"date": "2026-06-10", "hours": "abc", "activity": "x"}, "Enter a number"),
        ({"date": "demain", "hours": "2", "activity": "x"}, "Enter a valid date"),
        ({"date": "2026-06-10", "hours": "2", "activity": "x", "grant": "999999"}, "valid choice"),
    ],
)
def test_bad_hours_are_a_form_error_and_nothing_is_saved(client, social_worker, data, message):
    client.force_login(social_worker)
    response = client.post(reverse("funding:time_entry_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_a_day_of_more_than_24_hours_is_refused_in_the_form(client, social_worker):
    add_hours(social_worker, hours="23")
    client.force_login(social_worker)
    response = client.post(
        reverse("funding:time_entry_add"), {"date": "2026-06-08", "hours": "2", "activity": "x"}
    )
    assert response.status_code == 200
    assert "more than 24 hours" in response.content.decode()
    assert TimeEntry.objects.count() == 1


def test_unallocated_hours_are_allocated_to_a_grant(client, social_worker, signed_grant):
    entry = add_hours(social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("funding:time_entry_set_grant", args=[entry.pk]), {"grant": signed_grant.pk}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.grant == signed_grant


def test_nobody_reaches_another_persons_hours(client, social_worker, coordinator, director):
    entry = add_hours(social_worker)
    for user in (coordinator, director):
        client.force_login(user)
        assert client.post(reverse("funding:time_entry_delete", args=[entry.pk])).status_code == 404
        assert client.get(reverse("funding:time_entry_correct", args=[entry.pk])).status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_hand_hours_are_removed_activity_hours_are_not(client, household, social_worker):
    record_interview(household=household, by=social_worker, held_on=D(2026, 6, 5))
    manual = add_hours(social_worker)
    interview_entry = TimeEntry.objects.get(source=TimeSource.INTERVIEW)
    client.force_login(social_worker)
    client.post(reverse("funding:time_entry_delete", args=[manual.pk]))
    response = client.post(
        reverse("funding:time_entry_delete", args=[interview_entry.pk]), follow=True
    )
    assert "follow their activity" in response.content.decode()
    assert list(TimeEntry.objects.all()) == [interview_entry]


def test_validate_countersign_then_correct_a_locked_month(
    client, social_worker, director, signed_grant
):
    entry = add_hours(social_worker, grant=signed_grant)
    client.force_login(social_worker)
    response = client.post(
        reverse("funding:timesheet_validate"), {"grant": signed_grant.pk, "month": "2026-06"}
    )
    assert response.status_code == 302
    sheet = entry.staff.timesheets.get()
    assert sheet.status == TimesheetStatus.VALIDATED

    client.force_login(director)
    detail = client.get(reverse("funding:timesheet_detail", args=[sheet.pk]))
    assert "Countersign and lock the month" in detail.content.decode()
    client.post(reverse("funding:timesheet_countersign", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.countersigned_by) == (TimesheetStatus.LOCKED, director)

    client.force_login(social_worker)
    page = my_time(client).content.decode()
    assert reverse("funding:time_entry_correct", args=[entry.pk]) in page
    assert reverse("funding:time_entry_delete", args=[entry.pk]) not in page
    refused = client.post(reverse("funding:time_entry_delete", args=[entry.pk]), follow=True)
    assert "countersigned" in refused.content.decode()
    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, tzinfo=datetime.UTC), tick=False):
        client.force_login(social_worker)  # the idle timeout ended the June session
        response = client.post(
            reverse("funding:time_entry_correct", args=[entry.pk]),
            {"hours": "-0.5", "reason": "Réunion écourtée"},
        )
    assert response["Location"] == reverse("funding:my_time") + "?month=2026-07"
    correction = TimeEntry.objects.get(source=TimeSource.CORRECTION)
    assert (correction.hours, correction.corrects, correction.reason) == (
        Decimal("-0.50"),
        entry,
        "Réunion écourtée",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "0", "reason": "x"}, "not zero"),
        ({"hours": "-3", "reason": "x"}, "more hours than were recorded"),
        ({"hours": "1", "reason": "   "}, "This field is required"),
        ({"hours": "-99", "reason": "x"}, "greater than or equal to -24"),
    ],
)
def test_a_bad_correction_is_a_form_error(client, social_worker, signed_grant, data, message):
    entry = add_hours(social_worker, grant=signed_grant)
    client.force_login(social_worker)
    response = client.post(reverse("funding:time_entry_correct", args=[entry.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TimeEntry.objects.count() == 1


def test_a_hostile_validation_is_refused_without_error(client, social_worker, signed_grant):
    client.force_login(social_worker)
    for data in ({"grant": "x", "month": "2026-06"}, {"grant": signed_grant.pk, "month": "13"}):
        response = client.post(reverse("funding:timesheet_validate"), data, follow=True)
        assert response.status_code == 200
        assert "cannot be validated" in response.content.decode()
    assert not social_worker.timesheets.exists()


def test_a_director_cannot_countersign_their_own_sheet(client, director, signed_grant):
    add_hours(director, grant=signed_grant)
    sheet = services.timesheet_validate(staff=director, grant=signed_grant, month=JUNE, by=director)
    client.force_login(director)
    detail = client.get(reverse("funding:timesheet_detail", args=[sheet.pk]))
    assert "Countersign and lock" not in detail.content.decode()
    response = client.post(reverse("funding:timesheet_countersign", args=[sheet.pk]), follow=True)
    assert "cannot countersign their own" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED


# Timesheets


def test_sheet_detail_shows_corrections_and_total(client, social_worker, director, signed_grant):
    entry = add_hours(social_worker, day=D(2026, 5, 12), grant=signed_grant, activity="Visite")
    services.timesheet_countersign(
        timesheet=services.timesheet_validate(
            staff=social_worker, grant=signed_grant, month=D(2026, 5, 1), by=social_worker
        ),
        by=director,
    )
    services.time_entry_correct(entry=entry, by=social_worker, hours=Decimal("1"), reason="Oubli")
    june = services.timesheet_validate(
        staff=social_worker, grant=signed_grant, month=JUNE, by=social_worker
    )
    client.force_login(director)
    response = client.get(reverse("funding:timesheet_detail", args=[june.pk]))
    page = response.content.decode()
    assert response.context["sheet"].hours_total == Decimal("1.00")
    assert "Oubli" in page
    assert "Corrects 2.00 h of" in page


def test_who_sees_which_sheets(
    client, social_worker, social_worker_b, coordinator, director, auditor, site_b, signed_grant
):
    grant_b = make_grant(by=director, sites=[site_b], agreement_reference="FAMI-B")
    own = services.timesheet_validate(
        staff=social_worker, grant=signed_grant, month=JUNE, by=social_worker
    )
    colleague = user_with_role(Role.SOCIAL_WORKER, signed_grant.sites.get(), username="ts.c")
    theirs = services.timesheet_validate(
        staff=colleague, grant=signed_grant, month=JUNE, by=colleague
    )
    elsewhere = services.timesheet_validate(
        staff=social_worker_b, grant=grant_b, month=JUNE, by=social_worker_b
    )
    expected = {
        social_worker: {own},
        coordinator: {own, theirs},
        director: {own, theirs, elsewhere},
        auditor: {own, theirs, elsewhere},
    }
    for user, sheets in expected.items():
        client.force_login(user)
        listed = set(client.get(reverse("funding:timesheet_list")).context["page"])
        assert listed == sheets, user
        for sheet in {own, theirs, elsewhere} - sheets:
            assert (
                client.get(reverse("funding:timesheet_detail", args=[sheet.pk])).status_code == 404
            )


def test_timesheet_list_filters(client, social_worker, coordinator, director, signed_grant):
    june = services.timesheet_validate(
        staff=social_worker, grant=signed_grant, month=JUNE, by=social_worker
    )
    may = services.timesheet_validate(
        staff=coordinator, grant=signed_grant, month=D(2026, 5, 1), by=coordinator
    )
    client.force_login(director)

    def listed(**query):
        response = client.get(reverse("funding:timesheet_list"), query)
        assert response.status_code == 200
        return set(response.context["page"])

    assert listed(month="2026-06") == {june}
    assert listed(staff=coordinator.pk) == {may}
    assert listed(grant=signed_grant.pk, status="validated") == {june, may}
    assert listed(status="locked") == set()
    # Hostile values are errors on their fields, the others still filter.
    assert listed(month="2026-99", staff="x", grant="-1", status="<b>", page="zz") == {june, may}
    assert listed(month="2026-06", staff="999999") == {june}


def _sheets(people, grant, count):
    # Ten months back at most: the grant began a year ago.
    for number in range(count):
        staff, month = people[number % len(people)], add_months(JUNE, -(number // len(people)))
        services.time_entry_add(
            by=staff,
            staff=staff,
            date=month.replace(day=3),
            hours=Decimal("1.5"),
            activity="Permanence",
            grant=grant,
        )
        services.timesheet_validate(staff=staff, grant=grant, month=month, by=staff)


def test_timesheet_list_takes_the_same_queries_whatever_the_number_of_sheets(
    client, django_assert_num_queries, coordinator, social_worker, site_a, signed_grant
):
    client.force_login(coordinator)
    client.get(reverse("funding:timesheet_list"))  # the first visit may create the session row
    _sheets([social_worker], signed_grant, 2)
    # 1 session, 2 user, 3 memberships (the user's Access), 4 count of sheets, 5-6 the grants
    # then the staff of the filter's choices, 7 the page of sheets with their staff, grant,
    # signatories and hours, 8-10 savepoint, session touched by the idle timeout, release.
    with django_assert_num_queries(10):
        response = client.get(reverse("funding:timesheet_list"))
    assert [sheet.hours_total for sheet in response.context["page"]] == [Decimal("1.50")] * 2
    colleague = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.autre")
    _sheets([coordinator, colleague], signed_grant, 18)
    with django_assert_num_queries(10):
        response = client.get(reverse("funding:timesheet_list"))
    assert len(response.context["page"]) == 20

"""Staff time: entries that follow interviews, workshops and trainings; timesheets and locking."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from accounts.models import Role
from funding import rules, services
from funding.models import TimeEntry, TimesheetStatus, TimeSource
from funding.services import FundingRuleError
from interviews.models import Interview
from tests.factories import user_with_role
from tests.interviews.builders import record_interview
from workshops import services as workshop_services
from workshops.models import Workshop

from .factories import make_grant

NOW = datetime.datetime(2026, 6, 20, 12, 0, tzinfo=datetime.UTC)
D = datetime.date
JUNE = D(2026, 6, 1)
WORKSHOP_DAY = D(2026, 6, 10)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed_grant(director, site_a):
    return make_grant(by=director, sites=[site_a], signed=True)


def workshop_for(*, site, by, facilitators, date=WORKSHOP_DAY, **fields):
    defaults = {
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(12, 0),
        "place": "Maison des associations",
        "topic": "Vivre et travailler en Bretagne",
        "language": "français",
    }
    defaults.update(fields)
    return workshop_services.workshop_create(
        by=by, site=site, date=date, capacity=10, facilitators=facilitators, **defaults
    )


def training_for(*, site, by, trainers, hours=Decimal("3.50")):
    return workshop_services.training_create(
        by=by,
        site=site,
        date=D(2026, 6, 12),
        place="CADA de Montreuil",
        capacity=12,
        topic="Accompagner une mobilité",
        duration_hours=hours,
        trainers=trainers,
    )


def locked_june(*, staff, grant, director):
    sheet = services.timesheet_validate(staff=staff, grant=grant, month=JUNE, by=staff)
    return services.timesheet_countersign(timesheet=sheet, by=director)


def entries_of(staff):
    return list(TimeEntry.objects.filter(staff=staff).values_list("date", "hours", "source"))


def test_interview_gives_its_social_worker_its_duration(household, social_worker, signed_grant):
    interview = record_interview(
        household=household, by=social_worker, held_on=D(2026, 6, 5), duration_minutes=90
    )
    entry = TimeEntry.objects.get(staff=social_worker)
    assert (entry.date, entry.hours, entry.source) == (D(2026, 6, 5), Decimal("1.50"), "interview")
    assert entry.source_key == f"interview:{interview.pk}"
    # The one signed grant covering the site and day takes the hours.
    assert entry.grant == signed_grant


def test_hours_stay_unallocated_unless_exactly_one_signed_grant_covers(
    household, social_worker, director, site_a, signed_grant
):
    make_grant(by=director, sites=[site_a], signed=True)
    record_interview(household=household, by=social_worker, held_on=D(2026, 6, 5))
    assert TimeEntry.objects.get(staff=social_worker).grant is None


def test_workshop_entries_follow_create_edit_and_cancel(site_a, coordinator, social_worker):
    workshop = workshop_for(site=site_a, by=coordinator, facilitators=[coordinator, social_worker])
    assert entries_of(coordinator) == [(D(2026, 6, 10), Decimal("2.50"), "workshop")]
    assert entries_of(social_worker) == [(D(2026, 6, 10), Decimal("2.50"), "workshop")]

    workshop_services.workshop_update(
        workshop=workshop,
        by=coordinator,
        date=D(2026, 6, 11),
        end_time=datetime.time(13, 0),
        facilitators=[coordinator],
    )
    assert entries_of(coordinator) == [(D(2026, 6, 11), Decimal("3.50"), "workshop")]
    assert entries_of(social_worker) == []

    workshop_services.workshop_cancel(workshop=workshop, by=coordinator, reason="Salle fermée")
    assert entries_of(coordinator) == []
    # History keeps what was charged and removed.
    assert TimeEntry.history.filter(staff=coordinator, history_type="-").count() == 1


def test_re_saving_an_activity_never_duplicates_its_entries(site_a, coordinator):
    workshop = workshop_for(site=site_a, by=coordinator, facilitators=[coordinator])
    for _ in range(2):
        workshop_services.workshop_update(workshop=workshop, by=coordinator, place="Salle 3")
    duplicate = workshop_services.workshop_duplicate(
        workshop=workshop, by=coordinator, date=D(2026, 6, 17)
    )
    assert sorted(TimeEntry.objects.values_list("source_key", flat=True)) == [
        f"workshop:{workshop.pk}",
        f"workshop:{duplicate.pk}",
    ]


def test_training_gives_each_trainer_its_duration(site_a, coordinator, social_worker):
    training = training_for(site=site_a, by=coordinator, trainers=[coordinator])
    assert entries_of(coordinator) == [(D(2026, 6, 12), Decimal("3.50"), "training")]
    workshop_services.training_update(
        training=training,
        by=coordinator,
        duration_hours=Decimal("6"),
        trainers=[coordinator, social_worker],
    )
    assert entries_of(coordinator) == [(D(2026, 6, 12), Decimal("6.00"), "training")]
    assert entries_of(social_worker) == [(D(2026, 6, 12), Decimal("6.00"), "training")]


def test_no_staff_hour_is_charged_twice_in_a_day(site_a, coordinator, signed_grant):
    services.time_entry_add(
        by=coordinator,
        staff=coordinator,
        date=D(2026, 6, 10),
        hours=Decimal("22"),
        activity="Permanence",
        grant=signed_grant,
    )
    with pytest.raises(FundingRuleError, match="more than 24 hours"):
        workshop_for(site=site_a, by=coordinator, facilitators=[coordinator])
    # The refusal undid the workshop too.
    assert not Workshop.objects.exists()
    with pytest.raises(FundingRuleError, match="more than 24 hours"):
        services.time_entry_add(
            by=coordinator,
            staff=coordinator,
            date=D(2026, 6, 10),
            hours=Decimal("2.5"),
            activity="Réunion",
        )


def test_only_the_member_of_staff_validates_their_sheet(social_worker, coordinator, signed_grant):
    with pytest.raises(FundingRuleError, match="their own timesheet"):
        services.timesheet_validate(
            staff=social_worker, grant=signed_grant, month=D(2026, 6, 15), by=coordinator
        )
    sheet = services.timesheet_validate(
        staff=social_worker, grant=signed_grant, month=D(2026, 6, 15), by=social_worker
    )
    assert (sheet.month, sheet.status, sheet.validated_by) == (
        JUNE,
        TimesheetStatus.VALIDATED,
        social_worker,
    )


def test_a_director_countersigns_a_social_worker_cannot(
    site_a, social_worker, director, signed_grant
):
    other = user_with_role(Role.SOCIAL_WORKER, site_a, username="ts.autre")
    sheet = services.timesheet_validate(staff=other, grant=signed_grant, month=JUNE, by=other)
    with pytest.raises(FundingRuleError, match="Only a director"):
        services.timesheet_countersign(timesheet=sheet, by=social_worker)
    sheet = services.timesheet_countersign(timesheet=sheet, by=director)
    assert (sheet.status, sheet.countersigned_by) == (TimesheetStatus.LOCKED, director)


def test_an_open_sheet_cannot_be_countersigned(social_worker, director, signed_grant):
    sheet = services.timesheet_validate(
        staff=social_worker, grant=signed_grant, month=JUNE, by=social_worker
    )
    services.timesheet_countersign(timesheet=sheet, by=director)
    with pytest.raises(FundingRuleError, match="Only a timesheet validated"):
        services.timesheet_countersign(timesheet=sheet, by=director)


def test_a_locked_month_refuses_every_change_but_a_correction(
    household, social_worker, director, signed_grant
):
    interview = record_interview(household=household, by=social_worker, held_on=D(2026, 6, 5))
    manual = services.time_entry_add(
        by=social_worker,
        staff=social_worker,
        date=D(2026, 6, 8),
        hours=Decimal("2"),
        activity="Visite d'un bailleur",
        grant=signed_grant,
    )
    locked_june(staff=social_worker, grant=signed_grant, director=director)

    with pytest.raises(FundingRuleError, match="countersigned"):
        record_interview(household=household, by=social_worker, held_on=D(2026, 6, 9))
    assert list(Interview.objects.all()) == [interview]
    with pytest.raises(FundingRuleError, match="countersigned"):
        services.time_entry_add(
            by=social_worker,
            staff=social_worker,
            date=D(2026, 6, 9),
            hours=Decimal("1"),
            activity="Réunion",
            grant=signed_grant,
        )
    with pytest.raises(FundingRuleError, match="countersigned"):
        services.time_entry_delete(entry=manual, by=social_worker)
    with pytest.raises(FundingRuleError, match="countersigned"):
        services.time_entry_set_grant(entry=manual, grant=None, by=social_worker)

    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, tzinfo=datetime.UTC), tick=False):
        correction = services.time_entry_correct(
            entry=manual, by=social_worker, hours=Decimal("-0.5"), reason="Visite écourtée"
        )
    assert (correction.date, correction.hours, correction.source) == (
        D(2026, 7, 2),
        Decimal("-0.50"),
        TimeSource.CORRECTION,
    )
    assert (correction.corrects, correction.grant) == (manual, signed_grant)
    manual.refresh_from_db()
    assert manual.hours == Decimal("2.00")


def test_a_locked_month_refuses_a_workshop_change(site_a, coordinator, director, signed_grant):
    workshop = workshop_for(site=site_a, by=coordinator, facilitators=[coordinator])
    locked_june(staff=coordinator, grant=signed_grant, director=director)
    with pytest.raises(FundingRuleError, match="countersigned"):
        workshop_services.workshop_update(
            workshop=workshop, by=coordinator, end_time=datetime.time(13, 0)
        )
    with pytest.raises(FundingRuleError, match="countersigned"):
        workshop_services.workshop_cancel(workshop=workshop, by=coordinator, reason="Grève")
    workshop.refresh_from_db()
    assert (workshop.end_time, workshop.is_cancelled) == (datetime.time(12, 0), False)


def test_a_correction_cannot_take_back_more_than_was_recorded(social_worker, signed_grant):
    entry = services.time_entry_add(
        by=social_worker,
        staff=social_worker,
        date=D(2026, 6, 8),
        hours=Decimal("2"),
        activity="Réunion partenaires",
        grant=signed_grant,
    )
    services.time_entry_correct(entry=entry, by=social_worker, hours=Decimal("-1.5"), reason="x")
    with pytest.raises(FundingRuleError, match="more hours than were recorded"):
        services.time_entry_correct(entry=entry, by=social_worker, hours=Decimal("-1"), reason="y")
    with pytest.raises(FundingRuleError, match="reason"):
        services.time_entry_correct(entry=entry, by=social_worker, hours=Decimal("1"), reason=" ")


def test_staff_cost_is_the_sheets_hours_times_the_hourly_rate(
    household, social_worker, director, signed_grant
):
    record_interview(
        household=household, by=social_worker, held_on=D(2026, 6, 5), duration_minutes=90
    )
    services.time_entry_add(
        by=social_worker,
        staff=social_worker,
        date=D(2026, 6, 8),
        hours=Decimal("2"),
        activity="Visite d'un bailleur",
        grant=signed_grant,
    )
    cost = services.staff_cost_set(
        by=director, staff=social_worker, year=2026, annual_cost=Decimal("34400")
    )
    sheet = locked_june(staff=social_worker, grant=signed_grant, director=director)
    assert sheet.hours == Decimal("3.50")
    assert rules.staff_cost(sheet.hours, cost.hourly_rate) == Decimal("70.00")


def test_hours_allocated_by_hand_stay_on_their_grant_when_the_activity_changes(
    site_a, coordinator, director, signed_grant
):
    second = make_grant(by=director, sites=[site_a], signed=True)
    workshop = workshop_for(site=site_a, by=coordinator, facilitators=[coordinator])
    entry = TimeEntry.objects.get(staff=coordinator)
    assert entry.grant is None
    services.time_entry_set_grant(entry=entry, grant=second, by=coordinator)
    workshop_services.workshop_update(
        workshop=workshop, by=coordinator, end_time=datetime.time(12, 30)
    )
    entry.refresh_from_db()
    assert (entry.hours, entry.grant) == (Decimal("3.00"), second)


def test_hours_of_an_activity_are_not_removed_by_hand(site_a, coordinator):
    workshop_for(site=site_a, by=coordinator, facilitators=[coordinator])
    with pytest.raises(FundingRuleError, match="follow their activity"):
        services.time_entry_delete(entry=TimeEntry.objects.get(), by=coordinator)

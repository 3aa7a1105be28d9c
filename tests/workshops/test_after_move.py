"""Once a household has moved, its places at the workshops still ahead are freed; what it
attended stays."""

import datetime

import pytest
from django.utils import timezone

from mobility_plans.signals import relocation_recorded
from tests.followups.helpers import relocate
from workshops import services
from workshops.models import Attendance, RegistrationStatus, WorkshopRegistration

from .conftest import make_family, make_workshop


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def family(site_a, social_worker):
    return make_family(site=site_a, by=social_worker, last_name="Rahimi", size=2)


def test_the_move_clears_the_workshops_ahead_and_keeps_the_one_attended(
    family, site_a, coordinator, social_worker
):
    past = make_workshop(site=site_a, by=coordinator, date=_days(-40))
    head, child = services.workshop_register_household(
        workshop=past, household=family, by=coordinator
    )
    services.workshop_record_attendance(
        registration=head, attendance=Attendance.PRESENT, by=coordinator
    )
    services.workshop_record_attendance(
        registration=child, attendance=Attendance.ABSENT, by=coordinator
    )
    ahead = make_workshop(site=site_a, by=coordinator, date=_days(10))
    services.workshop_register_household(workshop=ahead, household=family, by=coordinator)
    full = make_workshop(site=site_a, by=coordinator, date=_days(20), capacity=1)
    services.workshop_register_household(
        workshop=full, household=family, by=coordinator, waiting_list=True
    )

    relocate(household=family, by=social_worker)

    left = WorkshopRegistration.objects.filter(person__household=family)
    assert set(left.values_list("workshop_id", "attendance")) == {
        (past.pk, Attendance.PRESENT),
        (past.pk, Attendance.ABSENT),
    }
    cleared = WorkshopRegistration.history.filter(history_type="-")
    assert cleared.count() == 4
    assert set(cleared.values_list("workshop_id", flat=True)) == {ahead.pk, full.pk}
    assert {(h.history_change_reason, h.history_user) for h in cleared} == {
        ("relocated", social_worker)
    }


def test_a_seat_freed_by_the_move_goes_to_the_waiting_list(
    family, site_a, coordinator, social_worker
):
    ahead = make_workshop(site=site_a, by=coordinator, date=_days(10), capacity=2)
    services.workshop_register_household(workshop=ahead, household=family, by=coordinator)
    other = make_family(site=site_a, by=coordinator, last_name="Diallo", size=1)
    (waiting,) = services.workshop_register_household(
        workshop=ahead, household=other, by=coordinator, waiting_list=True
    )

    relocate(household=family, by=social_worker)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_another_households_registrations_are_left_alone(
    family, site_a, coordinator, social_worker
):
    ahead = make_workshop(site=site_a, by=coordinator, date=_days(10))
    services.workshop_register_household(workshop=ahead, household=family, by=coordinator)
    other = make_family(site=site_a, by=coordinator, last_name="Diallo", size=1)
    services.workshop_register_household(workshop=ahead, household=other, by=coordinator)

    relocate(household=family, by=social_worker)

    assert list(ahead.registrations.values_list("person__household_id", flat=True).distinct()) == [
        other.pk
    ]


def test_a_move_undone_in_its_transaction_keeps_the_registrations(
    family, site_a, coordinator, social_worker
):
    ahead = make_workshop(site=site_a, by=coordinator, date=_days(10))
    services.workshop_register_household(workshop=ahead, household=family, by=coordinator)

    seen = []

    def refuse(**kwargs):
        seen.append(ahead.registrations.count())  # already cleared by the workshops' receiver
        raise RuntimeError("a later receiver refuses the move")

    relocation_recorded.connect(refuse, dispatch_uid="test_refuse_the_move")
    try:
        with pytest.raises(RuntimeError):
            relocate(household=family, by=social_worker)
    finally:
        relocation_recorded.disconnect(dispatch_uid="test_refuse_the_move")

    assert seen == [0]
    assert ahead.registrations.count() == 2
    assert not WorkshopRegistration.history.filter(history_type="-").exists()

"""A household already informed (attended another awareness workshop, or holds a seat at another
upcoming one) is registered again only once the user has confirmed it."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from workshops import services
from workshops.models import Attendance, WorkshopRegistration

from .conftest import make_family, make_workshop


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _english_date(n: int) -> str:
    with translation.override("en"):
        return date_format(_days(n), "j F Y")  # e.g. "4 May 2026"


@pytest.fixture
def family(site_a, coordinator):
    return make_family(site=site_a, by=coordinator, last_name="Rahimi", size=2)


@pytest.fixture
def next_workshop(site_a, coordinator):
    return make_workshop(site=site_a, by=coordinator, date=_days(14), topic="Vivre en Bretagne")


def _attended(family, site, by):
    past = make_workshop(site=site, by=by, date=_days(-30), topic="Vivre à Lyon")
    head, _child = services.workshop_register_household(workshop=past, household=family, by=by)
    services.workshop_record_attendance(registration=head, attendance=Attendance.PRESENT, by=by)
    return past


def test_a_household_that_attended_another_workshop_is_warned_and_nothing_is_written(
    family, next_workshop, site_a, coordinator
):
    _attended(family, site_a, coordinator)

    with translation.override("en"), pytest.raises(services.HouseholdInformedError) as error:
        services.workshop_register_household(
            workshop=next_workshop, household=family, by=coordinator, warn_informed=True
        )

    assert error.value.message == (
        f"This household is already informed: it attended “Vivre à Lyon” on {_english_date(-30)}."
    )
    assert not next_workshop.registrations.exists()


def test_a_seat_at_another_upcoming_workshop_warns_for_one_member_too(
    family, next_workshop, site_a, coordinator
):
    sooner = make_workshop(site=site_a, by=coordinator, date=_days(3), topic="Vivre à Dijon")
    services.workshop_register_household(workshop=sooner, household=family, by=coordinator)
    child = family.members.order_by("birth_date").last()

    with translation.override("en"), pytest.raises(services.HouseholdInformedError) as error:
        services.workshop_register_person(
            workshop=next_workshop, person=child, by=coordinator, warn_informed=True
        )

    assert error.value.message.startswith("This household already has a seat at “Vivre à Dijon”")


def test_a_first_workshop_a_missed_one_or_a_cancelled_one_does_not_warn(
    family, next_workshop, site_a, coordinator
):
    missed = make_workshop(site=site_a, by=coordinator, date=_days(-10))
    head, _child = services.workshop_register_household(
        workshop=missed, household=family, by=coordinator
    )
    services.workshop_record_attendance(
        registration=head, attendance=Attendance.ABSENT, by=coordinator
    )
    cancelled = make_workshop(site=site_a, by=coordinator, date=_days(5))
    services.workshop_register_household(workshop=cancelled, household=family, by=coordinator)
    services.workshop_cancel(workshop=cancelled, by=coordinator, reason="Salle indisponible")

    created = services.workshop_register_household(
        workshop=next_workshop, household=family, by=coordinator, warn_informed=True
    )

    assert len(created) == 2


def test_without_the_warning_asked_imports_and_demo_data_register_as_before(
    family, next_workshop, site_a, coordinator
):
    _attended(family, site_a, coordinator)

    created = services.workshop_register_household(
        workshop=next_workshop, household=family, by=coordinator
    )

    assert len(created) == 2


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_register_page_warns_then_registers_once_confirmed(
    client_for, family, next_workshop, site_a, coordinator
):
    _attended(family, site_a, coordinator)
    client = _english(client_for(coordinator))
    url = f"/workshops/{next_workshop.pk}/register/"

    warned = client.post(url, {"household": family.pk})

    assert warned.status_code == 200
    body = warned.content.decode()
    assert 'id="informed-warning"' in body
    assert f"it attended “Vivre à Lyon” on {_english_date(-30)}." in body
    assert f'<input type="hidden" name="household" value="{family.pk}">' in body
    assert 'name="confirm" value="1"' in body
    assert not next_workshop.registrations.exists()

    confirmed = client.post(url, {"household": family.pk, "confirm": "1"})

    assert confirmed.status_code == 302
    assert next_workshop.registrations.count() == 2


def test_a_confirmed_registration_of_a_full_workshop_keeps_the_confirmation_for_the_waiting_list(
    client_for, family, site_a, coordinator
):
    _attended(family, site_a, coordinator)
    small = make_workshop(site=site_a, by=coordinator, date=_days(7), capacity=1)
    client = client_for(coordinator)
    url = f"/workshops/{small.pk}/register/"

    full = client.post(url, {"household": family.pk, "confirm": "1"})

    assert 'name="waiting_list" value="1"' in full.content.decode()
    assert '<input type="hidden" name="confirm" value="1">' in full.content.decode()
    client.post(url, {"household": family.pk, "confirm": "1", "waiting_list": "1"})
    assert set(
        WorkshopRegistration.objects.filter(workshop=small).values_list("status", flat=True)
    ) == {"waiting_list"}


def test_a_household_without_another_workshop_is_registered_at_once(
    client_for, family, next_workshop, coordinator
):
    response = client_for(coordinator).post(
        f"/workshops/{next_workshop.pk}/register/", {"household": family.pk}
    )

    assert response.status_code == 302
    assert next_workshop.registrations.count() == 2

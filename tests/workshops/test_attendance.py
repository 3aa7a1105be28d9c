import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households import funnel as household_funnel
from households.models import Status
from workshops import services
from workshops.models import Attendance

from .conftest import make_family, make_workshop


def _register(workshop, household, by):
    return services.workshop_register_household(workshop=workshop, household=household, by=by)


def test_attending_moves_a_referred_household_to_informed_on_the_workshop_date(site_a, coordinator):
    day = timezone.localdate() - datetime.timedelta(days=3)
    workshop = make_workshop(site=site_a, by=coordinator, date=day)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi")
    registration, _child = _register(workshop, family, coordinator)

    services.workshop_record_attendance(
        registration=registration, attendance=Attendance.PRESENT, by=coordinator
    )

    family.refresh_from_db()
    assert family.status == Status.INFORMED
    change = family.status_changes.get(to_status=Status.INFORMED)
    assert change.occurred_on == day
    assert change.source == "workshop"


def test_attending_never_moves_a_household_backwards(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi")
    household_funnel.household_transition(
        household=family,
        to_status=Status.DIAGNOSED,
        by=coordinator,
        occurred_on=timezone.localdate(),
    )
    registration, _child = _register(workshop, family, coordinator)

    services.workshop_record_attendance(
        registration=registration, attendance=Attendance.PRESENT, by=coordinator
    )

    family.refresh_from_db()
    assert family.status == Status.DIAGNOSED
    assert not family.status_changes.filter(to_status=Status.INFORMED).exists()


def test_absence_leaves_the_household_where_it_stands(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi")
    registration, _child = _register(workshop, family, coordinator)

    services.workshop_record_attendance(
        registration=registration, attendance=Attendance.ABSENT, by=coordinator
    )

    family.refresh_from_db()
    assert family.status == Status.REFERRED


def test_attendance_cannot_be_taken_before_the_day(site_a, coordinator):
    workshop = make_workshop(
        site=site_a, by=coordinator, date=timezone.localdate() + datetime.timedelta(days=1)
    )
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi")
    registration, _child = _register(workshop, family, coordinator)

    with pytest.raises(services.WorkshopRuleError):
        services.workshop_record_attendance(
            registration=registration, attendance=Attendance.PRESENT, by=coordinator
        )


def test_whole_household_present_marks_every_member_and_informs_once(site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=3)
    _register(workshop, family, coordinator)

    services.workshop_household_present(workshop=workshop, household=family, by=coordinator)

    assert set(workshop.registrations.values_list("attendance", flat=True)) == {"present"}
    family.refresh_from_db()
    assert family.status == Status.INFORMED
    assert family.status_changes.filter(to_status=Status.INFORMED).count() == 1


def test_one_click_redraws_only_that_row(client_for, site_a, social_worker):
    workshop = make_workshop(site=site_a, by=social_worker)
    family = make_family(site=site_a, by=social_worker, last_name="Rahimi")
    registration, _child = _register(workshop, family, social_worker)

    response = client_for(social_worker).post(
        f"/workshops/registrations/{registration.pk}/attendance/",
        {"attendance": "excused"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="registration-{registration.pk}"')
    assert 'data-attendance="excused"' in body
    assert "<html" not in body
    registration.refresh_from_db()
    assert registration.attendance == Attendance.EXCUSED


def test_whole_household_button_redraws_the_household_block(client_for, site_a, coordinator):
    workshop = make_workshop(site=site_a, by=coordinator)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=2)
    _register(workshop, family, coordinator)

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/attendance/household/{family.pk}/",
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith(f'<tbody id="household-{family.pk}"')
    assert body.count('data-attendance="present"') == 2


def test_whole_household_button_without_htmx_goes_back_with_the_reason(
    client_for, site_a, coordinator
):
    workshop = make_workshop(
        site=site_a, by=coordinator, date=timezone.localdate() + datetime.timedelta(days=7)
    )
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=2)
    _register(workshop, family, coordinator)

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/attendance/household/{family.pk}/", follow=True
    )

    assert response.redirect_chain == [(f"/workshops/{workshop.pk}/attendance/", 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not workshop.registrations.filter(attendance=Attendance.PRESENT).exists()


def test_a_refused_click_shows_the_reason_in_the_row(client_for, site_a, coordinator):
    workshop = make_workshop(
        site=site_a, by=coordinator, date=timezone.localdate() + datetime.timedelta(days=7)
    )
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=1)
    (registration,) = _register(workshop, family, coordinator)

    response = client_for(coordinator).post(
        f"/workshops/registrations/{registration.pk}/attendance/",
        {"attendance": "present"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_attendance_screen_queries_do_not_grow_with_attendees(client_for, site_a, coordinator):
    client = client_for(coordinator)
    small = make_workshop(site=site_a, by=coordinator)
    _register(small, make_family(site=site_a, by=coordinator, last_name="A", size=1), coordinator)
    large = make_workshop(site=site_a, by=coordinator, capacity=30)
    for name in "BCDEF":
        _register(large, make_family(site=site_a, by=coordinator, last_name=name), coordinator)
    _queries_for(client, f"/workshops/{small.pk}/attendance/")  # warm the session

    # session, user, memberships (access), workshop with its seat counts, registrations with
    # persons and households, then the session save wrapped in savepoint/update/release
    assert _queries_for(client, f"/workshops/{small.pk}/attendance/") == 8
    assert _queries_for(client, f"/workshops/{large.pk}/attendance/") == 8

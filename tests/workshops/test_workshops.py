import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households.timeline import timeline_for_household
from reporting import indicators
from territories.models import Region
from tests.factories import make_person
from workshops import selectors, services
from workshops.models import Attendance, Workshop

from .conftest import make_family, make_workshop


def _form_data(site, **overrides):
    data = {
        "site": site.pk,
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "start_time": "09:30",
        "end_time": "12:00",
        "place": "Salle polyvalente",
        "capacity": "12",
        "topic": "Trouver un emploi en Occitanie",
        "regions_presented": ["76"],
        "language": "français",
    }
    data.update(overrides)
    return data


def test_coordinator_schedules_a_workshop(client_for, coordinator, site_a):
    response = client_for(coordinator).post(
        "/workshops/new/", _form_data(site_a, facilitators=[coordinator.pk])
    )

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    assert list(workshop.regions_presented.values_list("code", flat=True)) == ["76"]
    assert list(workshop.facilitators.all()) == [coordinator]


def test_coordinator_changes_a_workshop_but_never_its_site(
    client_for, coordinator, site_a, site_b, workshop
):
    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/edit/",
        {
            **_form_data(site_b, capacity="20", facilitators=[coordinator.pk]),
            "version": workshop.version,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    workshop.refresh_from_db()
    assert workshop.capacity == 20
    assert workshop.site == site_a


def test_workshop_ending_before_it_starts_is_refused(client_for, coordinator, site_a):
    response = client_for(coordinator).post(
        "/workshops/new/", _form_data(site_a, start_time="14:00", end_time="10:00")
    )

    assert response.status_code == 200
    assert not Workshop.objects.exists()


def test_social_workers_do_not_schedule_workshops(client_for, social_worker, site_a):
    response = client_for(social_worker).post("/workshops/new/", _form_data(site_a))

    assert response.status_code == 403


def test_another_sites_workshop_is_404(client_for, site_b, coordinator_b, coordinator):
    theirs = make_workshop(site=site_b, by=coordinator_b)

    client = client_for(coordinator)
    assert client.get(f"/workshops/{theirs.pk}/").status_code == 404
    assert client.get(f"/workshops/{theirs.pk}/sheet/").status_code == 404
    assert client.post(f"/workshops/{theirs.pk}/register/", {}).status_code == 404


def test_another_sites_workshop_is_not_listed(client_for, site_b, coordinator_b, coordinator):
    theirs = make_workshop(site=site_b, by=coordinator_b, topic="Atelier de Créteil")

    response = client_for(coordinator).get("/workshops/")

    assert theirs.topic not in response.content.decode()


def test_auditors_read_but_never_write(client_for, auditor, workshop, person, coordinator):
    registration = services.workshop_register_person(
        workshop=workshop, person=person, by=coordinator
    )
    client = client_for(auditor)

    assert client.get(f"/workshops/{workshop.pk}/").status_code == 200
    assert client.get(f"/workshops/{workshop.pk}/sheet/").status_code == 200
    assert client.get(f"/workshops/{workshop.pk}/attendance/").status_code == 403
    response = client.post(
        f"/workshops/registrations/{registration.pk}/attendance/", {"attendance": "present"}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


def test_cancelled_workshop_shows_on_the_households_timeline(
    client_for, workshop, coordinator, household, person
):
    services.workshop_register_household(workshop=workshop, household=household, by=coordinator)

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/cancel/", {"reason": "Salle indisponible"}
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.is_cancelled
    entries = timeline_for_household(household=household, user=coordinator)
    cancelled = [e for e in entries if e.kind == "workshop"]
    assert len(cancelled) == 1
    assert cancelled[0].title == "Atelier annulé\u00a0: Vivre et travailler en Nouvelle-Aquitaine"
    assert cancelled[0].detail == "Salle indisponible"


def test_cancelled_workshop_takes_no_registration(workshop, coordinator, person):
    services.workshop_cancel(workshop=workshop, by=coordinator, reason="Grève des transports")

    with pytest.raises(services.WorkshopRuleError):
        services.workshop_register_person(workshop=workshop, person=person, by=coordinator)


def test_cancellation_needs_a_reason(workshop, coordinator):
    with pytest.raises(services.WorkshopRuleError):
        services.workshop_cancel(workshop=workshop, by=coordinator, reason="  ")


def test_a_workshop_that_took_place_cannot_be_cancelled(workshop, coordinator, person):
    registration = services.workshop_register_person(
        workshop=workshop, person=person, by=coordinator
    )
    services.workshop_record_attendance(
        registration=registration, attendance=Attendance.PRESENT, by=coordinator
    )

    with pytest.raises(services.WorkshopRuleError):
        services.workshop_cancel(workshop=workshop, by=coordinator, reason="Erreur")


def test_duplicate_copies_the_workshop_on_a_new_date_without_registrations(
    client_for, workshop, coordinator, person
):
    workshop.regions_presented.set(["53"])
    services.workshop_register_person(workshop=workshop, person=person, by=coordinator)
    new_date = workshop.date + datetime.timedelta(days=28)

    response = client_for(coordinator).post(
        f"/workshops/{workshop.pk}/duplicate/",
        {"date": new_date.isoformat(), "start_time": "14:00", "end_time": "16:30"},
    )

    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert response["Location"] == copy.get_absolute_url()
    assert (copy.date, copy.topic, copy.capacity) == (new_date, workshop.topic, workshop.capacity)
    assert copy.start_time == datetime.time(14, 0)
    assert list(copy.regions_presented.values_list("code", flat=True)) == ["53"]
    assert not copy.registrations.exists()


def test_list_filters_by_region_and_period(client_for, site_a, coordinator):
    brittany = make_workshop(site=site_a, by=coordinator, topic="Atelier Bretagne")
    brittany.regions_presented.set(["53"])
    later = make_workshop(
        site=site_a,
        by=coordinator,
        topic="Atelier Occitanie",
        date=timezone.localdate() + datetime.timedelta(days=40),
    )
    later.regions_presented.set(["76"])
    client = client_for(coordinator)

    by_region = client.get("/workshops/", {"region": "53"}).content.decode()
    by_period = client.get(
        "/workshops/", {"date_from": (timezone.localdate() + datetime.timedelta(days=30))}
    ).content.decode()

    assert "Atelier Bretagne" in by_region and "Atelier Occitanie" not in by_region
    assert "Atelier Occitanie" in by_period and "Atelier Bretagne" not in by_period


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/workshops/").status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_workshops_or_attendees(client_for, site_a, coordinator):
    client = client_for(coordinator)
    today = timezone.localdate()
    for offset in (-7, 7):
        workshop = make_workshop(
            site=site_a, by=coordinator, date=today + datetime.timedelta(days=offset)
        )
        workshop.regions_presented.set(["53"])
    client.get("/workshops/")  # warm the session
    small = _list_queries(client)

    for offset in (-21, -14, 14, 21):
        workshop = make_workshop(
            site=site_a, by=coordinator, date=today + datetime.timedelta(days=offset)
        )
        workshop.regions_presented.set(Region.objects.exclude(code="11")[:3])
        services.workshop_register_household(
            workshop=workshop,
            household=make_family(site=site_a, by=coordinator, last_name=f"N{offset}", size=3),
            by=coordinator,
        )

    # session, user, memberships; site and region choices of the filters; upcoming workshops
    # and their regions; count, page and regions of past ones; session save (3)
    assert small == _list_queries(client) == 13


def test_calendar_shows_the_months_workshops_with_links_to_other_months(
    client_for, site_a, coordinator
):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 10, tzinfo=datetime.UTC)):
        make_workshop(
            site=site_a, by=coordinator, date=datetime.date(2025, 3, 20), topic="Atelier mars"
        )
        make_workshop(
            site=site_a, by=coordinator, date=datetime.date(2025, 4, 20), topic="Atelier avril"
        )
        client = client_for(coordinator)
        body = client.get("/workshops/calendar/").content.decode()
        april = client.get("/workshops/calendar/", {"month": "2025-04"}).content.decode()

    assert "Atelier mars" in body and "Atelier avril" not in body
    assert "?month=2025-02" in body and "?month=2025-04" in body
    assert "Atelier avril" in april


def test_no_shows_lists_the_absent_who_have_not_come_since(site_a, coordinator):
    past = make_workshop(
        site=site_a, by=coordinator, date=timezone.localdate() - datetime.timedelta(days=14)
    )
    missed = make_family(site=site_a, by=coordinator, last_name="Absent", size=1)
    came_later = make_family(site=site_a, by=coordinator, last_name="Revenu", size=1)
    (absent,) = services.workshop_register_household(
        workshop=past, household=missed, by=coordinator
    )
    (other,) = services.workshop_register_household(
        workshop=past, household=came_later, by=coordinator
    )
    for registration in (absent, other):
        services.workshop_record_attendance(
            registration=registration, attendance=Attendance.ABSENT, by=coordinator
        )
    today = make_workshop(site=site_a, by=coordinator)
    (again,) = services.workshop_register_household(
        workshop=today, household=came_later, by=coordinator
    )
    services.workshop_record_attendance(
        registration=again, attendance=Attendance.PRESENT, by=coordinator
    )

    no_shows = list(selectors.workshop_no_shows(user=coordinator))

    assert [r.pk for r in no_shows] == [absent.pk]


def test_workshop_indicators_count_attendance_and_distinct_households(site_a, coordinator):
    # The figures of the reports (reporting.indicators) read the workshops' attendance.
    workshop = make_workshop(site=site_a, by=coordinator)
    family = make_family(site=site_a, by=coordinator, last_name="Rahimi", size=2)
    services.workshop_register_household(workshop=workshop, household=family, by=coordinator)
    services.workshop_household_present(workshop=workshop, household=family, by=coordinator)
    missed = make_workshop(site=site_a, by=coordinator, topic="Personne n'est venu")
    services.workshop_register_household(
        workshop=missed,
        household=make_family(site=site_a, by=coordinator, last_name="Diallo", size=1),
        by=coordinator,
    )

    figures = indicators.workshop_indicators(
        indicators.make_scope(
            period_start=workshop.date, period_end=workshop.date, site_ids=[site_a.pk]
        )
    )

    assert figures == {"held": 1, "attendances": 2, "persons": 2, "households": 1}


def test_household_page_shows_the_workshop_attended(client_for, workshop, coordinator, household):
    person = make_person(household=household, by=coordinator)
    registration = services.workshop_register_person(
        workshop=workshop, person=person, by=coordinator
    )
    services.workshop_record_attendance(
        registration=registration, attendance=Attendance.PRESENT, by=coordinator
    )

    body = client_for(coordinator).get(f"/households/{household.pk}/").content.decode()

    assert workshop.get_absolute_url() in body
    assert workshop.topic in body

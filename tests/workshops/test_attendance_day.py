"""Attendance opens on the session's day: before it, the buttons say why they are disabled and
the server still refuses a crafted click."""

import datetime
import re
import zoneinfo

import time_machine
from django.conf import settings
from django.utils import translation

from workshops import services
from workshops.models import Attendance

from .conftest import make_family, make_workshop

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SESSION_DAY = datetime.date(2027, 3, 12)


def _in_paris(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def _attendance_page(client, workshop) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/workshops/{workshop.pk}/attendance/")
    assert response.status_code == 200
    return response.content.decode()


def _buttons(body: str) -> list[str]:
    """The opening tags of the attendance buttons (the page's table, or a redrawn row)."""
    if "<table" in body:
        body = body[body.index("<table") : body.index("</table>")]
    return re.findall(r"<button[^>]*>", body)


def _scheduled(site, by):
    with time_machine.travel(_in_paris(SESSION_DAY - datetime.timedelta(days=20), 10)):
        workshop = make_workshop(site=site, by=by, date=SESSION_DAY)
        family = make_family(site=site, by=by, last_name="Rahimi", size=2)
        registrations = services.workshop_register_household(
            workshop=workshop, household=family, by=by
        )
    return workshop, family, registrations


def test_attendance_buttons_are_disabled_with_the_reason_the_evening_before(
    client_for, site_a, coordinator
):
    workshop, _family, _registrations = _scheduled(site_a, coordinator)
    with time_machine.travel(_in_paris(SESSION_DAY - datetime.timedelta(days=1), 23), tick=False):
        body = _attendance_page(client_for(coordinator), workshop)

    buttons = _buttons(body)
    # Two persons × present/absent/excused, and the household's "whole household present".
    assert len(buttons) == 7
    assert all(" disabled" in b and 'aria-describedby="attendance-closed"' in b for b in buttons)
    reason = re.search(r'<div id="attendance-closed"[^>]*>(.*?)</div>', body).group(1)
    assert reason == "Attendance can be recorded from the session day (12 March 2027)."


def test_attendance_buttons_are_enabled_on_the_session_day(client_for, site_a, coordinator):
    workshop, _family, _registrations = _scheduled(site_a, coordinator)
    # Just after midnight in Paris, while it is still the day before in UTC.
    with time_machine.travel(_in_paris(SESSION_DAY, 0).replace(minute=30), tick=False):
        body = _attendance_page(client_for(coordinator), workshop)

    buttons = _buttons(body)
    assert len(buttons) == 7
    assert not any("disabled" in b or "aria-describedby" in b for b in buttons)
    assert 'id="attendance-closed"' not in body


def test_a_cancelled_workshop_disables_the_buttons_too(client_for, site_a, coordinator):
    workshop, _family, _registrations = _scheduled(site_a, coordinator)
    services.workshop_cancel(workshop=workshop, by=coordinator, reason="Salle inondée")

    with time_machine.travel(_in_paris(SESSION_DAY, 10), tick=False):
        body = _attendance_page(client_for(coordinator), workshop)

    assert 'id="attendance-closed"' in body
    assert all(" disabled" in b for b in _buttons(body))


def test_the_server_refuses_attendance_before_the_day_with_the_date(site_a, coordinator):
    _workshop, _family, (registration, _child) = _scheduled(site_a, coordinator)

    with (
        time_machine.travel(_in_paris(SESSION_DAY - datetime.timedelta(days=1), 12), tick=False),
        translation.override("en"),
    ):
        try:
            services.workshop_record_attendance(
                registration=registration, attendance=Attendance.PRESENT, by=coordinator
            )
        except services.WorkshopRuleError as error:
            message = error.message
        else:
            raise AssertionError("attendance recorded before the day")

    assert message == "Attendance can be recorded from the session day (12 March 2027)."
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


def test_a_crafted_click_before_the_day_is_refused_in_the_row_not_with_a_500(
    client_for, site_a, coordinator
):
    _workshop, _family, (registration, _child) = _scheduled(site_a, coordinator)
    with time_machine.travel(_in_paris(SESSION_DAY - datetime.timedelta(days=2), 9), tick=False):
        response = client_for(coordinator).post(
            f"/workshops/registrations/{registration.pk}/attendance/",
            {"attendance": "present"},
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 200
    body = response.content.decode()
    assert '<div class="text-danger small" role="alert">' in body
    # The row comes back still disabled.
    assert all(" disabled" in b for b in _buttons(body))
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNKNOWN


def test_on_the_day_a_click_records_the_attendance(client_for, site_a, coordinator):
    _workshop, _family, (registration, _child) = _scheduled(site_a, coordinator)

    with time_machine.travel(_in_paris(SESSION_DAY, 10), tick=False):
        response = client_for(coordinator).post(
            f"/workshops/registrations/{registration.pk}/attendance/",
            {"attendance": "absent"},
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attendance == Attendance.ABSENT

"""The household timeline gathers every app's entries and keeps free text from auditors."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from households import funnel, services
from households.models import ConsentScope, Status, WithdrawalReason
from households.signals import timeline_requested
from households.timeline import TimelineEntry, timeline_for_household, timeline_split
from tests.followups.helpers import relocated_household
from tests.workshops.conftest import make_workshop
from workshops import services as workshop_services
from workshops.models import Attendance


def _details(household, user) -> str:
    return " | ".join(str(e.detail) for e in timeline_for_household(household=household, user=user))


def test_status_comments_are_shown_to_staff_and_hidden_from_auditors(
    household, social_worker, director, auditor
):
    funnel.household_transition(
        household=household,
        to_status=Status.ON_HOLD,
        by=social_worker,
        comment="Hospitalisation de la mère jusqu'en mars",
    )
    funnel.household_transition(
        household=household,
        to_status=Status.WITHDRAWN,
        by=social_worker,
        reason=WithdrawalReason.HEALTH_FAMILY,
        comment="Ne souhaite plus partir pour raisons de santé",
    )
    for staff in (social_worker, director):
        shown = _details(household, staff)
        assert "Hospitalisation de la mère" in shown
        assert "raisons de santé" in shown

    audited = _details(household, auditor)
    assert "Hospitalisation" not in audited
    assert "raisons de santé" not in audited
    # The structured reason is not free text: the auditor still sees why the case ended.
    assert str(WithdrawalReason.HEALTH_FAMILY.label) in audited


# --- order and the upcoming group --------------------------------------------------------------


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_entries_are_in_date_order_then_in_the_order_of_their_day(household, social_worker):
    day = timezone.localdate() - datetime.timedelta(days=3)
    scrambled = [
        TimelineEntry(on=day, title="afternoon", kind="probe", at=_at(day, 15)),
        TimelineEntry(on=day, title="no time known", kind="probe"),
        TimelineEntry(on=day + datetime.timedelta(days=1), title="next day", kind="probe"),
        TimelineEntry(on=day, title="morning", kind="probe", at=_at(day, 9)),
        TimelineEntry(on=day - datetime.timedelta(days=1), title="day before", kind="probe"),
    ]

    def probe(sender, **kwargs):
        return scrambled

    timeline_requested.connect(probe, dispatch_uid="test_timeline_probe")
    try:
        entries = timeline_for_household(household=household, user=social_worker)
    finally:
        timeline_requested.disconnect(dispatch_uid="test_timeline_probe")

    # Without a moment of its own an entry opens its day (a cause comes before its effects).
    assert [e.title for e in entries if e.kind == "probe"] == [
        "day before",
        "no time known",
        "morning",
        "afternoon",
        "next day",
    ]


def test_a_registration_day_reads_in_the_order_it_was_recorded(site_a, social_worker):
    household = services.household_register(
        by=social_worker,
        site=site_a,
        referral_date=timezone.localdate(),
        consents=[ConsentScope.PARTNER_SHARING, ConsentScope.PROCESSING],
        consents_given_on=timezone.localdate(),
    )
    funnel.household_transition(
        household=household, to_status=Status.ON_HOLD, by=social_worker, comment="Attend un titre"
    )

    with translation.override("en"):
        titles = [e.title for e in timeline_for_household(household=household, user=social_worker)]

    assert titles == [
        "Registered (referred)",
        "Consent given: Processing of personal data",
        "Consent given: Sharing with partners",
        "Status: On hold",
    ]


def test_split_puts_what_is_still_to_come_apart_in_date_order():
    day = datetime.date(2026, 5, 4)
    entries = [
        TimelineEntry(on=day - datetime.timedelta(days=1), title="yesterday"),
        TimelineEntry(on=day, title="done today"),
        TimelineEntry(on=day, title="later today", planned=True),
        TimelineEntry(on=day + datetime.timedelta(days=2), title="in two days"),
        TimelineEntry(on=day - datetime.timedelta(days=5), title="late, never held", planned=True),
    ]

    past, upcoming = timeline_split(sorted(entries, key=lambda e: e.on), on=day)

    assert [e.title for e in past] == ["late, never held", "yesterday", "done today"]
    assert [e.title for e in upcoming] == ["later today", "in two days"]


def test_scheduled_follow_ups_are_upcoming_after_the_move(site_a, social_worker):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    past, upcoming = timeline_split(timeline_for_household(household=household, user=social_worker))

    assert [e.kind for e in upcoming] == ["followup"] * 4
    assert [e.on for e in upcoming] == sorted(e.on for e in upcoming)
    assert all(e.on > timezone.localdate() for e in upcoming)
    assert "relocation" in [e.kind for e in past]
    assert all(e.on <= timezone.localdate() for e in past)


def test_a_workshop_to_come_is_upcoming_and_one_attended_is_past(
    site_a, social_worker, coordinator, household, person
):
    today = timezone.localdate()
    held = make_workshop(site=site_a, by=coordinator, date=today, topic="Vivre en Bretagne")
    to_come = make_workshop(
        site=site_a, by=coordinator, date=today + datetime.timedelta(days=7), topic="Occitanie"
    )
    for workshop in (held, to_come):
        workshop_services.workshop_register_person(workshop=workshop, person=person, by=coordinator)
    attended = held.registrations.get()
    workshop_services.workshop_record_attendance(
        registration=attended, attendance=Attendance.PRESENT, by=coordinator
    )

    past, upcoming = timeline_split(timeline_for_household(household=household, user=social_worker))

    assert [e.on for e in upcoming if e.kind == "workshop"] == [to_come.date]
    assert [e.on for e in past if e.kind == "workshop"] == [held.date]
    assert [e.planned for e in upcoming if e.kind == "workshop"] == [True]
    assert [e.planned for e in past if e.kind == "workshop"] == [False]


def test_the_household_page_shows_upcoming_under_its_own_heading(client_for, site_a, social_worker):
    household, _relocation = relocated_household(site=site_a, by=social_worker)

    response = client_for(social_worker).get(
        reverse("households:detail", kwargs={"pk": household.pk})
    )
    html = response.content.decode()

    assert len(response.context["upcoming"]) == 4
    past_part, _heading, upcoming_part = html.partition('id="timeline-upcoming-title"')
    for entry in response.context["upcoming"]:
        link = f'<a href="{entry.url}">{entry.title}</a>'
        assert link in upcoming_part
        assert link not in past_part
    assert 'id="timeline-title"' in past_part


def test_no_upcoming_heading_when_nothing_is_to_come(client_for, household, social_worker):
    response = client_for(social_worker).get(
        reverse("households:detail", kwargs={"pk": household.pk})
    )

    assert response.context["upcoming"] == []
    assert 'id="timeline-upcoming-title"' not in response.content.decode()

"""Workshops and trainings: the awareness workshops households attend, the next one with its
registrations, and a training day for the reception centres' staff."""

import datetime
from decimal import Decimal

from demo.demo_data.context import Case, Demo, working_day
from demo.demo_data.data import (
    TRAINEES,
    TRAINEES_NOT_PRESENT,
    WORKSHOP_CALENDAR,
    WORKSHOP_PLACES,
    WORKSHOP_REGIONS,
    WORKSHOP_TOPICS,
)
from households.models import Status
from partners.models import Partner
from workshops.models import Attendance, Workshop
from workshops.services import (
    trainee_create,
    training_create,
    training_record_attendance,
    training_register_trainee,
    workshop_create,
    workshop_household_present,
    workshop_record_attendance,
    workshop_register_person,
)


def workshop_day(site_code: str, on_or_before: datetime.date) -> datetime.date:
    """The site's last workshop day on or before the given day."""
    first = WORKSHOP_CALENDAR[site_code]
    return first + datetime.timedelta(days=28 * ((on_or_before - first).days // 28))


def _workshop_for(demo: Demo, site_code: str, day: datetime.date) -> Workshop:
    """The site's workshop of that day, scheduled the first time a household needs it."""
    key = (site_code, day)
    if key not in demo.workshops:
        number = len(demo.workshops)
        organiser, worker = demo.organisers[site_code], demo.workers[site_code]
        codes = [WORKSHOP_REGIONS[(number + i) % len(WORKSHOP_REGIONS)] for i in range(3)]
        interpreter = number % 2 == 0
        demo.workshops[key] = workshop_create(
            by=organiser,
            site=demo.sites[site_code],
            date=day,
            place=WORKSHOP_PLACES[site_code],
            capacity=20,
            topic=WORKSHOP_TOPICS[number % len(WORKSHOP_TOPICS)],
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            language="français, interprètes dari et arabe" if interpreter else "français",
            interpreter_booked=interpreter,
            regions_presented=[demo.regions[code] for code in codes],
            facilitators=list({organiser, worker}),
        )
    return demo.workshops[key]


def attend_workshop(demo: Demo, case: Case, day: datetime.date) -> None:
    """The household's adults attend the workshop; the household becomes informed."""
    workshop = _workshop_for(demo, case.site_code, day)
    organiser = demo.organisers[case.site_code]
    for person in case.adults:
        workshop_register_person(workshop=workshop, person=person, by=organiser)
    # Present at the workshop: the household is informed, on the workshop's day.
    workshop_household_present(workshop=workshop, household=case.household, by=organiser)


def upcoming_workshop(demo: Demo, cases: list[Case]) -> None:
    """Paris's next workshop, with the new households registered; one of them had missed
    the previous one."""
    organiser = demo.organisers["paris"]
    upcoming = _workshop_for(
        demo, "paris", workshop_day("paris", demo.today + datetime.timedelta(days=34))
    )
    missed_one = False
    for case in cases:
        if case.target != Status.REFERRED or case.site_code != "paris":
            continue
        past = [
            workshop
            for (site_code, day), workshop in demo.workshops.items()
            if site_code == "paris" and case.journey.referral < day < demo.today
        ]
        if past and not missed_one:
            missed_one = True
            for person in case.adults:
                registration = workshop_register_person(
                    workshop=past[0], person=person, by=organiser
                )
                workshop_record_attendance(
                    registration=registration, attendance=Attendance.ABSENT, by=organiser
                )
        for person in case.adults:
            workshop_register_person(workshop=upcoming, person=person, by=organiser)


def professional_training(demo: Demo, referrers: dict[str, Partner]) -> None:
    """A training day for the reception centres' staff, attendance taken."""
    day = working_day(demo.today - datetime.timedelta(days=70))
    by = demo.coordinator
    training = training_create(
        by=by,
        site=demo.sites["paris"],
        date=day,
        place=WORKSHOP_PLACES["paris"],
        capacity=16,
        topic="Accompagner un projet de mobilité géographique hors Île-de-France",
        duration_hours=Decimal("6.00"),
        trainers=[by, demo.workers["paris"]],
    )
    for name, organisation, job_title in TRAINEES:
        trainee = trainee_create(
            by=by, name=name, organisation=referrers[organisation], job_title=job_title
        )
        registration = training_register_trainee(training=training, trainee=trainee, by=by)
        training_record_attendance(
            registration=registration,
            attendance=TRAINEES_NOT_PRESENT.get(name, Attendance.PRESENT),
            by=by,
        )

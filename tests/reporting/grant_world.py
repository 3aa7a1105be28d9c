"""Builders of the grant world of test_grant_indicators, through the real services."""

import datetime

from funding import services as funding_services
from funding.models import EvidenceKind
from households.models import Relation
from interviews.models import Kind
from mobility_plans.models import HousingObtained, Lever
from mobility_plans.services import relocation_record
from territories.models import Departement
from tests.factories import make_household, make_person
from tests.funding.factories import make_grant
from tests.interviews.builders import plan_data, record_interview
from workshops import services as ws
from workshops.models import Attendance

D = datetime.date


def workshop(site, by, on, capacity=20):
    return ws.workshop_create(
        by=by,
        site=site,
        date=on,
        place="Salle 1",
        capacity=capacity,
        topic="Vivre en région",
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        language="français",
    )


def present(workshop, household, by):
    ws.workshop_register_household(workshop=workshop, household=household, by=by)
    ws.workshop_household_present(workshop=workshop, household=household, by=by)


def diagnostic(household, by, on):
    record_interview(
        household=household,
        by=by,
        kind=Kind.DIAGNOSTIC,
        held_on=on,
        assessment={"french_level": "A2"},
    )


def move(household, by, planned_on, moved_on, persons):
    interview = record_interview(
        household=household,
        by=by,
        kind=Kind.MOBILITY_PLAN,
        held_on=planned_on,
        plan=plan_data(household, signed_on=planned_on),
    )
    relocation_record(
        plan=interview.plan,
        by=by,
        moved_on=moved_on,
        commune="Rennes",
        departement=Departement.objects.get(code="35"),
        lever_used=Lever.EMPLOYMENT,
        housing_obtained=HousingObtained.SOCIAL,
        persons=persons,
    )


def household(site, by, status, *, evidence=None):
    """A household whose head has `status`; `evidence`: (issued_on, expires_on) or None."""
    household = make_household(site=site, by=by, social_worker=by, referral_date=D(2024, 9, 1))
    head = make_person(household=household, by=by, relation=Relation.HEAD, protection_status=status)
    if evidence:
        funding_services.evidence_record(
            by=by,
            person=head,
            kind=EvidenceKind.REFUGEE_RESIDENT_CARD,
            number="7501234567",
            issued_on=evidence[0],
            expires_on=evidence[1],
        )
    return household, head


def training(site, by, on, hours, present):
    training = ws.training_create(
        by=by,
        site=site,
        date=on,
        place="Salle 2",
        capacity=10,
        topic="Accompagner la mobilité",
        duration_hours=hours,
    )
    for trainee in present:
        registration = ws.training_register_trainee(training=training, trainee=trainee, by=by)
        ws.training_record_attendance(
            registration=registration, attendance=Attendance.PRESENT, by=by
        )


def eligible_world(site, social_worker, coordinator, director):
    """A grant of 2025 on `site` and one eligible household that attended a workshop, had its
    diagnostic and moved within it: the grant."""
    household_, head = household(site, social_worker, "refugee", evidence=(D(2024, 1, 1), None))
    present(workshop(site, coordinator, D(2025, 3, 10)), household_, social_worker)
    diagnostic(household_, social_worker, D(2025, 4, 1))
    move(household_, social_worker, D(2025, 5, 1), D(2025, 7, 1), [head])
    return make_grant(by=director, sites=[site], starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))

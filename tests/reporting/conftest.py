"""A small programme built by hand through the real services, whose indicators are known.

Today is frozen on 15 March 2026. Site A (social worker ts.a), site B (ts.b):

H1 (A) referred 2024-10-01 by CADA Y, workshop 2024-11-05 (2 members), diagnostic 2024-12-01,
   plan signed 2025-01-10, moved 2025-03-05 to Ille-et-Vilaine (Brittany) by employment,
   both members (refugee, subsidiary). Follow-ups: 3 months done 2025-06-10 (housed, employed,
   in region), 6 months done 2025-09-10 (housed, in training, in region), 12 months done
   2026-03-06 (returned to Île-de-France).
H2 (A) referred 2025-02-01 by CADA Y, workshop 2025-03-10 (3 members), diagnostic 2025-04-01,
   plan signed 2025-05-01, moved 2025-07-01 to Isère (Auvergne-Rhône-Alpes) by housing; 2 of
   its 3 members moved (a refugee and a child without status; the other refugee stayed).
   Follow-up at 3 months done 2025-10-05 (housing lost, back in Île-de-France).
H3 (A) referred 2025-01-15 by CADA Z, no workshop, diagnostic 2025-02-01, withdrawn 2025-06-01
   (solution in Île-de-France).
H4 (A) referred 2025-05-01, workshop 2025-06-10, withdrawn 2025-09-01 (no longer willing).
H5 (A) entered with past dates: referred 2019-03-01, diagnostic 2019-04-01, plan signed
   2019-05-01, moved 2019-09-01 by training, 1 person.
H6 (B) referred 2025-03-01, workshop 2025-04-01 (site B), diagnostic 2025-05-01, plan signed
   2025-06-01, moved 2025-10-01 to Ille-et-Vilaine by employment (stateless person).
Trainings (site A): T1 2025-05-20, 3.5 h, two staff of CADA X present, an employer's staff
absent; T2 2024-06-01, 2 h, one CADA X staff present; T3 2025-11-01 nobody present.
"""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import translation

from accounts.models import Role
from followups.models import FollowUp
from followups.services import followup_record
from households.funnel import household_transition
from households.models import Relation, Status, WithdrawalReason
from interviews.models import Kind
from mobility_plans.models import HousingObtained, Lever
from mobility_plans.services import relocation_record
from partners.models import PartnerKind
from territories.models import Departement
from tests.factories import PartnerFactory, make_household, make_person, user_with_role
from tests.interviews.builders import plan_data, record_interview
from workshops import services as ws
from workshops.models import Attendance

NOW = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Messages are matched in the source language, in tests and in pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _workshop(site, by, on, topic="Vivre en région"):
    return ws.workshop_create(
        by=by,
        site=site,
        date=on,
        place="Salle 1",
        capacity=20,
        topic=topic,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        language="français",
    )


def _attend(workshop, household, by):
    ws.workshop_register_household(workshop=workshop, household=household, by=by)
    ws.workshop_household_present(workshop=workshop, household=household, by=by)


def _diagnostic(household, by, on):
    record_interview(
        household=household,
        by=by,
        kind=Kind.DIAGNOSTIC,
        held_on=on,
        assessment={"french_level": "A2"},
    )


def _plan(household, by, on):
    interview = record_interview(
        household=household,
        by=by,
        kind=Kind.MOBILITY_PLAN,
        held_on=on,
        plan=plan_data(household, signed_on=on),
    )
    return interview.plan


def _move(plan, by, on, departement, lever, persons):
    return relocation_record(
        plan=plan,
        by=by,
        moved_on=on,
        commune="Ville",
        departement=Departement.objects.get(code=departement),
        lever_used=lever,
        housing_obtained=HousingObtained.SOCIAL,
        persons=persons,
    )


def _followup(relocation, months, by, on, **outcome):
    followup = FollowUp.objects.get(relocation=relocation, months_after=months)
    values = {
        "method": "phone",
        "housing_kept": False,
        "employment": "",
        "in_training": False,
        "location": "",
        "difficulties": "",
        "next_actions": "",
    }
    values.update(outcome)
    followup_record(followup=followup, by=by, done_on=on, **values)


def _member(household, by, first_name, protection, relation=Relation.OTHER):
    return make_person(
        household=household,
        by=by,
        first_name=first_name,
        relation=relation,
        protection_status=protection,
    )


@pytest.fixture
def programme(site_a, site_b, social_worker, social_worker_b, coordinator):
    sw, sw_b = social_worker, social_worker_b
    cada_x = PartnerFactory(name="CADA X")
    cada_y = PartnerFactory(name="CADA Y")
    cada_z = PartnerFactory(name="CADA Z")
    employer = PartnerFactory(name="Entreprise E", kind=PartnerKind.EMPLOYER)

    h1 = make_household(
        site=site_a, by=sw, social_worker=sw, referral_date=D(2024, 10, 1), referring_partner=cada_y
    )
    h1_a = _member(h1, sw, "Amina", "refugee", Relation.HEAD)
    h1_b = _member(h1, sw, "Bilal", "subsidiary", Relation.SPOUSE)
    _attend(_workshop(site_a, coordinator, D(2024, 11, 5)), h1, sw)
    _diagnostic(h1, sw, D(2024, 12, 1))
    plan = _plan(h1, sw, D(2025, 1, 10))
    r1 = _move(plan, sw, D(2025, 3, 5), "35", Lever.EMPLOYMENT, [h1_a, h1_b])

    h2 = make_household(
        site=site_a, by=sw, social_worker=sw, referral_date=D(2025, 2, 1), referring_partner=cada_y
    )
    h2_a = _member(h2, sw, "Chirine", "refugee", Relation.HEAD)
    _member(h2, sw, "Dawit", "refugee", Relation.SPOUSE)
    h2_c = _member(h2, sw, "Elias", "", Relation.CHILD)
    _attend(_workshop(site_a, coordinator, D(2025, 3, 10)), h2, sw)
    _diagnostic(h2, sw, D(2025, 4, 1))
    plan = _plan(h2, sw, D(2025, 5, 1))
    r2 = _move(plan, sw, D(2025, 7, 1), "38", Lever.HOUSING, [h2_a, h2_c])

    h3 = make_household(
        site=site_a, by=sw, social_worker=sw, referral_date=D(2025, 1, 15), referring_partner=cada_z
    )
    _member(h3, sw, "Farid", "refugee", Relation.HEAD)
    _diagnostic(h3, sw, D(2025, 2, 1))
    household_transition(
        household=h3,
        to_status=Status.WITHDRAWN,
        by=sw,
        occurred_on=D(2025, 6, 1),
        reason=WithdrawalReason.SOLUTION_IN_IDF,
    )

    h4 = make_household(site=site_a, by=sw, social_worker=sw, referral_date=D(2025, 5, 1))
    _member(h4, sw, "Gul", "regularised", Relation.HEAD)
    _attend(_workshop(site_a, coordinator, D(2025, 6, 10)), h4, sw)
    household_transition(
        household=h4,
        to_status=Status.WITHDRAWN,
        by=sw,
        occurred_on=D(2025, 9, 1),
        reason=WithdrawalReason.NO_LONGER_WILLING,
    )

    # Entered later with the dates of 2019, as an import of past cases will.
    h5 = make_household(site=site_a, by=sw, social_worker=sw, referral_date=D(2019, 3, 1))
    h5_a = _member(h5, sw, "Hawa", "refugee", Relation.HEAD)
    _diagnostic(h5, sw, D(2019, 4, 1))
    plan = _plan(h5, sw, D(2019, 5, 1))
    _move(plan, sw, D(2019, 9, 1), "35", Lever.TRAINING, [h5_a])

    coordinator_b = user_with_role(Role.COORDINATOR, site_b, username="coord.b")
    h6 = make_household(site=site_b, by=sw_b, social_worker=sw_b, referral_date=D(2025, 3, 1))
    h6_a = _member(h6, sw_b, "Idris", "stateless", Relation.HEAD)
    _attend(_workshop(site_b, coordinator_b, D(2025, 4, 1)), h6, sw_b)
    _diagnostic(h6, sw_b, D(2025, 5, 1))
    plan = _plan(h6, sw_b, D(2025, 6, 1))
    _move(plan, sw_b, D(2025, 10, 1), "35", Lever.EMPLOYMENT, [h6_a])

    # A cancelled workshop never counts.
    cancelled = _workshop(site_a, coordinator, D(2025, 8, 1), topic="Annulé")
    ws.workshop_cancel(workshop=cancelled, by=coordinator, reason="Salle indisponible")

    _followup(
        r1,
        3,
        sw,
        D(2025, 6, 10),
        housing_kept=True,
        employment="employed",
        location="target_region",
    )
    _followup(
        r1, 6, sw, D(2025, 9, 10), housing_kept=True, in_training=True, location="target_region"
    )
    _followup(r1, 12, sw, D(2026, 3, 6), location="returned_idf")
    _followup(r2, 3, sw, D(2025, 10, 5), location="returned_idf")

    p1 = ws.trainee_create(by=coordinator, name="Paul", organisation=cada_x)
    p2 = ws.trainee_create(by=coordinator, name="Pauline", organisation=cada_x)
    p3 = ws.trainee_create(by=coordinator, name="Pierre", organisation=employer)
    trainings = []
    for on, hours, present, absent in (
        (D(2025, 5, 20), "3.5", [p1, p2], [p3]),
        (D(2024, 6, 1), "2", [p1], []),
        (D(2025, 11, 1), "2", [], [p1]),
    ):
        training = ws.training_create(
            by=coordinator,
            site=site_a,
            date=on,
            place="Salle 2",
            capacity=10,
            topic="Accompagner la mobilité",
            duration_hours=hours,
        )
        trainings.append(training)
        for trainee, attendance in [(p, Attendance.PRESENT) for p in present] + [
            (p, Attendance.ABSENT) for p in absent
        ]:
            registration = ws.training_register_trainee(
                training=training, trainee=trainee, by=coordinator
            )
            ws.training_record_attendance(
                registration=registration, attendance=attendance, by=coordinator
            )

    return SimpleNamespace(
        h1=h1, h2=h2, h3=h3, h4=h4, h5=h5, h6=h6,
        cada_x=cada_x, cada_y=cada_y, cada_z=cada_z, employer=employer,
        trainings=trainings, coordinator_b=coordinator_b,
    )  # fmt: skip

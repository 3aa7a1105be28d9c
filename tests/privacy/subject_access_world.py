"""A household with something of every kind in its file, built through the real services."""

import datetime

from django.utils import timezone

from funding.models import EvidenceKind
from funding.services.evidence import evidence_record
from households.models import Relation
from interviews.models import Kind
from mobility_plans.services import plan_step_set_done
from tests.factories import make_household, make_person
from tests.followups.helpers import relocate
from tests.interviews.builders import record_interview, signed_plan
from tests.partners.helpers import give_sharing_consent, make_partner, send_referral
from tests.workshops.conftest import make_workshop
from workshops.models import Attendance
from workshops.services import workshop_record_attendance, workshop_register_person


def full_household(*, site, by, coordinator, extra: int = 0):
    """Two members, both consents, both interviews and `extra` more, a signed plan with its
    targets and steps, 1 + `extra` referrals, a workshop attended, a move with its follow-ups
    and the head's evidence."""
    household = make_household(site=site, by=by, social_worker=by, mobility_wishes="Rennes")
    head = make_person(household=household, by=by)
    spouse = make_person(
        household=household,
        by=by,
        first_name="Farid",
        last_name="Rahimi",
        relation=Relation.SPOUSE,
        birth_date=datetime.date(1988, 2, 3),
    )
    give_sharing_consent(household=household, by=by)
    workshop = make_workshop(site=site, by=coordinator, date=timezone.localdate())
    registration = workshop_register_person(workshop=workshop, person=head, by=coordinator)
    workshop_record_attendance(registration=registration, attendance=Attendance.PRESENT, by=by)
    plan = signed_plan(household=household, by=by)
    plan_step_set_done(step=plan.steps.first(), by=by, done=True)
    for n in range(extra):
        record_interview(household=household, by=by, kind=Kind.OTHER, notes=f"Appel {n}")
    partner = make_partner()
    send_referral(plan=plan, partner=partner, by=by, persons=[head])
    for _n in range(extra):
        send_referral(plan=plan, partner=partner, by=by)
    evidence_record(
        by=by,
        person=head,
        kind=EvidenceKind.OFPRA_DECISION,
        number="OF-123",
        issued_on=datetime.date(2024, 1, 10),
    )
    relocate(household=household, by=by, plan=plan)
    household.refresh_from_db()
    return household, head, spouse

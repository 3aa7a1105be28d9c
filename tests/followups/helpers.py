"""Relocated households built through the real services (the schedule comes from the signal)."""

import datetime

from django.utils import timezone

from followups import services
from households.models import Household
from mobility_plans.models import HousingObtained, Lever, Relocation
from mobility_plans.services import plan_step_add, relocation_record
from territories.models import Departement
from territories.services import territories_load
from tests.factories import make_household, make_person
from tests.interviews.builders import (
    days_ago,
    record_diagnostic,
    record_plan_interview,
    signed_plan,
)


def reload_territories() -> None:
    """Regions come from a data migration that an earlier transactional test may have flushed:
    put them back (missing rows only, so it is safe either way)."""
    territories_load()


def today() -> datetime.date:
    return timezone.localdate()


def relocate(
    *,
    household: Household,
    by,
    moved_on: datetime.date | None = None,
    plan=None,
    historical: bool = False,
) -> Relocation:
    """Take a household with members through both interviews and record its move."""
    plan = plan or signed_plan(household=household, by=by)
    return relocation_record(
        plan=plan,
        by=by,
        historical=historical,
        moved_on=moved_on or days_ago(1),
        commune="Rennes",
        departement=Departement.objects.get(code="35"),
        lever_used=Lever.EMPLOYMENT,
        housing_obtained=HousingObtained.SOCIAL,
        job_or_training="Cariste, CDI",
        persons=list(household.members.all()),
    )


def relocated_household(*, site, by, social_worker=None) -> tuple[Household, Relocation]:
    household = make_household(site=site, by=by, social_worker=social_worker or by)
    make_person(household=household, by=by)
    relocation = relocate(household=household, by=by)
    household.refresh_from_db()
    return household, relocation


def moved_in_the_past(
    *, site, by, moved_on: datetime.date, historical: bool = True
) -> tuple[Household, Relocation]:
    """A case entered as history: referred, interviewed and signed before `moved_on`, then the
    move recorded (as a loader does, with `historical` unless told otherwise)."""
    day = datetime.timedelta(days=1)
    household = make_household(
        site=site, by=by, social_worker=by, referral_date=moved_on - 120 * day
    )
    make_person(household=household, by=by)
    record_diagnostic(household=household, by=by, held_on=moved_on - 90 * day)
    plan = record_plan_interview(
        household=household, by=by, held_on=moved_on - 60 * day, signed_on=moved_on - 60 * day
    )
    relocation = relocate(
        household=household, by=by, moved_on=moved_on, plan=plan, historical=historical
    )
    household.refresh_from_db()
    return household, relocation


OUTCOME = {
    "method": "phone",
    "housing_kept": True,
    "housing_kind": "social",
    "employment": "employed",
    "in_training": False,
    "children_at_school": None,
    "health_insurance_opened": True,
    "family_benefits_opened": True,
    "employment_service_registered": False,
    "location": "target_region",
    "difficulties": "Transport difficile le week-end.",
    "next_actions": "Accompagner la demande de logement définitif.",
}


def overdue_followup(household, by):
    """The household's first follow-up, moved to yesterday: it is late."""
    first = household.followups.order_by("due_on").first()
    return services.followup_reschedule(followup=first, by=by, due_on=days_ago(1))


def late_step(household, by, days):
    """A step of the household's plan, due `days` ago: it is late."""
    plan = household.mobility_plans.get()
    return plan_step_add(plan=plan, by=by, action=f"Relancer ({days})", due_on=days_ago(days))


def caseload_of(size, site, worker):
    """`size` more households of the worker, each with a member whose permit expires soon."""
    for number in range(size):
        household = make_household(site=site, by=worker, social_worker=worker)
        make_person(
            household=household,
            by=worker,
            first_name=f"Prénom{number}",
            permit_expiry=today() + datetime.timedelta(days=number % 50),
        )

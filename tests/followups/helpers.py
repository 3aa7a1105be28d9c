"""Relocated households built through the real services (the schedule comes from the signal)."""

import datetime

from django.utils import timezone

from households.models import Household
from mobility_plans.models import HousingObtained, Lever, Relocation
from mobility_plans.services import relocation_record
from territories.models import Departement
from territories.services import territories_load
from tests.factories import make_household, make_person
from tests.interviews.builders import days_ago, signed_plan


def reload_territories() -> None:
    """Regions come from a data migration that an earlier transactional test may have flushed:
    put them back (missing rows only, so it is safe either way)."""
    territories_load()


def today() -> datetime.date:
    return timezone.localdate()


def relocate(*, household: Household, by, moved_on: datetime.date | None = None) -> Relocation:
    """Take a household with members through both interviews and record its move."""
    plan = signed_plan(household=household, by=by)
    return relocation_record(
        plan=plan,
        by=by,
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

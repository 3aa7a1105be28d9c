"""Interviews and plans: the diagnostic interview, then the second interview that builds and
signs the mobility plan."""

import datetime

from demo.demo_data.context import Case, Demo
from demo.demo_data.data import (
    INTERVIEW_LANGUAGES,
    PLAN_OBJECTIVES,
    PLAN_STEPS,
    WORKSHOP_REGIONS,
)
from demo.demo_data.referrals import offer_for, referral_in_progress, referrals_before_move
from households import services
from households.models import ConsentScope, Employment, Status
from interviews.models import HealthInsurance, Kind, Mode, Willingness
from interviews.services import interview_record
from mobility_plans.models import MobilityPlan
from mobility_plans.services import plan_step_set_done
from partners.models import Offer


def _interview_fields(demo: Demo, case: Case, *, minutes: int, notes: str) -> dict:
    language = INTERVIEW_LANGUAGES.get(case.country, "français")
    return {
        "duration_minutes": minutes,
        "language": language,
        "interpreter_used": language not in ("français", "anglais")
        and case.members[0].french_level in ("none", "A1"),
        "mode": Mode.IN_PERSON,
        "place": demo.sites[case.site_code].name,
        "notes": notes,
    }


def diagnostic_interview(demo: Demo, case: Case) -> None:
    """Interview 1 assesses the situation; the household becomes diagnosed."""
    rng = demo.rng
    hesitant = case.target in (Status.WITHDRAWN, Status.ON_HOLD)
    interview_record(
        household=case.household,
        by=case.worker,
        kind=Kind.DIAGNOSTIC,
        held_on=case.journey.diagnostic,
        social_worker=case.worker,
        persons_present=case.adults,
        assessment={
            "housing_situation": case.household.accommodation,
            "housing_difficulties": "Hébergement temporaire, sans proposition de logement "
            "pérenne en Île-de-France.",
            "employment_situation": Employment.JOB_SEEKER,
            "employment_difficulties": "Peu d'offres accessibles sans expérience en France ; "
            "longs trajets.",
            "french_level": case.members[0].french_level,
            "children_schooling": "Enfants scolarisés ; changement d'école à prévoir."
            if case.has_children
            else "",
            "family_ties": "Quelques connaissances en Île-de-France, pas de famille proche.",
            "health_insurance": HealthInsurance.COVERED,
            "willingness_to_move": Willingness.HESITANT if hesitant else Willingness.YES,
            "accepts_city": rng.random() < 0.5,
            "accepts_town": True,
            "accepts_small_town": rng.random() < 0.6,
            "accepts_rural": rng.random() < 0.3,
            "places_comment": "Souhaite une ville moyenne desservie par le train.",
        },
        **_interview_fields(
            demo,
            case,
            minutes=90,
            notes="Premier entretien : situation actuelle, freins à l'emploi et au logement "
            "en Île-de-France, souhaits de mobilité.",
        ),
    )


def plan_interview(demo: Demo, case: Case) -> tuple[MobilityPlan, Offer, str]:
    """Interview 2 builds and signs the plan; the household then agrees to be referred."""
    journey, worker = case.journey, case.worker
    lever = case.lever
    moving = journey.moved is not None
    offer = offer_for(demo, lever, moving=moving)
    region = offer.departement.region
    others = [code for code in WORKSHOP_REGIONS if code != region.pk]
    second = demo.regions[others[case.index % len(others)]]
    held_on = journey.plan_interview
    interview = interview_record(
        household=case.household,
        by=worker,
        kind=Kind.MOBILITY_PLAN,
        held_on=held_on,
        social_worker=worker,
        persons_present=case.adults,
        plan={
            "lever": lever,
            "targets": [
                {"region": region, "departement": offer.departement},
                {"region": second},
            ],
            "persons": case.members,
            "objectives": PLAN_OBJECTIVES[lever].format(
                title=offer.title, partner=offer.partner.name, commune=offer.commune
            ),
            "signed_on": journey.signed,
            "steps": [
                {
                    "action": action,
                    "owner": owner,
                    "due_on": held_on + datetime.timedelta(days=d),
                }
                for action, owner, d in PLAN_STEPS[lever]
            ],
        },
        **_interview_fields(
            demo,
            case,
            minutes=75,
            notes="Deuxième entretien : construction du projet de mobilité, choix des "
            "territoires et signature du plan.",
        ),
    )
    plan = interview.plan
    services.consent_record(
        household=case.household,
        scope=ConsentScope.PARTNER_SHARING,
        given_on=held_on,
        by=worker,
    )
    if moving:
        referrals_before_move(demo, case, plan, offer, lever)
        for step in plan.steps.all():
            plan_step_set_done(
                step=step, by=worker, done=True, done_on=min(step.due_on, journey.moved)
            )
    else:
        referral_in_progress(demo, case, plan, offer)
    return plan, offer, lever

"""Relocations and follow-ups: the move that realises a plan, and the follow-ups already due."""

from demo.demo_data.context import Case, Demo, days, working_day
from demo.demo_data.data import FOLLOWUP_HOUSING, FOLLOWUP_NOTES, HOUSING_OBTAINED
from followups.models import FollowUpStatus, Location, Method
from followups.services import followup_record
from households.models import Employment, Status
from mobility_plans.models import Lever
from mobility_plans.services import relocation_record
from partners.models import Offer, OfferKind, OfferStatus
from partners.services import offer_set_status


def relocate(demo: Demo, case: Case, plan, offer: Offer, lever: str):
    """The move realises the plan; the follow-ups app schedules +1/+3/+6/+12 months."""
    relocation = relocation_record(
        plan=plan,
        by=case.worker,
        moved_on=case.journey.moved,
        commune=offer.commune,
        departement=offer.departement,
        lever_used=lever,
        housing_obtained=HOUSING_OBTAINED[lever],
        job_or_training="" if lever == Lever.HOUSING else f"{offer.title} — {offer.partner.name}",
        persons=case.members,
    )
    if offer.kind in (OfferKind.JOB, OfferKind.HOUSING):
        offer_set_status(offer=offer, status=OfferStatus.FILLED, by=demo.coordinator)
    return relocation


def follow_up(demo: Demo, case: Case, relocation, lever: str) -> None:
    """Record each follow-up already due (the one at 12 months only for closed cases)."""
    for followup in relocation.followups.filter(status=FollowUpStatus.SCHEDULED):
        months = followup.months_after
        if followup.due_on > demo.today or (months == 12 and case.target != Status.CLOSED):
            continue
        employed = lever == Lever.EMPLOYMENT or (lever == Lever.HOUSING and months >= 6)
        if employed:
            employment = Employment.EMPLOYED
        elif lever == Lever.TRAINING:
            employment = Employment.IN_TRAINING
        else:
            employment = Employment.JOB_SEEKER
        difficulties, next_actions = FOLLOWUP_NOTES[months]
        followup_record(
            followup=followup,
            by=case.worker,
            done_on=min(working_day(followup.due_on + days(demo.rng, 0, 6)), demo.today),
            method=Method.PHONE if months in (1, 6) else Method.VISIT,
            housing_kept=True,
            housing_kind=FOLLOWUP_HOUSING[lever],
            employment=employment,
            in_training=lever == Lever.TRAINING and months < 12,
            children_at_school=True if case.has_children else None,
            health_insurance_opened=True,
            family_benefits_opened=case.has_children,
            employment_service_registered=True,
            location=Location.TARGET_REGION,
            difficulties=difficulties,
            next_actions=next_actions,
        )

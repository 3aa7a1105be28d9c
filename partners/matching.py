"""Matching households' mobility plans with partners' open offers: the database side.

The database is asked once for the candidate offers (only the columns the score needs) and
once for each part of a household's profile; the ranking itself happens in Python, with the
pure functions of scoring.py.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from core import dates
from households.models import Household, Person
from mobility_plans.models import MobilityPlan
from mobility_plans.selectors import plan_active_for_household

from .models import Offer, OfferStatus
from .scoring import (
    HouseholdProfile,
    Match,
    OfferFacts,
    OfferMatch,
    build_profile,
    rank_offers,
    score_offer,
)

# Each field of OfferFacts and the column it is read from.
OFFER_COLUMNS = {
    "pk": "pk",
    "kind": "kind",
    "title": "title",
    "partner_id": "partner_id",
    "partner_name": "partner__name",
    "commune": "commune",
    "departement_code": "departement_id",
    "departement_name": "departement__name",
    "region_code": "departement__region_id",
    "region_name": "departement__region__name",
    "starts_on": "starts_on",
    "capacity": "capacity",
    "french_level_required": "french_level_required",
    "driving_licence_required": "driving_licence_required",
}
# What build_profile reads of each member.
MEMBER_COLUMNS = ("id", "birth_date", "french_level", "driving_licence")


@dataclass
class HouseholdMatch:
    """One household whose active plan was scored against an offer."""

    household: Household
    plan: MobilityPlan
    match: Match
    profile: HouseholdProfile = field(repr=False)


def profile_for_plan(*, plan: MobilityPlan, today: datetime.date | None = None) -> HouseholdProfile:
    """The plan's profile in two queries: its targets, and the members with a "moving" flag."""
    today = today or dates.today()
    targets = plan.targets.values_list("region_id", "departement_id")
    moving = MobilityPlan.persons.through.objects.filter(
        mobilityplan_id=plan.pk, person_id=OuterRef("pk")
    )
    members = list(
        Person.objects.filter(household_id=plan.household_id)
        .annotate(moving=Exists(moving))
        .values(*MEMBER_COLUMNS, "moving")
    )
    return build_profile(
        lever=plan.lever,
        targets=targets,
        members=members,
        moving_ids={m["id"] for m in members if m["moving"]},
        today=today,
    )


def candidate_offers(*, region_codes: Iterable[str]) -> list[OfferFacts]:
    """Open offers of active partners in these regions: one query, only the needed columns."""
    rows = (
        Offer.objects.filter(
            status=OfferStatus.OPEN,
            partner__is_active=True,
            departement__region_id__in=list(region_codes),
        )
        .order_by()
        .values_list(*OFFER_COLUMNS.values())
    )
    return list(map(OfferFacts._make, rows))


def offers_for_household(
    *, household: Household, today: datetime.date | None = None
) -> tuple[MobilityPlan | None, list[OfferMatch]]:
    """The household's active plan and the open offers of its target regions, best first.

    Four queries whatever the number of offers: plan, targets, members, offers. The caller
    has already checked that the user may see the household.
    """
    plan = plan_active_for_household(household=household)
    if plan is None:
        return None, []
    profile = profile_for_plan(plan=plan, today=today)
    if not profile.region_codes:
        return plan, []
    return plan, rank_offers(profile, candidate_offers(region_codes=profile.region_codes))


def offer_facts(offer: Offer) -> OfferFacts:
    """The facts of an offer already loaded with its département and partner."""
    return OfferFacts(**{name: _follow(offer, path) for name, path in OFFER_COLUMNS.items()})


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def households_for_offer(
    *, offer: Offer, user, today: datetime.date | None = None
) -> list[HouseholdMatch]:
    """Households the user may see whose active plan targets the offer's region, best fit first.

    A fixed number of queries: plans (with households), targets, plan persons, members.
    """
    today = today or dates.today()
    facts = offer_facts(offer)
    plans = (
        MobilityPlan.objects.active()
        .filter(
            household__in=Household.objects.visible_to(user),
            pk__in=MobilityPlan.objects.filter(targets__region_id=facts.region_code).values("pk"),
        )
        .select_related("household")
        .prefetch_related(
            "targets",
            Prefetch("persons", queryset=Person.objects.only("id")),
            Prefetch(
                "household__members",
                queryset=Person.objects.only("household_id", *MEMBER_COLUMNS),
            ),
        )
    )
    results = []
    for plan in plans:
        profile = build_profile(
            lever=plan.lever,
            targets=[(t.region_id, t.departement_id) for t in plan.targets.all()],
            members=[
                {name: getattr(p, name) for name in MEMBER_COLUMNS}
                for p in plan.household.members.all()
            ],
            moving_ids={p.id for p in plan.persons.all()},
            today=today,
        )
        results.append(HouseholdMatch(plan.household, plan, score_offer(profile, facts), profile))
    return sorted(results, key=lambda r: (not r.match.fits, -r.match.score, r.household.reference))

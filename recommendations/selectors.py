"""Reads of the recommendations: the household's profile, the reference data, the programme's
history and the open offers, in a fixed number of queries whatever the data's size."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from accounts.access import user_access
from followups.models import FollowUp, FollowUpStatus, Location
from households.models import Household, Relation
from interviews.models import DiagnosticAssessment
from mobility_plans.models import Relocation
from mobility_plans.selectors import plan_active_for_household
from partners.models import Offer
from territories.models import Departement

from .access import check_may_import
from .models import Dataset, DatasetKind, DatasetUpload, HiringNeed
from .ranking import (
    HiringFigure,
    Place,
    Profile,
    Recommendation,
    ReferenceData,
    describe,
    matching_families,
    rank_departements,
)

OFFERS_SHOWN = 3  # open offers listed under each département


def dataset_current(*, kind: str) -> Dataset | None:
    """The dataset of that kind the recommendations read: an imported file before a sample,
    then the newest year, then the newest import."""
    datasets = Dataset.objects.in_use().filter(kind=kind).select_related("imported_by")
    return datasets.current_first().first()


def dataset_list():
    """Every dataset, withdrawn ones included, newest first within each kind, with who
    imported and who withdrew it."""
    return Dataset.objects.select_related("imported_by", "withdrawn_by").order_by(
        "kind", "-year", "-imported_at"
    )


def dataset_get_for_importer(*, user, pk: int) -> Dataset:
    """A dataset to withdraw or restore: 403 to anyone who may not import, 404 when unknown."""
    check_may_import(user)
    return get_object_or_404(Dataset, pk=pk)


def upload_get_for_user(*, user, pk: int) -> DatasetUpload:
    """A file sent for import: 403 to anyone who may not import, 404 when it is gone."""
    check_may_import(user)
    return get_object_or_404(DatasetUpload.objects.select_related("created_by"), pk=pk)


def upload_list():
    """The files sent and not yet imported, newest first."""
    return DatasetUpload.objects.select_related("created_by").defer("content")


def household_profile(*, household: Household, user, plan=None) -> Profile:
    """The household as the ranking sees it: its adults' occupations and skills, the plan's
    lever, its size and, for users who read free text, its wishes about places."""
    members = list(household.members.values_list("relation", "occupation", "skills"))
    adults = [m for m in members if m[0] != Relation.CHILD]
    wishes = ""
    if user_access(user).reads_free_text:
        places = (
            DiagnosticAssessment.objects.filter(interview__household=household)
            .order_by("-interview__held_on", "-interview_id")
            .values_list("places_comment", flat=True)
            .first()
        )
        wishes = " ".join(filter(None, [household.mobility_wishes, places or ""]))
    return Profile(
        occupations=tuple(o for _r, o, _s in adults if o.strip()),
        skills=tuple(s for _r, _o, s in adults if s.strip()),
        lever=plan.lever if plan is not None else "",
        size=len(members) or 1,
        wishes=wishes,
    )


def programme_history() -> dict[str, tuple[int, int]]:
    """Département → (households moved there, of them still there at the 12-month follow-up),
    over the whole programme, from the live relocations and follow-ups (counts only)."""
    moved = dict(
        Relocation.objects.values("departement")
        .annotate(n=Count("id"))
        .values_list("departement", "n")
    )
    stayed = dict(
        FollowUp.objects.filter(
            months_after=12, status=FollowUpStatus.DONE, location=Location.TARGET_REGION
        )
        .values("relocation__departement")
        .annotate(n=Count("relocation_id", distinct=True))
        .values_list("relocation__departement", "n")
    )
    return {code: (n, stayed.get(code, 0)) for code, n in moved.items()}


def _places() -> list[Place]:
    return [
        Place(code, name, region, region_name)
        for code, name, region, region_name in Departement.objects.values_list(
            "code", "name", "region_id", "region__name"
        ).order_by("code")
    ]


def reference_data(*, profile: Profile, hiring: Dataset | None, zoning: Dataset | None):
    """What the ranking reads, for this profile: the datasets' summaries (families, totals
    and zones per département, added up at import) and the rows of the families the
    household's occupations match, in one query."""
    data = ReferenceData(places=_places(), history=programme_history())
    if hiring is not None:
        data.families = dict(hiring.summary.get("families", {}))
        data.totals = {dep: tuple(t) for dep, t in hiring.summary.get("totals", {}).items()}
        matched = matching_families(profile, data.families)
        data.hires = [
            HiringFigure(dep, code, label, hires, float(difficult), float(seasonal))
            for dep, code, label, hires, difficult, seasonal in HiringNeed.objects.filter(
                dataset=hiring, family_code__in=list(matched)
            ).values_list(
                "departement",
                "family_code",
                "family_label",
                "planned_hires",
                "difficult_share",
                "seasonal_share",
            )
        ]
    if zoning is not None:
        data.zones = dict(zoning.summary.get("zones", {}))
    return data


@dataclass
class Shown:
    """A recommendation as a page shows it."""

    recommendation: Recommendation
    reasons: list[str]
    offers: list
    is_target: bool

    @property
    def place(self):
        return self.recommendation.place


def open_offers(*, user, departements: list[str]) -> dict[str, list[Offer]]:
    """Up to OFFERS_SHOWN open offers per département (newest first), in one query."""
    by_dep: dict[str, list[Offer]] = defaultdict(list)
    offers = (
        Offer.objects.visible_to(user)
        .open()
        .filter(departement__in=departements)
        .select_related("partner")
        .order_by("departement_id", "-created_at", "-id")
    )
    for offer in offers:
        if len(by_dep[offer.departement_id]) < OFFERS_SHOWN:
            by_dep[offer.departement_id].append(offer)
    return by_dep


def recommendations_for_household(*, household: Household, user) -> dict:
    """The ten départements that fit the household best, with their reasons in the active
    language, their open offers, which ones the active plan already targets, and the
    datasets they come from."""
    plan = plan_active_for_household(household=household)
    hiring = dataset_current(kind=DatasetKind.HIRING_NEEDS)
    zoning = dataset_current(kind=DatasetKind.HOUSING_ZONES)
    profile = household_profile(household=household, user=user, plan=plan)
    data = reference_data(profile=profile, hiring=hiring, zoning=zoning)
    # Without any data every département scores alike: a list in INSEE order would mislead.
    ranked = rank_departements(profile, data) if hiring or zoning or data.history else []
    targets = set()
    if plan is not None:
        targets = set(
            plan.targets.filter(~Q(departement=None)).values_list("departement_id", flat=True)
        )
    offers = open_offers(user=user, departements=[r.place.code for r in ranked])
    return {
        "plan": plan,
        "profile": profile,
        "hiring_dataset": hiring,
        "zoning_dataset": zoning,
        "recommendations": [
            Shown(
                recommendation=r,
                reasons=[describe(reason) for reason in r.reasons],
                offers=offers.get(r.place.code, []),
                is_target=r.place.code in targets,
            )
            for r in ranked
        ],
    }

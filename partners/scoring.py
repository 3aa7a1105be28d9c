"""How well an offer fits a household's mobility plan, and why: pure functions of plain values.

Nothing here reads the database (matching.py asks it once for the candidates), so the score
can be tested without one and run over thousands of offers quickly. Each result carries the
reasons it matched and the reasons it failed as Reason objects: a stable code for tests and
code, a translated sentence when shown.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.dates import age_on
from households.models import DrivingLicence, FrenchLevel
from mobility_plans.models import Lever

from .models import OfferKind

ADULT_AGE = 18
SOON_DAYS = 90
# A training place that started this long ago is too late to join.
TRAINING_LATE_DAYS = 30

# Plain strings as keys and values: enum members cost a little on every one of 5,000 lookups.
LEVER_OF_KIND = {
    OfferKind.JOB.value: Lever.EMPLOYMENT.value,
    OfferKind.TRAINING.value: Lever.TRAINING.value,
    OfferKind.HOUSING.value: Lever.HOUSING.value,
}
FRENCH_RANK = {str(level): rank for rank, level in enumerate(FrenchLevel.values)}
LICENCES = frozenset({DrivingLicence.FRENCH, DrivingLicence.FOREIGN})

# Points per criterion: what matters most for a move comes first.
WEIGHTS = {
    "lever": 30,
    "lever_other": -20,
    "departement": 20,
    "region": 10,
    "housing_fits": 20,
    "housing_too_small": -40,
    "french_ok": 10,
    "french_none_required": 5,
    "french_too_low": -30,
    "french_unknown": -10,
    "licence_ok": 10,
    "licence_missing": -30,
    "available_now": 10,
    "available_soon": 5,
    "available_late": -5,
    "training_started": -40,
}

W = WEIGHTS
HOUSING = OfferKind.HOUSING.value
TRAINING = OfferKind.TRAINING.value
NO_FRENCH = FrenchLevel.NONE.value
SOON = datetime.timedelta(days=SOON_DAYS)
TRAINING_LATE = datetime.timedelta(days=TRAINING_LATE_DAYS)

MESSAGES = {
    "lever": _("Matches the plan's lever (%(lever)s)"),
    "lever_other": _("Not the plan's lever (%(lever)s)"),
    "departement": _("In a target département: %(departement)s"),
    "region": _("In a target region: %(region)s"),
    "outside_area": _("Outside the plan's target areas"),
    "housing_fits": _("For %(capacity)s persons; persons moving: %(persons)s"),
    "housing_too_small": _("For %(capacity)s persons only; persons moving: %(persons)s"),
    "french_ok": _("French %(required)s required, best adult level %(best)s"),
    "french_none_required": _("No French level required"),
    "french_too_low": _("French %(required)s required, best adult level only %(best)s"),
    "french_unknown": _("French %(required)s required, adults' level not recorded"),
    "licence_ok": _("Driving licence required, an adult holds one"),
    "licence_missing": _("Driving licence required, no adult holds one"),
    "available_now": _("Available now"),
    "available_soon": _("Starts on %(on)s"),
    "available_late": _("Starts only on %(on)s"),
    "training_started": _("Training started on %(on)s"),
}


class Reason:
    """Why an offer fits or not: a stable code, and a sentence in the user's language."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, params: dict | None = None):
        self.code = code
        # Raw values (codes, numbers, dates): labels are looked up only when shown.
        self.params = params or {}

    def __repr__(self) -> str:
        return f"Reason({self.code!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Reason) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __str__(self) -> str:
        return str(MESSAGES[self.code]) % {
            name: _display(name, value) for name, value in self.params.items()
        }


def _display(name: str, value) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if name == "lever":
        return str(Lever(value).label)
    if name == "best":
        return str(FrenchLevel(value).label)
    return str(value)


# Reasons without parameters are shared by every result.
OUTSIDE_AREA = Reason("outside_area")
FRENCH_NONE_REQUIRED = Reason("french_none_required")
LICENCE_OK = Reason("licence_ok")
LICENCE_MISSING = Reason("licence_missing")
AVAILABLE_NOW = Reason("available_now")


@dataclass(frozen=True)
class HouseholdProfile:
    """What the score needs to know about a household and its plan."""

    lever: str
    region_codes: frozenset[str]
    departement_codes: frozenset[str]
    persons_moving: int
    best_french_level: str | None  # None when no adult's level is recorded
    has_licence: bool
    today: datetime.date


class OfferFacts(NamedTuple):
    """The columns of an offer that the score reads: one database row, built as a tuple
    because thousands are made per ranking."""

    pk: int
    kind: str
    title: str
    partner_id: int
    partner_name: str
    commune: str
    departement_code: str
    departement_name: str
    region_code: str
    region_name: str
    starts_on: datetime.date | None
    capacity: int | None
    french_level_required: str
    driving_licence_required: bool


@dataclass(slots=True)
class Match:
    score: int
    matched: tuple[Reason, ...]
    failed: tuple[Reason, ...]

    @property
    def fits(self) -> bool:
        return not self.failed

    @property
    def codes(self) -> set[str]:
        return {r.code for r in self.matched + self.failed}


@dataclass(slots=True)
class OfferMatch:
    offer: OfferFacts
    match: Match


def score_offer(profile: HouseholdProfile, offer: OfferFacts) -> Match:
    """How well one offer fits one household's plan, and why.

    Written plainly rather than elegantly: it runs for every candidate offer.
    """
    matched: list[Reason] = []
    failed: list[Reason] = []
    score = 0
    kind = offer.kind

    if LEVER_OF_KIND[kind] == profile.lever:
        score += W["lever"]
        matched.append(Reason("lever", {"lever": profile.lever}))
    else:
        score += W["lever_other"]
        failed.append(Reason("lever_other", {"lever": profile.lever}))

    if offer.departement_code in profile.departement_codes:
        score += W["departement"]
        matched.append(Reason("departement", {"departement": offer.departement_name}))
    elif offer.region_code in profile.region_codes:
        score += W["region"]
        matched.append(Reason("region", {"region": offer.region_name}))
    else:
        failed.append(OUTSIDE_AREA)

    if kind == HOUSING and offer.capacity:
        persons = profile.persons_moving
        params = {"capacity": offer.capacity, "persons": persons}
        if persons <= offer.capacity:
            # The closest fit first: a four-room flat is wasted on one person.
            score += W["housing_fits"] - min(offer.capacity - persons, 3) * 3
            matched.append(Reason("housing_fits", params))
        else:
            score += W["housing_too_small"]
            failed.append(Reason("housing_too_small", params))

    required = offer.french_level_required
    if required and required != NO_FRENCH:
        best = profile.best_french_level
        if best is None:
            score += W["french_unknown"]
            failed.append(Reason("french_unknown", {"required": required}))
        elif FRENCH_RANK[best] >= FRENCH_RANK[required]:
            score += W["french_ok"]
            matched.append(Reason("french_ok", {"required": required, "best": best}))
        else:
            score += W["french_too_low"]
            failed.append(Reason("french_too_low", {"required": required, "best": best}))
    elif kind != HOUSING:
        score += W["french_none_required"]
        matched.append(FRENCH_NONE_REQUIRED)

    if offer.driving_licence_required:
        if profile.has_licence:
            score += W["licence_ok"]
            matched.append(LICENCE_OK)
        else:
            score += W["licence_missing"]
            failed.append(LICENCE_MISSING)

    starts_on = offer.starts_on
    if kind == TRAINING and starts_on and starts_on < profile.today - TRAINING_LATE:
        score += W["training_started"]
        failed.append(Reason("training_started", {"on": starts_on}))
    elif starts_on is None or starts_on <= profile.today:
        score += W["available_now"]
        matched.append(AVAILABLE_NOW)
    elif starts_on <= profile.today + SOON:
        score += W["available_soon"]
        matched.append(Reason("available_soon", {"on": starts_on}))
    else:
        score += W["available_late"]
        failed.append(Reason("available_late", {"on": starts_on}))

    return Match(score, tuple(matched), tuple(failed))


def _order_key(item: OfferMatch):
    return (-item.match.score, item.offer.starts_on or datetime.date.min, item.offer.pk)


def rank_offers(profile: HouseholdProfile, offers: Iterable[OfferFacts]) -> list[OfferMatch]:
    """Every offer scored, best fit first (then the earliest start, then the oldest offer)."""
    return sorted((OfferMatch(o, score_offer(profile, o)) for o in offers), key=_order_key)


def build_profile(
    *,
    lever: str,
    targets: Iterable[tuple[str, str | None]],
    members: Iterable[dict],
    moving_ids: set[int],
    today: datetime.date,
) -> HouseholdProfile:
    """A profile from a plan's (region, département) targets and its household's members.

    `members` are dicts with id, birth_date, french_level and driving_licence; the persons
    moving are those named on the plan, or the whole household when the plan names nobody.
    """
    targets = list(targets)
    members = list(members)
    moving = [m for m in members if m["id"] in moving_ids] if moving_ids else members
    # A birth date unknown (an imported member) counts as an adult's: the archive kept adults.
    adults = [
        m for m in moving if m["birth_date"] is None or age_on(m["birth_date"], today) >= ADULT_AGE
    ]
    levels = [m["french_level"] for m in adults if m["french_level"]]
    return HouseholdProfile(
        lever=lever,
        region_codes=frozenset(region for region, _dep in targets),
        departement_codes=frozenset(dep for _region, dep in targets if dep),
        persons_moving=max(len(moving), 1),
        best_french_level=max(levels, key=FRENCH_RANK.__getitem__) if levels else None,
        has_licence=any(m["driving_licence"] in LICENCES for m in adults),
        today=today,
    )

"""The ranking of départements for one household: a pure, deterministic function.

Nothing here reads the database: selectors.py gathers the household's profile and the
reference data, `rank_departements` orders the départements, `describe` words each reason.
The methodology page (templates/recommendations/methodology.html) explains the same rules in
plain words; change both together.

Score of a département (between 0 and about 1.15), the sum of:
- jobs in the household's occupations: planned hires of the matching occupation families,
  each counted once more for its share judged difficult (an employer who struggles to hire
  is more open to a newcomer) and less for its seasonal share, divided by the best
  département's figure;
- jobs in general: the same over every family, a weaker signal for households whose
  occupations match none;
- housing: how easy the département's communes are, from zone C (easiest) to A bis;
- the programme's own history: households already moved there and still there at 12 months;
- a bonus when the household's wishes name the département or its region.
The weights depend on the lever of the plan and grow for housing with a large household.
Ties keep the INSEE code order, so the same data always give the same list.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import normalise

TOP = 10
ILE_DE_FRANCE = "11"

# How easy housing is in each zone, 1 (easiest) to 0 (most tense).
ZONE_EASE = {"C": 1.0, "B2": 0.75, "B1": 0.5, "A": 0.25, "Abis": 0.0}
# A département with no zoning data is neither helped nor held back.
UNKNOWN_ZONE_EASE = 0.5
# Weights of (occupations, jobs in general, housing, history) for each lever of the plan.
WEIGHTS = {
    "employment": (0.50, 0.10, 0.20, 0.20),
    "training": (0.30, 0.10, 0.30, 0.30),
    "housing": (0.20, 0.10, 0.50, 0.20),
    "": (0.40, 0.10, 0.30, 0.20),
}
LARGE_HOUSEHOLD = 5  # persons: from this size, large dwellings weigh more
LARGE_HOUSEHOLD_HOUSING_BONUS = 0.10
WISH_BONUS = 0.15
# Moves after which the programme's history counts in full.
HISTORY_FULL = 5
SKILL_WEIGHT = 0.5  # a match through the skills counts half a match through the occupation

# Words that say nothing of the trade: never a reason to match.
_STOP_TEXT = """de des du la le les et en a au aux un une pour par sur avec sans dans ou d l
    autre autres agent agents aide aides employe employes ouvrier ouvriers personnel personnels
    professionnel professionnels metier metiers non qualifie qualifies assimile assimiles
    divers niveau cadre cadres technicien techniciens"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def keywords(text: str) -> frozenset[str]:
    """The words of a job title as compared: no accent, case or punctuation; common words
    dropped; a final "s" then a final "e" removed ("Aides-soignantes" → aid, soignant)."""
    words = re.sub(r"[^a-z0-9]+", " ", normalise(text)).split()
    stems = set()
    for word in words:
        if word in STOP_WORDS or len(word) < 3 or word.isdigit():
            continue
        stem = word.removesuffix("s").removesuffix("e")
        if len(stem) >= 3:
            stems.add(stem)
    return frozenset(stems)


def _same_word(a: str, b: str) -> bool:
    # Equal stems, or the same first six letters (serveur / serveuse, infirmier / infirmiere).
    return a == b or (len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6])


def _shares_word(left: frozenset[str], right: frozenset[str]) -> bool:
    return any(_same_word(a, b) for a in left for b in right)


@dataclass(frozen=True)
class Profile:
    """What the ranking knows of a household."""

    occupations: tuple[str, ...] = ()  # of its adults
    skills: tuple[str, ...] = ()
    lever: str = ""  # the plan's lever, "" when none yet
    size: int = 1
    wishes: str = ""  # where the household would like to live, as typed


@dataclass(frozen=True)
class HiringFigure:
    departement: str
    family_code: str
    family_label: str
    planned_hires: int
    difficult_share: float  # percent
    seasonal_share: float  # percent


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    region_code: str
    region_name: str


@dataclass
class ReferenceData:
    """The data a ranking reads. `hires` needs only the rows of the families that match the
    household (the selector reads no more); `totals` holds every family's (hires, difficult
    hires) per département."""

    places: list[Place]
    families: dict[str, str] = field(default_factory=dict)  # code → label
    hires: list[HiringFigure] = field(default_factory=list)
    totals: dict[str, tuple[float, float]] = field(default_factory=dict)
    zones: dict[str, dict[str, int]] = field(default_factory=dict)  # dép. → zone → communes
    history: dict[str, tuple[int, int]] = field(default_factory=dict)  # dép. → (moved, at 12 m)

    @classmethod
    def from_rows(cls, *, places, hires, zones=None, history=None) -> "ReferenceData":
        """Reference data from every hiring row (the totals computed from them)."""
        totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for row in hires:
            totals[row.departement][0] += row.planned_hires
            totals[row.departement][1] += row.planned_hires * row.difficult_share / 100
        return cls(
            places=list(places),
            families={row.family_code: row.family_label for row in hires},
            hires=list(hires),
            totals={code: (t[0], t[1]) for code, t in totals.items()},
            zones=dict(zones or {}),
            history=dict(history or {}),
        )


@dataclass(frozen=True)
class Reason:
    """One reason, as data: `describe` words it in the active language."""

    kind: str  # "occupation", "jobs", "zone", "no_zone", "history", "no_history", "wish"
    values: tuple = ()


@dataclass(frozen=True)
class Recommendation:
    place: Place
    score: float
    reasons: tuple[Reason, ...]


def matching_families(profile: Profile, families: dict[str, str]) -> dict[str, float]:
    """Family code → weight of its match with the household (1 through an occupation,
    SKILL_WEIGHT through the skills only); families that match nothing are left out."""
    occupation_words = frozenset().union(*(keywords(o) for o in profile.occupations))
    skill_words = frozenset().union(*(keywords(s) for s in profile.skills))
    matched = {}
    for code, label in families.items():
        label_words = keywords(label)
        if _shares_word(occupation_words, label_words):
            matched[code] = 1.0
        elif _shares_word(skill_words, label_words):
            matched[code] = SKILL_WEIGHT
    return matched


def _job_weight(row: HiringFigure) -> float:
    return row.planned_hires * (1 + row.difficult_share / 100) * (1 - row.seasonal_share / 200)


def _zone_ease(counts: dict[str, int]) -> float:
    communes = sum(counts.values())
    if not communes:
        return UNKNOWN_ZONE_EASE
    return sum(ZONE_EASE.get(zone, UNKNOWN_ZONE_EASE) * n for zone, n in counts.items()) / communes


def _main_zone(counts: dict[str, int]) -> str | None:
    # The zone of most communes; on a tie the easier one (C before A bis), for a fixed answer.
    order = list(ZONE_EASE)
    best = sorted(counts.items(), key=lambda item: (-item[1], -ZONE_EASE.get(item[0], 0)))
    return best[0][0] if best and best[0][0] in order else None


def _history_score(moved: int, stayed: int) -> float:
    if not moved:
        return 0.0
    # Laplace's rule keeps one move that went well from counting as a certainty.
    return (stayed + 1) / (moved + 2) * min(moved, HISTORY_FULL) / HISTORY_FULL


def _wished(profile: Profile, place: Place) -> bool:
    wishes = f" {re.sub(r'[^a-z0-9]+', ' ', normalise(profile.wishes))} "
    if not wishes.strip():
        return False
    return any(
        f" {re.sub(r'[^a-z0-9]+', ' ', normalise(name))} " in wishes
        for name in (place.name, place.region_name)
    )


def _ratio(value: float, best: float) -> float:
    return value / best if best > 0 else 0.0


def rank_departements(
    profile: Profile, data: ReferenceData, *, top: int = TOP
) -> list[Recommendation]:
    """The `top` départements outside Île-de-France that fit the household best, best first,
    each with its reasons (see the module's rules)."""
    matched = matching_families(profile, data.families)
    job_score: dict[str, float] = defaultdict(float)
    best_family: dict[str, HiringFigure] = {}
    for row in data.hires:
        weight = matched.get(row.family_code)
        if not weight:
            continue
        job_score[row.departement] += _job_weight(row) * weight
        current = best_family.get(row.departement)
        if current is None or (row.planned_hires, row.family_code) > (
            current.planned_hires,
            current.family_code,
        ):
            best_family[row.departement] = row
    general = {code: hires + difficult for code, (hires, difficult) in data.totals.items()}
    places = [p for p in data.places if p.region_code != ILE_DE_FRANCE]
    best_job = max((job_score.get(p.code, 0.0) for p in places), default=0.0)
    best_general = max((general.get(p.code, 0.0) for p in places), default=0.0)

    w_job, w_general, w_housing, w_history = WEIGHTS.get(profile.lever, WEIGHTS[""])
    if profile.size >= LARGE_HOUSEHOLD:
        w_housing += LARGE_HOUSEHOLD_HOUSING_BONUS

    ranked = []
    for place in places:
        zones = data.zones.get(place.code, {})
        moved, stayed = data.history.get(place.code, (0, 0))
        wished = _wished(profile, place)
        score = (
            w_job * _ratio(job_score.get(place.code, 0.0), best_job)
            + w_general * _ratio(general.get(place.code, 0.0), best_general)
            + w_housing * _zone_ease(zones)
            + w_history * _history_score(moved, stayed)
            + (WISH_BONUS if wished else 0.0)
        )
        ranked.append(
            (score, place, _reasons(place, best_family, data, zones, moved, stayed, wished))
        )
    ranked.sort(key=lambda item: (-item[0], item[1].code))
    return [
        Recommendation(place, round(score, 4), reasons) for score, place, reasons in ranked[:top]
    ]


def _reasons(place, best_family, data, zones, moved, stayed, wished) -> tuple[Reason, ...]:
    reasons = []
    row = best_family.get(place.code)
    if row is not None:
        reasons.append(
            Reason("occupation", (row.planned_hires, row.family_label, round(row.difficult_share)))
        )
    else:
        hires, difficult = data.totals.get(place.code, (0, 0))
        share = round(100 * difficult / hires) if hires else 0
        reasons.append(Reason("jobs", (round(hires), share)))
    zone = _main_zone(zones)
    reasons.append(Reason("zone", (zone,)) if zone else Reason("no_zone"))
    reasons.append(Reason("history", (moved, stayed)) if moved else Reason("no_history"))
    if wished:
        reasons.append(Reason("wish"))
    return tuple(reasons)


def _zone_words(zone: str) -> str:
    return {
        "Abis": _("very tense housing market"),
        "A": _("tense housing market"),
        "B1": _("fairly tense housing market"),
        "B2": _("housing within reach"),
        "C": _("social housing within reach"),
    }[zone]


def describe(reason: Reason) -> str:
    """The reason in plain words, in the active language."""
    if reason.kind == "occupation":
        hires, family, difficult = reason.values
        return _("%(hires)s planned hires as %(family)s, %(difficult)s %% judged difficult") % {
            "hires": hires,
            "family": family,
            "difficult": difficult,
        }
    if reason.kind == "jobs":
        hires, difficult = reason.values
        return _(
            "%(hires)s planned hires in all occupations, %(difficult)s %% judged difficult"
        ) % {
            "hires": hires,
            "difficult": difficult,
        }
    if reason.kind == "zone":
        (zone,) = reason.values
        label = "A bis" if zone == "Abis" else zone
        return _("zone %(zone)s: %(words)s") % {"zone": label, "words": _zone_words(zone)}
    if reason.kind == "no_zone":
        return _("no housing zoning data")
    if reason.kind == "history":
        moved, stayed = reason.values
        return ngettext(
            "%(moved)s household of the programme moved there, %(stayed)s still there at 12 months",
            "%(moved)s households of the programme moved there, %(stayed)s still there at "
            "12 months",
            moved,
        ) % {"moved": moved, "stayed": stayed}
    if reason.kind == "no_history":
        return _("no household of the programme moved there yet")
    return _("named in the household's wishes")

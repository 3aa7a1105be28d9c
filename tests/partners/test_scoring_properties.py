"""Properties of the offer score that hold for every household and every offer."""

import datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from households.models import FrenchLevel
from mobility_plans.models import Lever
from partners.models import OfferKind
from partners.scoring import MESSAGES, HouseholdProfile, OfferFacts, rank_offers, score_offer

TODAY = datetime.date(2026, 6, 1)
REGIONS = ("84", "53", "75", "76")
DEPARTEMENTS = ("38", "69", "35", "33", "31")

levels = st.sampled_from(FrenchLevel.values)

profiles = st.builds(
    HouseholdProfile,
    lever=st.sampled_from(Lever.values),
    region_codes=st.frozensets(st.sampled_from(REGIONS)),
    departement_codes=st.frozensets(st.sampled_from(DEPARTEMENTS)),
    persons_moving=st.integers(1, 12),
    best_french_level=st.none() | levels,
    has_licence=st.booleans(),
    today=st.just(TODAY),
)

offers = st.builds(
    OfferFacts,
    pk=st.integers(1, 10_000),
    kind=st.sampled_from(OfferKind.values),
    title=st.just("Offre"),
    partner_id=st.just(1),
    partner_name=st.just("Partenaire"),
    commune=st.just("Commune"),
    departement_code=st.sampled_from(DEPARTEMENTS),
    departement_name=st.just("Département"),
    region_code=st.sampled_from(REGIONS),
    region_name=st.just("Région"),
    starts_on=st.none() | st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
    capacity=st.none() | st.integers(1, 10),
    french_level_required=st.just("") | levels,
    driving_licence_required=st.booleans(),
)


def _with(profile: HouseholdProfile, **changes) -> HouseholdProfile:
    return HouseholdProfile(**{**profile.__dict__, **changes})


@settings(max_examples=200)
@given(profiles, offers)
def test_every_reason_can_be_read_and_fitting_means_no_failed_reason(profile, offer):
    match = score_offer(profile, offer)
    for reason in match.matched + match.failed:
        assert reason.code in MESSAGES
        assert str(reason)
    assert match.fits == (not match.failed)


@settings(max_examples=200)
@given(profiles, offers, levels)
def test_a_better_french_level_never_lowers_the_score(profile, offer, other):
    # An unknown level is compared apart: knowing it helps only when it is enough.
    assume(profile.best_french_level is not None)
    rank = FrenchLevel.values.index
    better = max(profile.best_french_level, other, key=rank)
    improved = _with(profile, best_french_level=better)
    assert score_offer(improved, offer).score >= score_offer(profile, offer).score


@settings(max_examples=200)
@given(profiles, offers)
def test_holding_a_licence_never_lowers_the_score(profile, offer):
    without = score_offer(_with(profile, has_licence=False), offer).score
    with_licence = score_offer(_with(profile, has_licence=True), offer).score
    assert with_licence >= without


@settings(max_examples=200)
@given(profiles, offers)
def test_targeting_the_offers_departement_never_lowers_the_score(profile, offer):
    targeted = _with(
        profile, departement_codes=profile.departement_codes | {offer.departement_code}
    )
    assert score_offer(targeted, offer).score >= score_offer(profile, offer).score


@settings(max_examples=100)
@given(profiles, st.lists(offers, max_size=30))
def test_ranking_keeps_every_offer_best_score_first(profile, candidates):
    ranked = rank_offers(profile, candidates)
    assert sorted(id(r.offer) for r in ranked) == sorted(id(o) for o in candidates)
    scores = [r.match.score for r in ranked]
    assert scores == sorted(scores, reverse=True)

"""The score of one offer for one household's plan: plain values in, no database."""

import datetime

from django.utils import translation

from households.models import DrivingLicence, FrenchLevel
from mobility_plans.models import Lever
from partners.models import OfferKind
from partners.scoring import HouseholdProfile, OfferFacts, build_profile, rank_offers, score_offer
from tests.partners.helpers import AURA, ISERE, RHONE

TODAY = datetime.date(2026, 6, 1)


def profile(**overrides) -> HouseholdProfile:
    values = {
        "lever": Lever.EMPLOYMENT,
        "region_codes": frozenset({AURA}),
        "departement_codes": frozenset({ISERE}),
        "persons_moving": 3,
        "best_french_level": FrenchLevel.B1,
        "has_licence": False,
        "today": TODAY,
    }
    values.update(overrides)
    return HouseholdProfile(**values)


_pk = iter(range(1, 10_000))


def offer(**overrides) -> OfferFacts:
    values = {
        "pk": next(_pk),
        "kind": OfferKind.JOB,
        "title": "Offre",
        "partner_id": 1,
        "partner_name": "Partenaire",
        "commune": "Grenoble",
        "departement_code": ISERE,
        "departement_name": "Isère",
        "region_code": AURA,
        "region_name": "Auvergne-Rhône-Alpes",
        "starts_on": None,
        "capacity": None,
        "french_level_required": "",
        "driving_licence_required": False,
    }
    values.update(overrides)
    return OfferFacts(**values)


def codes(match):
    return {r.code for r in match.matched}, {r.code for r in match.failed}


def test_a_job_in_the_target_departement_fits_an_employment_plan():
    ok, ko = codes(score_offer(profile(), offer()))
    assert {"lever", "departement", "french_none_required", "available_now"} <= ok
    assert ko == set()


def test_an_offer_of_another_lever_fails_on_the_lever():
    _ok, ko = codes(score_offer(profile(), offer(kind=OfferKind.TRAINING)))
    assert "lever_other" in ko


def test_housing_too_small_for_the_persons_moving_fails():
    match = score_offer(profile(lever=Lever.HOUSING), offer(kind=OfferKind.HOUSING, capacity=2))
    assert "housing_too_small" in codes(match)[1]
    assert not match.fits


def test_housing_closest_to_the_household_size_ranks_first():
    p = profile(lever=Lever.HOUSING)
    exact = offer(kind=OfferKind.HOUSING, capacity=3, title="T3")
    large = offer(kind=OfferKind.HOUSING, capacity=6, title="T6")
    small = offer(kind=OfferKind.HOUSING, capacity=2, title="T2")
    assert [m.offer.title for m in rank_offers(p, [small, large, exact])] == ["T3", "T6", "T2"]


def test_french_level_required_is_compared_with_the_best_adult():
    assert "french_ok" in codes(score_offer(profile(), offer(french_level_required="B1")))[0]
    assert "french_too_low" in codes(score_offer(profile(), offer(french_level_required="B2")))[1]
    unknown = profile(best_french_level=None)
    assert "french_unknown" in codes(score_offer(unknown, offer(french_level_required="A2")))[1]


def test_driving_licence_required_needs_an_adult_holding_one():
    required = offer(driving_licence_required=True)
    assert "licence_missing" in codes(score_offer(profile(), required))[1]
    assert "licence_ok" in codes(score_offer(profile(has_licence=True), required))[0]


def test_start_date_now_soon_or_late():
    soon = TODAY + datetime.timedelta(days=30)
    late = TODAY + datetime.timedelta(days=200)
    assert "available_soon" in codes(score_offer(profile(), offer(starts_on=soon)))[0]
    assert "available_late" in codes(score_offer(profile(), offer(starts_on=late)))[1]
    started = offer(kind=OfferKind.TRAINING, starts_on=TODAY - datetime.timedelta(days=60))
    assert "training_started" in codes(score_offer(profile(lever=Lever.TRAINING), started))[1]


def test_ranking_order_lever_then_area_then_requirements():
    p = profile(has_licence=False)
    best = offer(title="best")  # lever, target département
    region_only = offer(title="region", departement_code=RHONE, departement_name="Rhône")
    needs_licence = offer(title="licence", driving_licence_required=True)
    housing = offer(title="housing", kind=OfferKind.HOUSING, capacity=5)
    ranked = [m.offer.title for m in rank_offers(p, [housing, needs_licence, region_only, best])]
    assert ranked == ["best", "region", "licence", "housing"]


def test_reasons_read_in_the_user_language():
    match = score_offer(profile(), offer(french_level_required="C1"))
    (reason,) = match.failed
    with translation.override("en"):
        assert str(reason) == "French C1 required, best adult level only B1"
    with translation.override("fr"):
        assert str(reason) == "Français C1 exigé, meilleur niveau des adultes seulement B1"


def test_profile_counts_the_persons_moving_and_looks_at_adults_only():
    members = [
        {
            "id": 1,
            "birth_date": datetime.date(1985, 1, 1),
            "french_level": "A2",
            "driving_licence": DrivingLicence.NONE,
        },
        {
            "id": 2,
            "birth_date": datetime.date(1990, 1, 1),
            "french_level": "B2",
            "driving_licence": DrivingLicence.FOREIGN,
        },
        # A teenager's level and learner permit count for nothing.
        {
            "id": 3,
            "birth_date": datetime.date(2012, 1, 1),
            "french_level": "C2",
            "driving_licence": DrivingLicence.FRENCH,
        },
    ]
    whole = build_profile(
        lever="employment", targets=[(AURA, None)], members=members, moving_ids=set(), today=TODAY
    )
    assert whole.persons_moving == 3
    assert whole.best_french_level == "B2"
    assert whole.has_licence
    only_first = build_profile(
        lever="employment", targets=[(AURA, ISERE)], members=members, moving_ids={1, 3}, today=TODAY
    )
    assert only_first.persons_moving == 2
    assert only_first.best_french_level == "A2"
    assert not only_first.has_licence
    assert only_first.departement_codes == {ISERE}

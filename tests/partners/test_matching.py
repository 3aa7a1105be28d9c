import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from households.models import DrivingLicence, FrenchLevel, Relation
from mobility_plans.models import Lever
from partners.matching import (
    HouseholdProfile,
    OfferFacts,
    build_profile,
    households_for_offer,
    offers_for_household,
    rank_offers,
    score_offer,
)
from partners.models import OfferKind
from tests.factories import make_household, make_person, user_with_role
from tests.partners.helpers import (
    AURA,
    BRETAGNE,
    ILLE_ET_VILAINE,
    ISERE,
    RHONE,
    make_offer,
    make_partner,
    make_plan,
)

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


# Pure scoring -------------------------------------------------------------------------------


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


# With the database --------------------------------------------------------------------------


@pytest.fixture
def family(household, social_worker):
    make_person(
        household=household,
        by=social_worker,
        french_level="A2",
        driving_licence=DrivingLicence.FRENCH,
    )
    make_person(
        household=household,
        by=social_worker,
        first_name="Karim",
        relation=Relation.SPOUSE,
        french_level="B1",
    )
    make_person(
        household=household,
        by=social_worker,
        first_name="Sara",
        relation=Relation.CHILD,
        birth_date=datetime.date(2018, 3, 3),
    )
    return household


@pytest.mark.django_db
def test_offers_for_household_keeps_open_offers_of_the_target_regions(family, social_worker):
    make_plan(household=family, by=social_worker, targets=[(AURA, ISERE)])
    alpine = make_partner()
    job = make_offer(partner=alpine, title="Cariste", driving_licence_required=True)
    make_offer(partner=alpine, title="Hors zone", departement=ILLE_ET_VILAINE)
    make_offer(partner=alpine, title="T2 trop petit", kind=OfferKind.HOUSING, capacity=2)
    withdrawn = make_offer(partner=alpine, title="Retirée")
    from partners.services import offer_set_status

    offer_set_status(offer=withdrawn, status="withdrawn", by=None)
    plan, matches = offers_for_household(household=family)
    assert plan is not None
    assert [m.offer.title for m in matches] == ["Cariste", "T2 trop petit"]
    assert matches[0].offer.pk == job.pk
    assert matches[0].match.fits
    assert "housing_too_small" in {r.code for r in matches[1].match.failed}


@pytest.mark.django_db
def test_persons_named_on_the_plan_are_the_ones_moving(family, social_worker):
    karim = family.members.get(first_name="Karim")
    make_plan(household=family, by=social_worker, lever=Lever.HOUSING, persons=[karim])
    make_offer(partner=make_partner(), kind=OfferKind.HOUSING, capacity=1, title="Studio")
    _plan, (studio,) = offers_for_household(household=family)
    assert studio.match.fits


@pytest.mark.django_db
def test_no_plan_no_matches(household):
    assert offers_for_household(household=household) == (None, [])


@pytest.mark.django_db
def test_households_for_offer_are_scoped_to_the_user(
    site_a, site_b, social_worker, social_worker_b, family
):
    make_plan(household=family, by=social_worker)
    other = make_household(site=site_b, by=social_worker_b)
    make_person(household=other, by=social_worker_b, driving_licence=DrivingLicence.FRENCH)
    make_plan(household=other, by=social_worker_b, targets=[(AURA, None)])
    away = make_household(site=site_a, by=social_worker)
    make_person(household=away, by=social_worker)
    make_plan(household=away, by=social_worker, targets=[(BRETAGNE, None)])
    offer_ = make_offer(partner=make_partner(), driving_licence_required=True)

    mine = households_for_offer(offer=offer_, user=social_worker)
    assert [m.household for m in mine] == [family]
    director = user_with_role(Role.DIRECTOR, site_a)
    seen = households_for_offer(offer=offer_, user=director)
    assert {m.household for m in seen} == {family, other}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 40])
def test_matching_page_runs_a_fixed_number_of_queries(
    client_for, social_worker, family, size, django_assert_num_queries
):
    make_plan(household=family, by=social_worker, targets=[(AURA, ISERE), (AURA, RHONE)])
    partner = make_partner()
    for i in range(size):
        make_offer(partner=partner, title=f"Offre {i}", departement=RHONE if i % 2 else ISERE)
    client = client_for(social_worker)
    url = reverse("partners:household_matches", args=[family.pk])
    client.get(url)
    # session, user, household, memberships, plan, targets, members, offers, savepoint,
    # session update, release
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.context["total"] == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_offer_page_runs_a_fixed_number_of_queries(
    client_for, site_a, social_worker, size, django_assert_num_queries
):
    for _i in range(size):
        h = make_household(site=site_a, by=social_worker)
        make_person(household=h, by=social_worker)
        make_plan(household=h, by=social_worker)
    offer_ = make_offer(partner=make_partner())
    client = client_for(social_worker)
    url = reverse("partners:offer_detail", args=[offer_.pk])
    client.get(url)
    # session, user, offer, memberships, plans, targets, persons, members, savepoint,
    # session update, release
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["matches"]) == size

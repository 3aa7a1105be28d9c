"""Which offers are ranked for a household, and which households for an offer."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from households.models import DrivingLicence, Relation
from mobility_plans.models import Lever
from partners.matching import households_for_offer, offers_for_household
from partners.models import OfferKind
from partners.services import offer_set_status
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

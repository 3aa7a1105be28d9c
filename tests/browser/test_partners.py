import re

import pytest
from playwright.sync_api import expect

from households.models import DrivingLicence
from partners.models import Answer, Offer, OfferKind, Referral
from tests.factories import make_person
from tests.partners.helpers import (
    RHONE,
    give_sharing_consent,
    make_offer,
    make_partner,
    make_plan,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_social_worker_refers_a_household_to_the_best_offer_and_records_the_acceptance(
    page, login, household, social_worker
):
    head = make_person(
        household=household,
        by=social_worker,
        french_level="B1",
        driving_licence=DrivingLicence.FOREIGN,
    )
    make_plan(household=household, by=social_worker, persons=[head])
    give_sharing_consent(household=household, by=social_worker)
    alpine = make_partner(name="Entreprise Alpine")
    make_offer(
        partner=alpine,
        title="Cariste en Isère",
        driving_licence_required=True,
        french_level_required="A2",
    )
    make_offer(
        partner=alpine, title="Magasinier à Lyon", departement=RHONE, french_level_required="C1"
    )
    make_offer(
        partner=make_partner(name="Habitat Dauphinois"),
        kind=OfferKind.HOUSING,
        title="T3 à Grenoble",
        capacity=3,
    )

    login(social_worker)
    page.goto(f"/households/{household.pk}/")
    page.get_by_role("link", name="Offres correspondantes").click()

    results = page.locator(".match-result")
    expect(results).to_have_count(3)
    best = results.first
    expect(best).to_contain_text("Cariste en Isère")
    expect(best).to_contain_text("Permis de conduire exigé, un adulte le détient")
    expect(results.filter(has_text="Magasinier à Lyon")).to_contain_text("seulement B1")

    best.get_by_role("link", name=re.compile("Orienter vers cette offre")).click()
    expect(page.get_by_label("Offre")).to_have_value(
        str(Offer.objects.get(title="Cariste en Isère").pk)
    )
    page.get_by_label(head.first_name, exact=False).check()
    page.get_by_label("Informations transmises").fill("CV et attestation de permis")
    page.get_by_role("button", name="Envoyer l’orientation").click()

    expect(page.get_by_test_id("answer")).to_have_text("En attente")
    page.get_by_role("link", name="Enregistrer la réponse").click()
    page.get_by_label("Réponse du partenaire").select_option(Answer.ACCEPTED)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_test_id("answer")).to_have_text("Acceptée")
    referral = Referral.objects.get()
    assert referral.answer == Answer.ACCEPTED
    assert referral.offer.title == "Cariste en Isère"
    assert list(referral.persons.all()) == [head]

    page.goto(f"/households/{household.pk}/")
    expect(page.get_by_text("Orienté vers Entreprise Alpine — Cariste en Isère")).to_be_visible()

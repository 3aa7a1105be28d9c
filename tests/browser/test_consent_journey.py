"""The consents on the household's journey: asked at registration, and a referral held up by
the missing consent to share is sent once it is recorded, without retyping anything."""

import re

import pytest
from playwright.sync_api import expect

from households.models import ConsentScope, Household
from partners.models import Referral
from tests.browser.test_accessibility import _violations
from tests.factories import make_person
from tests.partners.helpers import make_offer, make_partner, make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = "CV à jour ; souhaite un poste de jour, garde d’enfants le soir"


def test_registration_asks_for_the_consents_and_records_them(page, login, social_worker, site_a):
    login(social_worker)
    page.goto("/households/new/")
    page.get_by_label("Commune actuelle").fill("Bobigny")
    processing = page.locator("input[name=consent_processing]")
    sharing = page.locator("input[name=consent_partner_sharing]")
    # Each box is named by its label.
    expect(page.locator("label[for=id_consent_processing]")).to_be_visible()
    expect(page.locator("label[for=id_consent_partner_sharing]")).to_be_visible()

    sharing.check()
    page.locator("input[name=save]").click()
    # Refused on the box that was left empty; what was typed is still there.
    expect(processing).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#error_1_id_consent_processing")).to_be_visible()
    expect(page.get_by_label("Commune actuelle")).to_have_value("Bobigny")
    expect(sharing).to_be_checked()
    assert not Household.objects.exists()
    assert _violations(page) == []

    processing.check()
    page.locator("input[name=save]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CDF-")
    household = Household.objects.get()
    assert set(household.consents.values_list("scope", flat=True)) == {
        ConsentScope.PROCESSING,
        ConsentScope.PARTNER_SHARING,
    }
    expect(page.locator("section[aria-labelledby=consents-title] li")).to_have_count(2)


def test_a_referral_held_up_by_the_consent_is_sent_after_it_without_retyping(
    page, login, household, social_worker
):
    head = make_person(household=household, by=social_worker)
    make_plan(household=household, by=social_worker, persons=[head])
    offer = make_offer(partner=make_partner(name="Entreprise Alpine"), title="Cariste en Isère")

    login(social_worker)
    page.goto(f"/partners/households/{household.pk}/refer/?offer={offer.pk}")
    page.get_by_label(head.first_name, exact=False).check()
    page.get_by_label("Canal").select_option("phone")
    page.get_by_label("Informations transmises").fill(SHARED)
    page.get_by_role("button", name="Envoyer l’orientation").click()

    # Refused: the text is still on screen and a link leads to the consent form.
    expect(page.locator("#consent-needed")).to_be_visible()
    expect(page.get_by_label("Informations transmises")).to_have_value(SHARED)
    assert not Referral.objects.exists()
    assert _violations(page) == []
    page.locator("#record-consent").click()

    expect(page.locator("select[name=scope]")).to_have_value(ConsentScope.PARTNER_SHARING)
    page.locator("input[name=save]").click()

    # Back on the referral form with everything typed before.
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.get_by_label("Informations transmises")).to_have_value(SHARED)
    expect(page.get_by_label(head.first_name, exact=False)).to_be_checked()
    expect(page.get_by_label("Canal")).to_have_value("phone")
    expect(page.get_by_label("Offre")).to_have_value(str(offer.pk))
    page.get_by_role("button", name="Envoyer l’orientation").click()

    expect(page.get_by_test_id("answer")).to_have_text("En attente")
    # The household's timeline now ends with the referral.
    page.goto(f"/households/{household.pk}/")
    expect(page.locator("#timeline > ol > li").last).to_contain_text("Entreprise Alpine")
    assert _violations(page) == []
    referral = Referral.objects.get()
    assert (referral.shared_information, referral.channel, referral.offer) == (
        SHARED,
        "phone",
        offer,
    )
    assert list(referral.persons.all()) == [head]

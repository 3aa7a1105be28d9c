"""A social worker sends the answer link; the partner, with no account, refuses through it."""

import pytest
from playwright.sync_api import expect

from partners.models import Answer, Referral
from tests.partners.helpers import (
    give_sharing_consent,
    make_offer,
    make_partner,
    make_plan,
    send_referral,
)
from tests.partners.link_helpers import make_contact, token_of_last_mail


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partner_refuses_through_the_link_the_social_worker_sent(
    page, login, household, person, social_worker
):
    plan = make_plan(household=household, by=social_worker, persons=[person])
    give_sharing_consent(household=household, by=social_worker)
    partner = make_partner(name="Entreprise Alpine")
    make_contact(partner=partner)
    referral = send_referral(
        plan=plan, partner=partner, offer=make_offer(partner=partner), by=social_worker
    )

    login(social_worker)
    page.goto(f"/partners/referrals/{referral.pk}/")
    page.get_by_role("button", name="Envoyer le lien de réponse").click()
    expect(page.get_by_role("status")).to_contain_text("lea.martin@example.org")
    expect(page.get_by_test_id("link-state")).to_have_text("En service")

    # The partner opens the e-mail's link in a browser that never signed in.
    page.context.clear_cookies()
    link_url = f"/partners/answer/{token_of_last_mail()}/"
    page.goto(link_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Entreprise Alpine")
    expect(page.get_by_test_id("facts")).to_contain_text("Amina H.")
    page.get_by_label("Je refuse l’orientation").check()
    page.get_by_label("Motif du refus").select_option("dates")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre réponse")

    referral.refresh_from_db()
    assert referral.answer == Answer.REFUSED
    assert referral.refusal_reason == "Les dates ne conviennent pas"
    # Opened again, the link says only that it no longer works.
    page.goto(link_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien ne fonctionne plus")
    assert Referral.objects.get().answer == Answer.REFUSED

"""A director's first login: the enrolment page, a code typed from the key, the dashboard."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, Role, SiteFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_enrols_at_the_first_login_and_reaches_the_dashboard(page):
    director = user_with_role(Role.DIRECTOR, SiteFactory(code="paris"), username="direction.2fa")
    page.goto(f"{reverse('accounts:login')}?next={reverse('reporting:dashboard')}")
    page.get_by_label("Nom d’utilisateur").fill(director.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url("**/accounts/two-factor/enrol/**")
    assert page.locator("#two-factor-qr").evaluate("img => img.naturalWidth") > 0
    # The key as the user would type it into the app by hand.
    secret = re.sub(r"\s", "", page.locator("#two-factor-secret").inner_text())
    page.locator("#id_token").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.locator("#two-factor-confirm").click()

    # The codes come with the answer to the post, on the same address: wait for them (count()
    # alone reads the page as it is, possibly before the answer).
    page.locator("#recovery-codes li").first.wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    page.locator("#two-factor-continue").click()
    page.wait_for_url(f"**{reverse('reporting:dashboard')}")
    assert TOTPDevice.objects.get(user=director).confirmed

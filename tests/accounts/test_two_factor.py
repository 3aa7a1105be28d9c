"""Two-factor authentication through the real login form: who must, enrolment, codes, tokens.

These tests ask for `real_second_factor`, so that logins stop at the second step (elsewhere a
login passes it: tests/conftest.py).
"""

import base64
import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AccessEvent, Membership, Role
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_second_factor")]


# --- helpers shared with test_two_factor_reauthentication.py ----------------------------------


def password_step(client, user, password=PASSWORD, next_url=None):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR="10.0.0.1")


def code_of(device) -> str:
    """The code the user's app shows now (django-otp's own TOTP, as an app computes it)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def secret_on_page(html: str) -> bytes:
    """The key the enrolment page shows as text, decoded as an app does from what is typed."""
    match = re.search(r'id="two-factor-secret"[^>]*>([A-Z2-7 ]+)<', html)
    assert match, "the enrolment page shows no key"
    return base64.b32decode(match.group(1).replace(" ", ""))


def verify(client, token, next_url=None):
    data = {"token": token, **({"next": next_url} if next_url else {})}
    return client.post(reverse("accounts:two_factor_verify"), data)


def redirected_to(response, url_name: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse(url_name))


def token_errors(response, field: str = "token") -> set[str]:
    return {error.code for error in response.context["form"].errors.as_data().get(field, [])}


def later(seconds: int):
    """Time moved on: a TOTP code is accepted once per 30-second step."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


# --- who must ---------------------------------------------------------------------------------


def test_directors_auditors_and_administrators_need_a_second_factor(
    director, auditor, admin_user, social_worker, coordinator
):
    assert all(map(two_factor.requires_two_factor, (director, auditor, admin_user)))
    assert not any(map(two_factor.requires_two_factor, (social_worker, coordinator)))


def test_a_director_without_an_app_is_sent_to_enrolment_and_reaches_nothing_else(client, director):
    assert password_step(client, director).status_code == 302

    for url in (reverse("home"), reverse("reporting:dashboard"), reverse("households:list")):
        response = client.get(url)
        assert redirected_to(response, "accounts:two_factor_enrol"), url
        assert response["Location"].endswith(f"?next={url.replace('/', '%2F')}")
    # The second step stays reachable, and so do logging out and the language switcher.
    assert client.get(reverse("accounts:two_factor_enrol")).status_code == 200
    assert client.get(reverse("accounts:two_factor_qr")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_an_administrator_who_only_typed_the_password_cannot_use_the_admin(client, admin_user):
    enrolled(admin_user)
    password_step(client, admin_user)

    for url in ("/admin/", reverse("admin:accounts_user_changelist")):
        assert redirected_to(client.get(url), "accounts:two_factor_verify")
    assert redirected_to(client.post("/admin/accounts/site/add/"), "accounts:two_factor_verify")


def test_a_social_worker_is_not_forced(client, social_worker):
    password_step(client, social_worker)

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:two_factor")).status_code == 200
    assert not TOTPDevice.objects.filter(user=social_worker).exists()


def test_a_role_given_during_the_session_asks_for_the_second_factor_at_once(
    client, social_worker, site_a
):
    password_step(client, social_worker)
    Membership.objects.create(user=social_worker, site=site_a, role=Role.DIRECTOR)

    assert redirected_to(client.get(reverse("home")), "accounts:two_factor_enrol")


# --- enrolment --------------------------------------------------------------------------------


def test_enrolment_needs_a_valid_code_then_shows_ten_codes_once(client, director):
    password_step(client, director, next_url=reverse("reporting:dashboard"))
    page = client.get(reverse("accounts:two_factor_enrol"), {"next": "/reporting/"})
    key = secret_on_page(page.text)

    wrong = client.post(reverse("accounts:two_factor_enrol"), {"token": "000000"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(user=director, confirmed=True).exists()
    assert redirected_to(client.get(reverse("home")), "accounts:two_factor_enrol")

    with later(31):
        done = client.post(
            reverse("accounts:two_factor_enrol"),
            {"token": f"{totp(key):06d}", "next": reverse("reporting:dashboard")},
        )
        assert done.status_code == 200
        codes = done.context["codes"]
        assert len(codes) == len(set(codes)) == two_factor.RECOVERY_CODE_COUNT
        assert all(code in done.text for code in codes)
        assert 'href="/reporting/"' in done.text
        assert client.get(reverse("reporting:dashboard")).status_code == 200
        # Shown once: the overview counts them, never shows them.
        overview = client.get(reverse("accounts:two_factor"))
        assert not any(code in overview.text for code in codes)
    assert TOTPDevice.objects.get(user=director).confirmed


def test_the_qr_code_is_an_svg_image_without_inline_style(client_for, social_worker):
    response = client_for(social_worker).get(reverse("accounts:two_factor_qr"))

    assert response["Content-Type"] == "image/svg+xml"
    assert response.text.startswith("<svg") and "<path" in response.text
    assert "style" not in response.text and "<script" not in response.text
    assert "no-store" in response["Cache-Control"]


def test_the_page_and_the_qr_code_show_the_same_unconfirmed_key(client_for, social_worker):
    client = client_for(social_worker)

    key = secret_on_page(client.get(reverse("accounts:two_factor_enrol")).text)
    client.get(reverse("accounts:two_factor_qr"))

    device = TOTPDevice.objects.get(user=social_worker)
    assert (device.bin_key, device.confirmed) == (key, False)


def test_an_auditor_enrols_although_auditors_write_nothing(client, auditor):
    password_step(client, auditor)
    key = secret_on_page(client.get(reverse("accounts:two_factor_enrol")).text)

    response = client.post(reverse("accounts:two_factor_enrol"), {"token": f"{totp(key):06d}"})

    assert response.status_code == 200
    assert len(response.context["codes"]) == two_factor.RECOVERY_CODE_COUNT
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("households:create")).status_code == 403


def test_a_social_worker_who_enrols_is_asked_for_a_code_at_the_next_login(client, social_worker):
    password_step(client, social_worker)
    key = secret_on_page(client.get(reverse("accounts:two_factor_enrol")).text)
    client.post(reverse("accounts:two_factor_enrol"), {"token": f"{totp(key):06d}"})
    client.post(reverse("accounts:logout"))

    password_step(client, social_worker)

    assert redirected_to(client.get(reverse("home")), "accounts:two_factor_verify")


# --- the login's second step ------------------------------------------------------------------


def test_login_with_a_valid_code_reaches_the_page_first_asked_for(client, director):
    device = enrolled(director)
    password_step(client, director, next_url=reverse("reporting:dashboard"))
    assert redirected_to(client.get(reverse("reporting:dashboard")), "accounts:two_factor_verify")

    response = verify(client, code_of(device), next_url=reverse("reporting:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:dashboard")
    assert client.get(reverse("reporting:dashboard")).status_code == 200


def test_a_next_page_elsewhere_is_not_followed(client, director):
    device = enrolled(director)
    password_step(client, director)

    response = verify(client, code_of(device), next_url="https://example.com/")

    assert response["Location"] == reverse("home")


def test_a_wrong_code_is_refused_recorded_and_throttled(client, director):
    device = enrolled(director)
    password_step(client, director)

    wrong = verify(client, "000000" if code_of(device) != "000000" else "111111")

    assert wrong.status_code == 200
    assert token_errors(wrong) == {"token_refused"}
    assert redirected_to(client.get(reverse("home")), "accounts:two_factor_verify")
    assert AccessEvent.objects.filter(action="otp_failed", user=director).count() == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Right away, even the right code waits (django-otp's back-off)…
    throttled = verify(client, code_of(device))
    assert token_errors(throttled) == {"token_refused"}
    # …and passes once the delay is over.
    with later(3):
        assert verify(client, code_of(device)).status_code == 302
        assert client.get(reverse("home")).status_code == 200


def test_a_code_is_accepted_only_once(client, director):
    device = enrolled(director)
    password_step(client, director)
    code = code_of(device)
    assert verify(client, code).status_code == 302
    client.post(reverse("accounts:logout"))

    password_step(client, director)

    with later(2):
        assert token_errors(verify(client, code)) == {"token_refused"}


def test_a_recovery_code_works_once(client, director):
    enrolled(director)
    codes = two_factor.recovery_codes_regenerate(user=director)
    password_step(client, director)

    used = verify(client, codes[0].upper())

    assert used.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=director).count() == 9
    client.post(reverse("accounts:logout"))
    password_step(client, director)
    with later(3):
        assert token_errors(verify(client, codes[0])) == {"token_refused"}
        assert redirected_to(client.get(reverse("home")), "accounts:two_factor_verify")


def test_new_recovery_codes_replace_the_old_ones(director):
    old = two_factor.recovery_codes_regenerate(user=director)

    new = two_factor.recovery_codes_regenerate(user=director)

    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


@pytest.mark.parametrize(
    "token",
    [
        "abcdef",
        "12345",
        "1234567",
        "١٢٣٤٥٦",
        "12\x003456",
        "1" * 100_000,
        "é" * 8,
        "<script>",
        "",
    ],
)
def test_hostile_codes_are_form_errors(client, director, token):
    device = enrolled(director)
    password_step(client, director)

    for url in (reverse("accounts:two_factor_verify"),):
        response = client.post(url, {"token": token})
        assert response.status_code == 200
        assert response.context["form"].errors["token"]
    device.refresh_from_db()
    # A code of the wrong shape is no guess: it is not counted against the user.
    assert device.throttling_failure_count == 0


@pytest.mark.parametrize("token", ["abcdef", "١٢٣٤٥٦", "9" * 50_000, "abcdefgh"])
def test_hostile_codes_at_enrolment_are_form_errors(client, director, token):
    password_step(client, director)
    client.get(reverse("accounts:two_factor_enrol"))

    response = client.post(reverse("accounts:two_factor_enrol"), {"token": token})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(user=director, confirmed=True).exists()

"""Changing the password or the second factor needs the password (and a code) of late."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.accounts.test_two_factor import (
    code_of,
    enrolled,
    password_step,
    redirected_to,
    verify,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_second_factor")]

NEW_PASSWORD = "Brouette-Lune-47"
STALE = datetime.timedelta(minutes=two_factor.REAUTHENTICATION_MINUTES + 1)


def _signed_in_with_code(client, user):
    device = enrolled(user)
    password_step(client, user)
    assert verify(client, code_of(device)).status_code == 302
    return device


def _reauthentication_form(response) -> bool:
    return response.status_code == 200 and "accounts/reauthenticate.html" in [
        t.name for t in response.templates
    ]


def test_the_password_change_asks_again_once_the_login_is_old(client, director):
    device = _signed_in_with_code(client, director)
    with time_machine.travel(timezone.now() + STALE, tick=False):
        assert _reauthentication_form(client.get(reverse("accounts:password_change")))
        refused = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        assert _reauthentication_form(refused)
        director.refresh_from_db()
        assert director.check_password(PASSWORD)

        confirmed = client.post(
            reverse("accounts:reauthenticate"),
            {"password": PASSWORD, "token": code_of(device), "next": "/accounts/password/"},
        )
        assert confirmed["Location"] == reverse("accounts:password_change")
        changed = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    assert changed.status_code == 302
    director.refresh_from_db()
    assert director.check_password(NEW_PASSWORD)


def test_a_user_without_a_second_factor_confirms_with_the_password_only(client, social_worker):
    password_step(client, social_worker)
    with time_machine.travel(timezone.now() + STALE, tick=False):
        page = client.get(reverse("accounts:password_change"))
        assert _reauthentication_form(page)
        assert "token" not in page.context["form"].fields

        client.post(reverse("accounts:reauthenticate"), {"password": PASSWORD})

        page = client.get(reverse("accounts:password_change"))
        assert not _reauthentication_form(page)
        assert page.status_code == 200


def test_removing_the_app_asks_again_then_the_director_must_enrol_anew(client, director):
    device = _signed_in_with_code(client, director)
    two_factor.recovery_codes_regenerate(user=director)
    with time_machine.travel(timezone.now() + STALE, tick=False):
        refused = client.post(reverse("accounts:two_factor_remove"))
        assert _reauthentication_form(refused)
        assert refused.context["next"] == reverse("accounts:two_factor")
        assert TOTPDevice.objects.filter(user=director).exists()

        client.post(
            reverse("accounts:reauthenticate"),
            {"password": PASSWORD, "token": code_of(device)},
        )
        assert redirected_to(
            client.post(reverse("accounts:two_factor_remove")), "accounts:two_factor"
        )
        assert not TOTPDevice.objects.filter(user=director).exists()
        assert not StaticDevice.objects.filter(user=director).exists()
        assert redirected_to(client.get(reverse("home")), "accounts:two_factor_enrol")


def test_new_recovery_codes_ask_again_once_the_login_is_old(client, director):
    _signed_in_with_code(client, director)
    with time_machine.travel(timezone.now() + STALE, tick=False):
        assert _reauthentication_form(client.post(reverse("accounts:two_factor_codes_regenerate")))
    assert not StaticDevice.objects.filter(user=director).exists()


@pytest.mark.parametrize(
    ("password", "token_ok"), [("not-my-password", True), (PASSWORD, False), ("", True)]
)
def test_a_wrong_password_or_code_does_not_confirm(client, director, password, token_ok):
    device = _signed_in_with_code(client, director)
    with time_machine.travel(timezone.now() + STALE, tick=False):
        token = code_of(device) if token_ok else "a" * 500
        response = client.post(
            reverse("accounts:reauthenticate"), {"password": password, "token": token}
        )
        assert _reauthentication_form(response)
        assert response.context["form"].errors
        assert _reauthentication_form(client.get(reverse("accounts:password_change")))


def test_an_auditor_confirms_and_changes_their_second_factor(client, auditor):
    device = _signed_in_with_code(client, auditor)
    with time_machine.travel(timezone.now() + STALE, tick=False):
        response = client.post(
            reverse("accounts:reauthenticate"),
            {
                "password": PASSWORD,
                "token": code_of(device),
                "next": reverse("accounts:two_factor"),
            },
        )
        assert response.status_code == 302
        codes = client.post(reverse("accounts:two_factor_codes_regenerate"))
    assert codes.status_code == 200
    assert len(codes.context["codes"]) == two_factor.RECOVERY_CODE_COUNT

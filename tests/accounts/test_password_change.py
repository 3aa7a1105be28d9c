"""Changing one's own password (every role), the lockout of its old-password check, and the
end of every other session when the password changes or the account is deactivated."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brouette-Lune-47"
LOCKED = 429


def _change(client, old=PASSWORD, new=NEW_PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
        REMOTE_ADDR=ip,
    )


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _signed_in(user, ip="10.0.0.1") -> Client:
    """A browser of its own with the user logged in through the login page."""
    client = Client()
    assert _login(client, user.username, PASSWORD, ip).status_code == 302
    return client


def _logged_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    "role", ["social_worker", "coordinator", "director", "auditor", "admin_user"]
)
def test_every_role_changes_their_own_password(request, role):
    user = request.getfixturevalue(role)
    client = _signed_in(user)

    response = _change(client)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # This session stays open (update_session_auth_hash).
    assert _logged_in(client)


def test_auditors_still_write_nothing_else(client_for, auditor):
    client = client_for(auditor)

    assert client.post(reverse("households:create")).status_code == 403


def test_a_refused_new_password_is_explained_and_changes_nothing(client_for, social_worker):
    client = client_for(social_worker)

    response = _change(client, new="aaaaaaaaaaaa")

    assert response.status_code == 200
    assert "Ce mot de passe est trop facile à deviner." in response.text
    social_worker.refresh_from_db()
    assert social_worker.check_password(PASSWORD)


def test_a_wrong_old_password_counts_as_a_failed_login(client_for, social_worker):
    client = client_for(social_worker)

    assert _change(client, old="not-my-password").status_code == 200

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (social_worker.username, "10.0.0.1")
    assert attempt.failures_since_start == 1


def test_wrong_old_passwords_lock_the_account_out_of_the_login_page(client_for, social_worker):
    client = client_for(social_worker)
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert _change(client, old="not-my-password").status_code == 200

    locked = _change(client, old="not-my-password")

    assert locked.status_code == LOCKED
    assert "Trop de tentatives" in locked.text
    # Whoever sat at the open session is let go…
    assert not _logged_in(client)
    # …and the right password no longer opens the login page from that address, with the
    # words every locked pair gets, whether the account exists or not.
    refused = _login(Client(), social_worker.username, PASSWORD)
    assert refused.status_code == LOCKED
    assert "Trop de tentatives" in refused.text
    assert social_worker.username not in refused.text
    social_worker.refresh_from_db()
    assert social_worker.check_password(PASSWORD)
    # Another address is not locked.
    assert _login(Client(), social_worker.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_locked_pair_cannot_change_the_password_even_with_the_right_one(social_worker):
    client = _signed_in(social_worker)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(Client(), social_worker.username, "wrong-password")

    assert _change(client).status_code == LOCKED
    social_worker.refresh_from_db()
    assert social_worker.check_password(PASSWORD)


def test_changing_ones_password_ends_the_other_sessions(social_worker):
    here = _signed_in(social_worker)
    elsewhere = _signed_in(social_worker, ip="10.0.0.2")

    assert _change(here).status_code == 302

    assert _logged_in(here)
    assert not _logged_in(elsewhere)


def test_a_password_set_by_an_administrator_ends_every_session(admin_user, social_worker):
    session = _signed_in(social_worker)
    admin = _signed_in(admin_user)
    url = reverse("admin:auth_user_password_change", args=[social_worker.pk])

    response = admin.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert not _logged_in(session)
    assert _login(Client(), social_worker.username, NEW_PASSWORD).status_code == 302


def test_deactivating_a_user_ends_their_sessions(admin_user, social_worker):
    one = _signed_in(social_worker)
    other = _signed_in(social_worker, ip="10.0.0.2")

    social_worker.is_active = False
    social_worker.save(update_fields=["is_active"])

    for client in (one, other):
        response = client.get(reverse("households:list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert _login(Client(), social_worker.username, PASSWORD).status_code == 200

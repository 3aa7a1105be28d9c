"""Login lockout (django-axes): a username+address pair is refused after repeated failures,
on our login form and on the admin's alike."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = 429


def _login(client, username, password, ip="10.0.0.1", url=None, **headers):
    return client.post(
        url or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def _admin_login(client, username, password, ip="10.0.0.1"):
    return _login(client, username, password, ip, url=reverse("admin:login"))


def _fail_until_locked(client, username, ip="10.0.0.1", url=None):
    """LOGIN_FAILURE_LIMIT wrong passwords: the last one is answered with the lockout page."""
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert _login(client, username, "wrong-password", ip, url=url).status_code == 200
    return _login(client, username, "wrong-password", ip, url=url)


def _lockout_message(response) -> str:
    assert response.status_code == LOCKED
    match = re.search(
        r'<div class="alert alert-danger" role="alert">(.*?)</div>', response.text, re.S
    )
    return " ".join(match.group(1).split())


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_repeated_failures_lock_the_username_and_address_pair(client, social_worker):
    locked = _fail_until_locked(client, social_worker.username)
    assert "Trop de tentatives" in _lockout_message(locked)
    assert f"Réessayez dans {settings.LOGIN_LOCKOUT_MINUTES} minutes" in _lockout_message(locked)

    # Even the right password is refused now.
    refused = _login(client, social_worker.username, PASSWORD)
    assert "Trop de tentatives" in _lockout_message(refused)
    assert refused["Retry-After"] == str(settings.LOGIN_LOCKOUT_MINUTES * 60)
    assert not _logged_in(client)


def test_lockout_leaves_the_same_user_free_from_another_address(client, social_worker):
    _fail_until_locked(client, social_worker.username)

    assert _login(client, social_worker.username, PASSWORD, ip="10.0.0.2").status_code == 302
    assert _logged_in(client)


def test_lockout_leaves_another_user_free_from_the_same_address(client, social_worker, coordinator):
    _fail_until_locked(client, social_worker.username)

    assert _login(client, coordinator.username, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_unknown_username_is_locked_with_the_same_message(client, social_worker):
    known = _lockout_message(_fail_until_locked(client, social_worker.username, ip="10.0.0.1"))
    unknown = _lockout_message(_fail_until_locked(client, "nobody.here", ip="10.0.0.2"))

    # Nothing tells an attacker whether the account exists.
    assert unknown == known
    assert social_worker.username not in known


def test_lockout_is_case_insensitive_on_username(client, social_worker):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, social_worker.username.upper(), "nope")

    assert _login(client, f" {social_worker.username} ", "nope").status_code == LOCKED
    assert _login(client, social_worker.username, PASSWORD).status_code == LOCKED


def test_lock_runs_out(client, social_worker):
    _fail_until_locked(client, social_worker.username)
    later = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)

    with time_machine.travel(later):
        assert _login(client, social_worker.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_success_resets_the_count(client, social_worker):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, social_worker.username, "nope")
    assert _login(client, social_worker.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    # A fresh count: as many failures again still leave the right password working.
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert _login(client, social_worker.username, "nope").status_code == 200
    assert _login(client, social_worker.username, PASSWORD).status_code == 302


def test_admin_login_is_locked_too(client, admin_user):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert _admin_login(client, admin_user.username, "wrong-password").status_code == 200
    locked = _admin_login(client, admin_user.username, "wrong-password")
    assert "Trop de tentatives" in _lockout_message(locked)

    refused = _admin_login(client, admin_user.username, PASSWORD)
    assert "Trop de tentatives" in _lockout_message(refused)
    assert not _logged_in(client)
    # The pair is locked on every login path, not just the one that was hammered.
    assert _login(client, admin_user.username, PASSWORD).status_code == LOCKED
    assert not _logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_login_works_before_the_limit(client, admin_user):
    _admin_login(client, admin_user.username, "wrong-password")

    assert _admin_login(client, admin_user.username, PASSWORD).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(client, settings):
    settings.AXES_CLIENT_IP_CALLABLE = "accounts.lockout.forwarded_client_ip"
    user = UserFactory(username="ts.proxy")
    proxy = "10.0.0.254"  # every request comes from the proxy
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, user.username, "nope", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")

    # What the client put in front of the header changes nothing…
    spoofed = "198.51.100.1, 203.0.113.7"
    assert (
        _login(client, user.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=spoofed).status_code
        == LOCKED
    )
    # …and another client behind the same proxy is not locked out.
    other = "203.0.113.8"
    assert (
        _login(client, user.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=other).status_code
        == 302
    )

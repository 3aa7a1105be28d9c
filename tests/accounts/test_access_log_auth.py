"""Logins, failed logins, lockouts and logouts in the access log, with the client's address
as django-axes resolves it: behind the reverse proxy, the one it added to X-Forwarded-For."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import AccessEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

Action = AccessEvent.Action
PROXY = "10.0.0.254"


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    # What BEHIND_PROXY=true sets at start-up (clefdefrance/settings.py).
    settings.AXES_CLIENT_IP_CALLABLE = "accounts.lockout.forwarded_client_ip"


def _login(client, username, password, client_ip="203.0.113.7"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        # The first entry is whatever the client claims; the proxy appends what it saw.
        HTTP_X_FORWARDED_FOR=f"198.51.100.99, {client_ip}",
    )


def _events(action):
    return list(AccessEvent.objects.filter(action=action))


def test_a_login_is_recorded_with_the_address_from_the_proxy_header(client, social_worker):
    assert _login(client, social_worker.username, PASSWORD).status_code == 302
    [event] = _events(Action.LOGIN)
    assert (event.user, event.username, event.ip) == (social_worker, "ts.a", "203.0.113.7")


def test_a_failed_login_is_recorded_with_the_typed_username_only(client, social_worker):
    assert _login(client, " TS.A ", "wrong-password").status_code == 200
    [event] = _events(Action.LOGIN_FAILED)
    assert (event.user, event.username, event.ip) == (None, "ts.a", "203.0.113.7")
    assert "wrong-password" not in f"{event.subject} {event.username}"


def test_a_failed_login_of_an_unknown_username_is_recorded(client, db):
    _login(client, "nobody", "wrong-password")
    [event] = _events(Action.LOGIN_FAILED)
    assert (event.user, event.username) == (None, "nobody")


def test_a_lockout_is_recorded(client, social_worker):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = _login(client, social_worker.username, "wrong-password")
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    [event] = _events(Action.LOCKOUT)
    assert (event.username, event.ip) == ("ts.a", "203.0.113.7")
    assert len(_events(Action.LOGIN_FAILED)) == settings.LOGIN_FAILURE_LIMIT


def test_a_logout_is_recorded(client, social_worker):
    _login(client, social_worker.username, PASSWORD)
    response = client.post(
        reverse("accounts:logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8"
    )
    assert response.status_code == 302
    [event] = _events(Action.LOGOUT)
    assert (event.user, event.ip) == (social_worker, "203.0.113.8")


def test_without_the_proxy_the_connection_address_is_recorded(client, settings, social_worker):
    settings.AXES_CLIENT_IP_CALLABLE = "accounts.lockout.remote_client_ip"
    _login(client, social_worker.username, PASSWORD)
    [event] = _events(Action.LOGIN)
    assert event.ip == PROXY


def test_a_header_that_ends_with_no_address_gives_the_connection_address(client, social_worker):
    client.post(
        reverse("accounts:login"),
        {"username": social_worker.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="not-an-address<script>",
    )
    assert client.session.get("_auth_user_id") == str(social_worker.pk)
    [event] = _events(Action.LOGIN)
    assert event.ip == PROXY


def test_an_address_that_is_no_address_is_never_stored(rf, settings):
    from accounts.access_log import client_address

    settings.AXES_CLIENT_IP_CALLABLE = lambda request: "not-an-address"
    assert client_address(rf.get("/")) is None
    settings.AXES_CLIENT_IP_CALLABLE = lambda request: " 2001:db8::1 "
    assert client_address(rf.get("/")) == "2001:db8::1"

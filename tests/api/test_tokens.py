"""Personal tokens: made and revoked by their user on the token pages, kept in the history;
an expired, revoked, unknown or malformed token is a 401; the limit answers 429."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Role
from api.models import ApiToken
from api.services import TokenRuleError, api_token_create, api_token_revoke
from tests.api.conftest import bearer, token_for

pytestmark = pytest.mark.django_db


def _households(client, secret):
    return client.get(reverse("api:household-list"), **bearer(secret))


def test_only_the_hash_is_stored_and_the_secret_works(client, social_worker):
    created = api_token_create(user=social_worker, by=social_worker, name="Tableur")
    token = ApiToken.objects.get()
    assert created.secret not in {token.secret_hash, token.prefix, token.name}
    assert created.secret.startswith(token.prefix)
    assert _households(client, created.secret).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(client, social_worker):
    secret = token_for(social_worker)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _households(client, secret)
    token = ApiToken.objects.get()
    assert token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=50), tick=False):
        _households(client, secret)
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        _households(client, secret)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_default_expiry_is_90_days_and_at_most_one_year(social_worker):
    created = api_token_create(user=social_worker, by=social_worker, name="x")
    days = (timezone.localdate(created.token.expires_at) - timezone.localdate()).days
    assert 90 <= days <= 91
    too_far = timezone.localdate() + datetime.timedelta(days=400)
    with pytest.raises(TokenRuleError):
        api_token_create(user=social_worker, by=social_worker, name="x", expires_on=too_far)
    with pytest.raises(TokenRuleError):
        api_token_create(
            user=social_worker, by=social_worker, name="x", expires_on=timezone.localdate()
        )


def test_expired_revoked_and_garbage_tokens_get_401(client, social_worker):
    secret = token_for(social_worker, expires_on=timezone.localdate() + datetime.timedelta(days=1))
    assert _households(client, secret).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert _households(client, secret).status_code == 401
    revoked = api_token_create(user=social_worker, by=social_worker, name="r")
    api_token_revoke(token=revoked.token, by=social_worker)
    assert _households(client, revoked.secret).status_code == 401
    for header in ("Bearer nope", "Bearer", "Bearer a b", "Bearer " + "x" * 500, "Bearer é"):
        response = client.get(reverse("api:household-list"), HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(reverse("api:household-list")).status_code == 401


def test_a_deactivated_user_token_stops_working(client, social_worker):
    secret = token_for(social_worker)
    social_worker.is_active = False
    social_worker.save()
    assert _households(client, secret).status_code == 401


def test_the_rate_limit_answers_429(client, settings, social_worker):
    settings.API_RATE_PER_HOUR = 3
    secret = token_for(social_worker)
    statuses = [_households(client, secret).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Per user: another token of the same user does not start a new count.
    assert _households(client, token_for(social_worker)).status_code == 429


def test_token_page_creates_shows_the_secret_once_and_lists(client_for, social_worker):
    client = client_for(social_worker)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("api:tokens"), {"name": "Tableur", "expires_on": expires})
    assert response.status_code == 200
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    listing = client.get(reverse("api:tokens"))
    assert "Tableur" in listing.content.decode()
    assert secret not in listing.content.decode()
    token = ApiToken.objects.get()
    assert token.history.get().history_type == "+"
    assert token.history.get().history_user == social_worker


def test_token_page_refuses_a_bad_expiry_without_creating(client_for, social_worker):
    client = client_for(social_worker)
    for expires in ("2099-01-01", "pas une date", timezone.localdate().isoformat()):
        response = client.post(reverse("api:tokens"), {"name": "x", "expires_on": expires})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_users_revoke_their_own_tokens_only(client_for, social_worker, social_worker_b, client):
    mine = api_token_create(user=social_worker, by=social_worker, name="mine")
    theirs = api_token_create(user=social_worker_b, by=social_worker_b, name="theirs")
    browser = client_for(social_worker)
    url = reverse("api:token_revoke")
    assert browser.post(url, {"token": theirs.token.pk}).status_code == 404
    assert browser.post(url, {"token": "abc"}).status_code == 302
    assert browser.post(url, {"token": mine.token.pk}).status_code == 302
    mine.token.refresh_from_db()
    theirs.token.refresh_from_db()
    assert mine.token.is_revoked and not theirs.token.is_revoked
    assert mine.token.history.first().history_type == "~"
    assert "theirs" not in browser.get(reverse("api:tokens")).content.decode()


def test_auditors_may_hold_tokens(client_for, auditor):
    client = client_for(auditor)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("api:tokens"), {"name": "Contrôle", "expires_on": expires})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=auditor)
    assert client.post(reverse("api:token_revoke"), {"token": token.pk}).status_code == 302
    token.refresh_from_db()
    assert token.is_revoked


def test_a_token_call_is_never_sent_to_the_second_factor(client, director):
    # Directors need a second factor on the pages; a token was made in a verified session.
    response = _households(client, token_for(director))
    assert response.status_code == 200


def test_an_administrator_revokes_a_token_in_the_admin(client_for, admin_user, social_worker):
    created = api_token_create(user=social_worker, by=social_worker, name="fuite")
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [created.token.pk]},
    )
    assert response.status_code == 302
    created.token.refresh_from_db()
    assert created.token.is_revoked
    assert created.token.history.first().history_user == admin_user
    assert (
        created.secret not in client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    )


def test_a_token_stops_when_its_user_must_have_a_second_factor_and_has_none(
    client, social_worker, auditor, site_a
):
    secret = token_for(social_worker)
    assert _households(client, secret).status_code == 200
    # Made a director since, not yet enrolled: the pages would ask for a device first.
    Membership.objects.create(user=social_worker, site=site_a, role=Role.DIRECTOR)
    refused = _households(client, secret)
    assert refused.status_code == 401
    assert "second facteur" in refused.json()["detail"]
    TOTPDevice.objects.create(user=social_worker, name="app", confirmed=True)
    assert _households(client, secret).status_code == 200

    auditor_secret = token_for(auditor)  # enrolled, as when the token was made
    assert _households(client, auditor_secret).status_code == 200
    TOTPDevice.objects.filter(user=auditor).delete()  # the second factor removed
    assert _households(client, auditor_secret).status_code == 401


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_the_cap_is_counted_under_the_users_lock(social_worker):
    with CaptureQueriesContext(connection) as queries:
        api_token_create(user=social_worker, by=social_worker, name="x")
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "accounts_user" in q and "FOR UPDATE" in q)
    count = next(i for i, q in enumerate(sql) if "COUNT(" in q and "api_apitoken" in q)
    assert lock < count

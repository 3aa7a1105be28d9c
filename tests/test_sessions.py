"""Sessions in the cache and the database (cached_db): a Redis outage logs no one out."""

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.urls import reverse

from core import sessions

pytestmark = pytest.mark.django_db

REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
    }
}


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "core.sessions"  # production's


def test_production_keeps_sessions_in_the_cache_and_the_database():
    from django.conf import settings

    from clefdefrance import settings_infra

    assert settings_infra.SESSION_ENGINE == "core.sessions"
    assert issubclass(sessions.SessionStore, CachedDBStore)  # an outage while saving: 503, not 400
    assert settings.CACHES["default"]["BACKEND"] in {
        "django_redis.cache.RedisCache",  # REDIS_URL set
        "django.core.cache.backends.locmem.LocMemCache",
    }
    if settings.REDIS_URL:
        assert settings.CACHES["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def test_a_signed_in_user_stays_signed_in_when_redis_goes_down(
    cached_sessions, client, social_worker, settings
):
    client.force_login(social_worker)
    assert client.get(reverse("households:list")).status_code == 200
    settings.CACHES = REDIS_DOWN
    assert caches["default"].get("anything") is None  # the cache misses, it does not raise
    response = client.get(reverse("households:list"))
    assert response.status_code == 200  # read from the database, not sent to the login page


def test_a_session_is_read_from_the_cache_first(
    cached_sessions, client, social_worker, django_assert_num_queries
):
    from django.contrib.sessions.backends.cached_db import SessionStore

    client.force_login(social_worker)
    key = client.session.session_key
    with django_assert_num_queries(0):
        assert SessionStore(session_key=key).load()  # in the cache: no query

"""/healthz: 200 when the database, the broker and a worker are alive, 503 when one is not."""

import json
import os
import time

import pytest
import redis
from django.db import OperationalError
from django.urls import reverse

from core import health

pytestmark = pytest.mark.django_db
# Nothing listens there: connecting is refused at once.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def with_broker(settings, tasks_through_the_broker):
    """Tasks go through REDIS_URL (the CI's Redis): the broker and worker checks run for real."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis to check against")
    settings.REDIS_URL = url
    client = redis.Redis.from_url(url)
    saved = client.hgetall(health.HEARTBEAT_KEY)  # a worker of the machine may be beating
    client.delete(health.HEARTBEAT_KEY)
    yield client
    client.delete(health.HEARTBEAT_KEY)
    if saved:
        client.hset(health.HEARTBEAT_KEY, mapping=saved)


def _get(client):
    response = client.get(reverse("healthz"))
    return response, json.loads(response.content)


def test_eager_mode_is_healthy_for_anonymous_visitors(client):
    response, body = _get(client)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "eager", "worker": "eager"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_dead_database_answers_503(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response, body = _get(client)
    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["checks"]["database"] == "failing"
    assert "refused" not in response.content.decode()  # no error text in the answer


def test_an_unreachable_broker_answers_503(client, settings, tasks_through_the_broker):
    settings.REDIS_URL = CLOSED_PORT_URL
    started = time.monotonic()
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"] == {"database": "ok", "broker": "failing", "worker": "failing"}
    assert time.monotonic() - started < 5  # a probe never hangs on a dead Redis


def test_a_fresh_heartbeat_is_healthy(client, with_broker):
    health.heartbeat_write("celery@test-node")
    response, body = _get(client)
    assert response.status_code == 200
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_no_heartbeat_answers_503(client, with_broker):
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["worker"] == "failing"
    assert body["checks"]["broker"] == "ok"


def test_a_stale_heartbeat_answers_503(client, with_broker, settings):
    old = time.time() - settings.WORKER_HEARTBEAT_MAX_AGE - 1
    health.heartbeat_write("celery@test-node", now=old)
    response, body = _get(client)
    assert response.status_code == 503
    assert body["checks"]["worker"] == "failing"


def test_a_worker_stopping_takes_its_heartbeat_with_it(with_broker):
    health.heartbeat_write("celery@a")
    health.heartbeat_write("celery@b")
    health.heartbeat_remove("celery@a")
    assert set(with_broker.hkeys(health.HEARTBEAT_KEY)) == {b"celery@b"}


def test_workers_silent_for_a_day_are_forgotten(with_broker):
    now = time.time()
    health.heartbeat_write("celery@gone", now=now - health.HEARTBEAT_FORGET_SECONDS - 1)
    health.heartbeat_write("celery@alive", now=now)
    assert set(with_broker.hkeys(health.HEARTBEAT_KEY)) == {b"celery@alive"}


def test_the_newest_heartbeat_decides():
    now = 1_000_000.0
    assert health.heartbeat_fresh([b"999000.0", b"999990.5"], now=now, max_age=120)
    assert not health.heartbeat_fresh([b"999000.0"], now=now, max_age=120)
    assert not health.heartbeat_fresh([], now=now, max_age=120)


def test_the_heartbeat_step_beats_on_the_worker_timer(settings, monkeypatch):
    from clefdefrance.celery import Heartbeat

    written, calls = [], []

    class Timer:
        def call_repeatedly(self, seconds, function, args, priority):
            calls.append(seconds)
            return type("Ref", (), {"cancel": lambda self: calls.append("cancelled")})()

    worker = type("Worker", (), {"hostname": "celery@node", "timer": Timer()})()
    monkeypatch.setattr(health, "heartbeat_write", written.append)
    monkeypatch.setattr(health, "heartbeat_remove", lambda name: written.append(f"-{name}"))
    step = Heartbeat.__new__(Heartbeat)
    step.timer_ref = None
    step.start(worker)
    step.stop(worker)
    assert written == ["celery@node", "-celery@node"]
    assert calls == [settings.WORKER_HEARTBEAT_SECONDS, "cancelled"]


def test_healthz_is_left_out_of_the_access_log():
    import logging

    from clefdefrance.access_log import AccessLogFilter

    def record(path):
        atoms = {"m": "GET", "U": path, "s": "200", "M": "3", "{x-request-id}o": "abc"}
        return logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(U)s", (atoms,), None)

    assert AccessLogFilter().filter(record("/healthz")) is False
    kept = record("/households/")
    assert AccessLogFilter().filter(kept) is True
    assert (kept.path, kept.status, kept.request_id) == ("/households/", "200", "abc")

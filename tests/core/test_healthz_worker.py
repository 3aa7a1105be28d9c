"""/healthz sees a real Celery worker's heartbeat (CELERY_INTEGRATION, like the worker tests)."""

import json
import time

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from core import health
from tests.followups.test_worker_integration import (  # noqa: F401  (a fixture)
    WORKER_START_TIMEOUT,
    worker_queue,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_started_worker_makes_healthz_healthy(client, tasks_through_the_broker, request):
    if not settings.REDIS_URL:
        request.getfixturevalue("worker_queue")  # skips, or fails when CI requires it
    redis.Redis.from_url(settings.REDIS_URL).delete(health.HEARTBEAT_KEY)
    assert client.get(reverse("healthz")).status_code == 503  # no worker yet
    request.getfixturevalue("worker_queue")  # needs PostgreSQL too
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while time.monotonic() < deadline:
        response = client.get(reverse("healthz"))
        if response.status_code == 200:
            break
        time.sleep(1)
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["worker"] == "ok"

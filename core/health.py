"""/healthz: is this web process able to serve, and is some worker alive to run its tasks?

A load balancer or a container platform asks it every few seconds, unauthenticated: the
answer says ok, failing (or eager, on a laptop without a broker) per check and nothing else,
no data, no error text (an error message could name a host or a user). 200 when every check
is ok, 503 when one fails, so the web node is taken out of rotation or the alarm goes off.

- database: one `SELECT 1` on the default connection;
- broker: a PING to REDIS_URL with a short timeout ("eager" when tasks run in-process);
- worker: the newest heartbeat a Celery worker wrote in Redis (every WORKER_HEARTBEAT_SECONDS,
  see clefdefrance/celery.py) is younger than WORKER_HEARTBEAT_MAX_AGE seconds.
"""

import functools
import time

import redis
from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OK = "ok"
FAILING = "failing"
EAGER = "eager"
# One hash in Redis: worker hostname -> the time of its last heartbeat (Unix seconds).
HEARTBEAT_KEY = "cdf:worker-heartbeats"
# A worker gone this long (a machine replaced, a test's worker) is dropped from the hash.
HEARTBEAT_FORGET_SECONDS = 24 * 3600
# A probe must answer quickly even when Redis does not.
REDIS_TIMEOUT_SECONDS = 1.0


@functools.lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    # One client (and its connection pool) per process, kept between probes: a probe every
    # few seconds from each load balancer must not open new connections each time.
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )


def _redis() -> redis.Redis:
    return _client(settings.REDIS_URL)


def heartbeat_write(hostname: str, *, now: float | None = None) -> None:
    """Record that the worker `hostname` is alive; forget workers silent for a day."""
    now = time.time() if now is None else now
    client = _redis()
    client.hset(HEARTBEAT_KEY, hostname, f"{now:.3f}")
    stale = [
        name
        for name, value in client.hgetall(HEARTBEAT_KEY).items()
        if now - float(value) > HEARTBEAT_FORGET_SECONDS
    ]
    if stale:
        client.hdel(HEARTBEAT_KEY, *stale)


def heartbeat_remove(hostname: str) -> None:
    """A worker stopping cleanly takes its heartbeat with it."""
    _redis().hdel(HEARTBEAT_KEY, hostname)


def heartbeat_fresh(timestamps, *, now: float, max_age: float) -> bool:
    """True when the newest heartbeat is younger than `max_age` seconds."""
    return any(now - float(value) < max_age for value in timestamps)


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return FAILING
    return OK


def _eager() -> bool:
    """Tasks run inside the web process (no REDIS_URL): no broker, no worker to wait for."""
    return bool(current_app.conf.task_always_eager)


def broker_check() -> str:
    if _eager():
        return EAGER
    try:
        _redis().ping()
    except (redis.RedisError, OSError, ValueError):
        return FAILING
    return OK


def worker_check(*, now: float | None = None) -> str:
    if _eager():
        return EAGER
    try:
        timestamps = _redis().hvals(HEARTBEAT_KEY)
    except (redis.RedisError, OSError, ValueError):
        return FAILING
    fresh = heartbeat_fresh(
        timestamps,
        now=time.time() if now is None else now,
        max_age=settings.WORKER_HEARTBEAT_MAX_AGE,
    )
    return OK if fresh else FAILING


def health_checks() -> dict[str, str]:
    return {"database": database_check(), "broker": broker_check(), "worker": worker_check()}


@login_not_required  # asked by the load balancer, which has no account
@require_safe
@never_cache
def healthz(request):
    checks = health_checks()
    healthy = FAILING not in checks.values()
    return JsonResponse(
        {"status": OK if healthy else FAILING, "checks": checks}, status=200 if healthy else 503
    )

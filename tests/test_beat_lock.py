"""A second Celery beat sends nothing: it waits for the first one's lock in Redis (RedBeat).

Real beat processes on the REDIS_URL broker, with a tick of a second and a lock of five, so that
a take-over shows within seconds: the first beat takes the lock, the second waits for it; the
first one stopped, the second takes over; the holder killed outright, its lock expires.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from clefdefrance.celery import app
from tests.workers import unavailable, wait_for

TICK_SECONDS = 1
LOCK_SECONDS = 5
START_TIMEOUT = 60  # Django and Celery start in a few seconds, more on a loaded machine
ACQUIRED = "Acquired lock"


class Beat:
    """One `celery beat` process, as the Procfile runs it, with its output kept."""

    def __init__(self):
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115  closed by stop()
        env = {
            **os.environ,
            "CELERY_BEAT_MAX_LOOP_INTERVAL": str(TICK_SECONDS),
            "CELERY_BEAT_LOCK_TIMEOUT": str(LOCK_SECONDS),
        }
        celery = str(Path(sys.executable).with_name("celery"))
        self.process = subprocess.Popen(
            [celery, "-A", "clefdefrance", "beat", "-l", "info"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def holds_the_lock(self) -> bool:
        return ACQUIRED in self.output()

    def signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
        print(self.output()[-4000:])  # shown by pytest only when the test failed
        self.log.close()


@pytest.fixture
def redbeat():
    """RedBeat's own Redis client and lock key, as the beats see them (settings_infra.py)."""
    if not os.environ.get("REDIS_URL"):
        unavailable("REDIS_URL is not set: no Redis for beat's lock")
    from redbeat.schedulers import ensure_conf, get_redis

    conf = ensure_conf(app)
    client = get_redis(app)
    if client.exists(conf.lock_key):
        unavailable(f"a beat already holds {conf.lock_key} on this Redis")
    return client, conf.lock_key


@pytest.fixture
def beats():
    started: list[Beat] = []

    def start() -> Beat:
        started.append(Beat())
        return started[-1]

    yield start
    for beat in started:
        beat.stop()


@pytest.mark.integration
def test_beat_keeps_its_schedule_and_lock_in_redis(redbeat):
    assert app.conf.beat_scheduler == "redbeat.RedBeatScheduler"
    assert app.redbeat_conf.redis_url == settings.REDIS_URL  # not the broker's by fallback
    assert app.redbeat_conf.lock_timeout == settings.CELERY_BEAT_LOCK_TIMEOUT


@pytest.mark.integration
def test_a_second_beat_waits_for_the_first_ones_lock(redbeat, beats):
    client, lock_key = redbeat
    first = beats()
    wait_for(first.holds_the_lock, "the first beat to take the lock", START_TIMEOUT)
    second = beats()
    wait_for(lambda: "beat: Starting" in second.output(), "the second beat", START_TIMEOUT)

    time.sleep(3 * TICK_SECONDS)  # it asks for the lock at each tick
    assert not second.holds_the_lock()
    assert second.process.poll() is None  # waiting, not failed
    assert not client.lock(lock_key).acquire(blocking=False)  # held, by the first beat

    first.signal(signal.SIGTERM)  # a deploy: the lock is released on the way out
    wait_for(second.holds_the_lock, "the second beat to take over", 3 * TICK_SECONDS + 10)


@pytest.mark.integration
def test_a_killed_beats_lock_expires_for_the_next_one(redbeat, beats):
    client, lock_key = redbeat
    beat = beats()
    wait_for(beat.holds_the_lock, "the beat to take the lock", START_TIMEOUT)
    beat.signal(signal.SIGKILL)  # a lost machine: nothing released
    assert 0 < client.ttl(lock_key) <= LOCK_SECONDS

    lock = client.lock(lock_key, timeout=LOCK_SECONDS)
    assert lock.acquire(blocking_timeout=LOCK_SECONDS + 2)  # as a waiting beat would
    lock.release()


def _beat_scheduler_in_a_fresh_interpreter(**env: str) -> subprocess.CompletedProcess:
    """Settings are read once, at start-up: the scheduler beat would use with this env."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from clefdefrance.celery import app; print(app.conf.beat_scheduler)",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_lock_that_does_not_outlast_the_tick_refuses_to_start():
    result = _beat_scheduler_in_a_fresh_interpreter(
        REDIS_URL="redis://127.0.0.1:6379/0",
        CELERY_BEAT_MAX_LOOP_INTERVAL="60",
        CELERY_BEAT_LOCK_TIMEOUT="60",
    )
    assert result.returncode != 0
    assert "CELERY_BEAT_MAX_LOOP_INTERVAL < CELERY_BEAT_LOCK_TIMEOUT" in result.stderr


def test_a_laptop_without_redis_keeps_celerys_own_scheduler():
    result = _beat_scheduler_in_a_fresh_interpreter(REDIS_URL="")
    assert result.stdout.strip() == "celery.beat:PersistentScheduler"  # Celery's default

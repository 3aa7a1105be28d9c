"""Real Celery workers that a test starts and kills, as a lost machine would.

Prefork workers (time limits and a child process, as in production), each in its own process
group so that SIGKILL reaches its child, with the environment the test gives (a low visibility
timeout, a slowed-down step); their output is printed when they stop, which pytest shows only
when the test failed. Used by the worker-kill tests of reports and of imports; the checks
and the database URL below by every test with a real worker.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection


def unavailable(reason: str):
    """Skip a test that needs a real worker, or fail it when CI requires it
    (CELERY_INTEGRATION=required), so that a missing broker never hides a failure."""
    if os.environ.get("CELERY_INTEGRATION") == "required":
        pytest.fail(f"The Celery integration test is required but cannot run: {reason}")
    pytest.skip(reason)


def require_real_worker() -> None:
    """A worker is a process of its own: it needs the broker and a database it can reach."""
    if not os.environ.get("REDIS_URL"):
        unavailable("REDIS_URL is not set: no broker for a real worker")
    if connection.vendor != "postgresql":
        unavailable("the worker needs a shared database: set DATABASE_URL to PostgreSQL")


def worker_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_… database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


class Workers:
    """Starts workers on `queues` (comma-separated), importing `include` too, and kills them."""

    def __init__(self, *, name: str, queues: str, include: str, env: dict[str, str]):
        self.name = name
        self.queues = queues
        self.include = include
        self.env = {**os.environ, **env}
        self.processes: list[tuple[subprocess.Popen, object]] = []

    def start(self) -> subprocess.Popen:
        celery = Path(sys.executable).with_name("celery")
        log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115  closed by stop_all
        process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "clefdefrance",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                f"--include={self.include}",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "info",
                "-Q",
                self.queues,
                "-n",
                f"{self.name}-{len(self.processes)}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill reaches its child
        )
        self.processes.append((process, log))
        return process

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process, log in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill(process)
            log.seek(0)
            print(log.read()[-4000:])  # shown by pytest only when the test failed
            log.close()


def logged_steps(path: Path) -> list[str]:
    """The first word of each line a slowed-down step wrote ("start", "end")."""
    return [line.split()[0] for line in path.read_text().splitlines()] if path.exists() else []


def wait_for(condition, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}")

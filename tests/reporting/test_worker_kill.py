"""A worker killed mid-report: the report is delivered again and built exactly once.

A real Celery worker (prefork, as in production) builds a yearly report whose rendering is
slowed down by tests/reporting/slow_render.py; the test kills the worker and its process with
SIGKILL, as a lost machine would, starts another worker and checks that the report ends done,
with one file and one finished rendering. Late acknowledgement keeps the message in Redis; it
comes back once the visibility timeout (set low here through the environment) has passed.

Like tests/followups/test_worker_integration.py: CI requires it (CELERY_INTEGRATION=required),
a machine without REDIS_URL or PostgreSQL skips it.
"""

import time
import uuid
from pathlib import Path

import pytest

from reporting.models import Report, ReportStatus
from reporting.tasks import generate_report_task
from tests.workers import (
    Workers,
    logged_steps,
    require_real_worker,
    wait_for,
    worker_database_url,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Low enough for a short test, in the order settings require (soft < hard < visibility).
VISIBILITY_TIMEOUT = 12
SOFT_TIME_LIMIT = 8
HARD_TIME_LIMIT = 10
RENDER_SECONDS = 3
WAIT = 60
PARAMS = {"year": 2025, "sites": []}


@pytest.fixture(autouse=True)
def _frozen_today():
    """Real time here (the package's conftest freezes it): the test waits on real seconds."""
    yield


@pytest.fixture
def workers(settings, tmp_path):
    require_real_worker()
    queue = f"reporting-kill-{uuid.uuid4().hex[:8]}"
    found = Workers(
        name=queue,
        # A queue of its own: no other test's leftover message reaches these workers.
        queues=queue,
        include="tests.reporting.slow_render",
        env={
            "DATABASE_URL": worker_database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SLOW_RENDER_LOG": str(tmp_path / "renders.log"),
            "SLOW_RENDER_SECONDS": str(RENDER_SECONDS),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_TASK_SOFT_TIME_LIMIT": str(SOFT_TIME_LIMIT),
            "CELERY_TASK_TIME_LIMIT": str(HARD_TIME_LIMIT),
        },
    )
    try:
        yield found
    finally:
        found.stop_all()


def _renders(workers: Workers) -> list[str]:
    return logged_steps(Path(workers.env["SLOW_RENDER_LOG"]))


def _wait_for(condition, what: str):
    return wait_for(condition, what, WAIT)


def _stored_files(media_root: Path) -> list[Path]:
    return sorted(p for p in (media_root / "reports").rglob("*") if p.is_file())


def test_a_report_whose_worker_is_killed_is_built_again_exactly_once(workers, director, settings):
    media_root = Path(settings.MEDIA_ROOT)
    report = Report.objects.create(kind="yearly_report", parameters=PARAMS, requested_by=director)
    first = workers.start()
    generate_report_task.apply_async(args=[report.pk], queue=workers.queues)

    _wait_for(lambda: _renders(workers) == ["start"], "the first worker to start rendering")
    started = time.monotonic()  # the message was taken just before
    time.sleep(1)
    workers.kill(first)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING
    assert not report.file
    assert not (media_root / "reports").exists()

    # Redis hands the unacknowledged message out again once the visibility timeout passed;
    # a worker starting then takes it back at once.
    time.sleep(max(0.0, started + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    workers.start()

    def finished():
        report.refresh_from_db()
        return report.status in (ReportStatus.DONE, ReportStatus.FAILED)

    _wait_for(finished, "the second worker to finish the report")
    assert report.status == ReportStatus.DONE, report.error
    assert report.error == ""
    assert report.progress == 100
    assert _renders(workers) == ["start", "start", "end"]  # one rendering went through
    (stored,) = _stored_files(media_root)
    assert report.file.path == str(stored)
    assert report.file.read().startswith(b"%PDF")

    # The same message once more (a duplicate delivery): nothing is built again.
    generate_report_task.apply_async(args=[report.pk], queue=workers.queues).get(timeout=WAIT)
    assert _renders(workers) == ["start", "start", "end"]
    assert _stored_files(media_root) == [stored]
    assert Report.objects.get(pk=report.pk).finished_at == report.finished_at


def test_a_report_past_its_soft_time_limit_fails_with_a_reason(workers, director):
    report = Report.objects.create(kind="yearly_report", parameters=PARAMS, requested_by=director)
    workers.start()
    # A limit of its own for this message, below the slowed rendering.
    generate_report_task.apply_async(
        args=[report.pk], queue=workers.queues, soft_time_limit=1, time_limit=6
    ).get(timeout=WAIT)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "temps" in report.error or "time allowed" in report.error
    assert not report.file

"""A worker killed mid-import: the import is delivered again and written exactly once.

As tests/reporting/test_worker_kill.py does for a report: real Celery workers (prefork, as in
production) on the queue the app routes the import tasks to, an import slowed down in the
middle of its writing by tests/history_import/slow_writing.py, the worker and its child killed
with SIGKILL while the households are written but not committed. Nothing stays written, the
run still waits; once the visibility timeout has passed a new worker takes the message back
and the import completes once: one household per case, the run's counts right, and a further
delivery of the same message changes nothing.

CI requires it (CELERY_INTEGRATION=required); without REDIS_URL or PostgreSQL it is skipped.
The last test, in-process, kills the import at the one instant the real kill cannot aim at:
between its rows and the run saying it is imported.
"""

import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from history_import import services
from history_import.models import ImportRun, RunStatus
from history_import.tasks import run_import_task
from households.models import Household, Person
from tests.followups.helpers import reload_territories
from tests.history_import.helpers import csv_bytes, person_row
from tests.workers import (
    Workers,
    logged_steps,
    require_real_worker,
    wait_for,
    worker_database_url,
)

# Low enough for a short test, in the order settings require (soft < hard < visibility).
VISIBILITY_TIMEOUT = 12
SOFT_TIME_LIMIT = 8
HARD_TIME_LIMIT = 10
WRITING_SECONDS = 3
WAIT = 90
CASES = 6  # households of two persons each


def task_queue(name: str) -> str:
    """The queue the app sends the task to: its route, else the default queue."""
    from clefdefrance.celery import app

    return app.amqp.router.route({}, name)["queue"].name


@pytest.fixture
def workers(settings, tmp_path):
    require_real_worker()
    queues = {task_queue(services.CHECK_TASK), task_queue(services.IMPORT_TASK)}
    found = Workers(
        name=f"import-kill-{uuid.uuid4().hex[:8]}",
        queues=",".join(sorted(queues)),
        include="tests.history_import.slow_writing",
        env={
            "DATABASE_URL": worker_database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SLOW_WRITING_LOG": str(tmp_path / "writing.log"),
            "SLOW_WRITING_SECONDS": str(WRITING_SECONDS),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_TASK_SOFT_TIME_LIMIT": str(SOFT_TIME_LIMIT),
            "CELERY_TASK_TIME_LIMIT": str(HARD_TIME_LIMIT),
        },
    )
    try:
        yield found
    finally:
        found.stop_all()


def _writings(workers: Workers) -> list[str]:
    return logged_steps(Path(workers.env["SLOW_WRITING_LOG"]))


def _wait_for(condition, what: str, timeout: float = WAIT):
    return wait_for(condition, what, timeout)


def _archive() -> SimpleUploadedFile:
    rows = []
    for n in range(1, CASES + 1):
        common = {"referral_date": "04/02/2019", "diagnostic_on": "25/02/2019"}
        rows.append(person_row(f"KILL-{n}", f"Nom{n}", "Awa", relation="head", **common))
        rows.append(person_row(f"KILL-{n}", f"Nom{n}", "Ali", relation="child", **common))
    return SimpleUploadedFile("archive.csv", csv_bytes(rows), content_type="text/csv")


def _status(run: ImportRun, *statuses):
    def reached():
        run.refresh_from_db()
        return run.status in statuses

    return reached


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_is_written_again_exactly_once(
    workers, site_a, coordinator
):
    reload_territories()
    first = workers.start()
    # The app's own queueing, on commit: the check then the import reach the workers through
    # the routes of the settings, as in production.
    run = services.import_upload(site=site_a, by=coordinator, upload=_archive())
    _wait_for(_status(run, RunStatus.CHECKED, RunStatus.FAILED), "the check of the file")
    assert run.status == RunStatus.CHECKED, run.failure
    assert run.errors == [], run.errors
    assert run.summary["households"] == CASES

    services.import_confirm(run=run, by=coordinator)
    _wait_for(lambda: _writings(workers) == ["start"], "the first worker to start writing")
    started = time.monotonic()  # the message was taken just before
    time.sleep(1)
    workers.kill(first)

    # Killed mid-transaction: nothing of the file is written, the run still waits for it.
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTING
    assert run.file
    assert not Household.objects.filter(import_key__startswith="KILL-").exists()
    assert not Person.objects.exists()

    time.sleep(max(0.0, started + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    workers.start()
    _wait_for(_status(run, RunStatus.IMPORTED, RunStatus.FAILED), "the second worker's import")
    assert run.status == RunStatus.IMPORTED, run.failure
    assert _writings(workers) == ["start", "start", "end"]  # one import went through
    keys = sorted(Household.objects.values_list("import_key", flat=True))
    assert keys == sorted(f"KILL-{n}" for n in range(1, CASES + 1))
    assert Person.objects.count() == 2 * CASES
    assert run.summary["written"]["household"] == CASES
    assert run.summary["written"]["person"] == 2 * CASES
    assert not run.file  # removed once the rows were committed
    imported_at = run.imported_at

    # The same message once more (a duplicate delivery): nothing is written again.
    run_import_task.apply_async(args=[run.pk]).get(timeout=WAIT)
    assert _writings(workers) == ["start", "start", "end"]
    assert Household.objects.count() == CASES
    assert Person.objects.count() == 2 * CASES
    run.refresh_from_db()
    assert (run.status, run.imported_at) == (RunStatus.IMPORTED, imported_at)


class _Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler of the import catches it."""


@pytest.mark.django_db
def test_a_worker_killed_right_after_the_rows_leaves_nothing_half_imported(
    site_a, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """The run is marked imported in the transaction of its rows: a worker dying just after
    writing them (before the run says so) takes the rows with it, and the next delivery
    imports the file once, rather than finding its own households as duplicates."""
    with django_capture_on_commit_callbacks(execute=True):
        run = services.import_upload(site=site_a, by=coordinator, upload=_archive())
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED, run.errors
    with django_capture_on_commit_callbacks(execute=False):
        services.import_confirm(run=run, by=coordinator)

    real_save = ImportRun.save

    def dies_when_marking_imported(self, *args, **kwargs):
        if "imported_at" in (kwargs.get("update_fields") or ()):
            raise _Killed()
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ImportRun, "save", dies_when_marking_imported)
    with pytest.raises(_Killed):
        run_import_task.delay(run.pk)
    assert not Household.objects.exists()
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTING

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        run_import_task.delay(run.pk)  # delivered again
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED, run.errors
    assert Household.objects.count() == CASES
    assert Person.objects.count() == 2 * CASES

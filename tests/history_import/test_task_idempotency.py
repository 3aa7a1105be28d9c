"""The import tasks delivered again (late acknowledgement) do their work only once."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile

from history_import import services
from history_import.models import ImportRun, RunStatus
from history_import.tasks import check_import_task, run_import_task
from households.models import Household
from tests.history_import.helpers import csv_bytes, person_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _upload(site, by) -> ImportRun:
    rows = [person_row("K-1", "Nom", "Awa", referral_date="04/02/2019", relation="head")]
    upload = SimpleUploadedFile("archive.csv", csv_bytes(rows), content_type="text/csv")
    return services.import_upload(site=site, by=by, upload=upload)


def test_a_second_import_of_an_imported_run_changes_nothing(
    site_a, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = _upload(site_a, coordinator)
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED, run.errors
    with django_capture_on_commit_callbacks(execute=True):
        services.import_confirm(run=run, by=coordinator)
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED
    imported = (run.summary, run.imported_at)

    run_import_task.delay(run.pk)  # the same message, delivered again

    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED  # not failed for want of the deleted file
    assert (run.summary, run.imported_at) == imported
    assert Household.objects.count() == 1


def test_a_check_delivered_after_the_run_was_checked_does_nothing(
    site_a, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        run = _upload(site_a, coordinator)
    called = []
    monkeypatch.setattr("history_import.tasks.import_check", lambda **kwargs: called.append(kwargs))
    check_import_task.delay(run.pk)
    assert called == []


def test_tasks_of_a_discarded_run_end_quietly(site_a, coordinator):
    run = _upload(site_a, coordinator)  # not committed: its check never ran
    services.import_discard(run=run, by=coordinator)
    check_import_task.delay(run.pk)
    run_import_task.delay(run.pk)
    assert not ImportRun.objects.exists()


def test_a_check_stopped_by_its_soft_time_limit_fails_its_run(site_a, coordinator, monkeypatch):
    run = _upload(site_a, coordinator)

    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("history_import.tasks.import_check", too_slow)
    check_import_task.delay(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.failure
    assert not run.is_busy

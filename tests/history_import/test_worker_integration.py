"""The dry run and the import run by a real Celery worker on the REDIS_URL broker.

As tests/followups/test_worker_integration.py explains: CI requires it (CELERY_INTEGRATION),
a developer's machine without a broker or PostgreSQL skips it. The worker reads the sent file
from this test's media folder and writes in the test database, committed (transaction=True).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from history_import import services
from history_import.models import RunStatus
from history_import.tasks import check_import_task, run_import_task
from households.models import Household
from tests.followups.helpers import reload_territories
from tests.followups.test_worker_integration import worker_queue  # noqa: F401  (a fixture)
from tests.history_import.helpers import csv_bytes, person_row

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def import_worker(settings, monkeypatch, request):
    """A worker of its own that reads and writes this test's media folder; the services'
    own queueing is switched off, so that each task goes to this worker's queue only."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    monkeypatch.setattr(services, "_queue", lambda name, run: None)
    return request.getfixturevalue("worker_queue")


def _archive() -> SimpleUploadedFile:
    rows = [
        person_row(
            f"W-{n}",
            f"Nom{n}",
            "Awa",
            referral_date="04/02/2019",
            relation="head",
            birth_date=f"{n:02d}/06/1980",
            diagnostic_on="25/02/2019",
        )
        for n in range(1, 13)
    ]
    return SimpleUploadedFile("archive.csv", csv_bytes(rows), content_type="text/csv")


def test_a_real_worker_checks_then_imports_the_file(import_worker, site_a, coordinator):
    reload_territories()
    run = services.import_upload(site=site_a, by=coordinator, upload=_archive())

    check_import_task.apply_async(args=[run.pk], queue=import_worker).get(timeout=120)
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED
    assert run.errors == []
    assert (run.rows_done, run.rows_total) == (12, 12)
    assert run.summary["households"] == 12
    assert not Household.objects.exists()  # the dry run wrote nothing

    run = services.import_confirm(run=run, by=coordinator)
    run_import_task.apply_async(args=[run.pk], queue=import_worker).get(timeout=120)
    run.refresh_from_db()
    assert run.status == RunStatus.IMPORTED, run.failure
    assert sorted(Household.objects.values_list("import_key", flat=True)) == sorted(
        f"W-{n}" for n in range(1, 13)
    )
    assert not run.file  # the file is not kept once imported

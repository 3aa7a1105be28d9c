"""The digest task run by a real Celery worker on the REDIS_URL broker.

Without REDIS_URL the test skips on a developer's machine; CI sets CELERY_INTEGRATION=required
and a missing broker then fails the run instead of hiding it. The worker is a separate process,
so it needs a database it can reach: the test database on PostgreSQL, with the test's data
committed (transaction=True).
"""

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from celery.result import AsyncResult
from django.conf import settings

from followups import services
from followups.models import DigestLog
from followups.tasks import send_due_digests_task
from tests.followups.helpers import reload_territories, relocated_household, today
from tests.interviews.builders import days_ago
from tests.workers import require_real_worker, worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WORKER_START_TIMEOUT = 60


@pytest.fixture
def worker_queue():
    """Start a Celery worker on a queue of its own; stop it (that process only) afterwards."""
    require_real_worker()
    queue = f"followups-it-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    celery = Path(sys.executable).with_name("celery")
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "clefdefrance",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-l",
                "info",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield queue
        finally:
            # Stop the worker this fixture started, by its own pid, and nothing else.
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            log.seek(0)
            # Shown by pytest only when the test failed.
            print(log.read()[-5000:])


def test_a_real_worker_runs_the_digest_task_and_stores_its_result(
    worker_queue, site_a, social_worker
):
    reload_territories()
    household, _relocation = relocated_household(site=site_a, by=social_worker)
    first = household.followups.order_by("due_on").first()
    services.followup_reschedule(followup=first, by=social_worker, due_on=days_ago(1))

    sent = send_due_digests_task.apply_async(queue=worker_queue)
    result = sent.get(timeout=WORKER_START_TIMEOUT)

    assert result == {
        "day": today().isoformat(),
        "emails_sent": 1,
        "emails_failed": 0,
        "followups_marked": 1,
        "steps_marked": 0,
    }
    # The result backend kept it for anyone asking later.
    stored = AsyncResult(sent.id)
    assert stored.state == "SUCCESS"
    assert stored.result == result
    # The worker wrote to the same database.
    assert list(DigestLog.objects.values_list("user_id", "day")) == [(social_worker.pk, today())]
    first.refresh_from_db()
    assert first.marked_overdue_on == today()

    # A second run the same day sends nothing.
    again = send_due_digests_task.apply_async(queue=worker_queue).get(timeout=30)
    assert again["emails_sent"] == 0
    assert DigestLog.objects.count() == 1

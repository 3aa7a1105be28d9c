"""Late acknowledgement, time limits and the Redis visibility timeout (settings.py)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from clefdefrance.celery import app


def test_tasks_are_acknowledged_late_one_at_a_time_with_time_limits():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit < conf.task_time_limit
    # A message still being worked on is never handed to a second worker.
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.broker_transport_options["visibility_timeout"] == settings.CELERY_VISIBILITY_TIMEOUT


@pytest.mark.parametrize(
    ("soft", "hard", "visibility"),
    [("60", "60", "900"), ("60", "900", "900"), ("60", "120", "abc"), ("0", "120", "900")],
)
def test_limits_out_of_order_or_invalid_refuse_to_start(soft, hard, visibility):
    env = {
        **os.environ,
        "DEBUG": "true",
        "CELERY_TASK_SOFT_TIME_LIMIT": soft,
        "CELERY_TASK_TIME_LIMIT": hard,
        "CELERY_VISIBILITY_TIMEOUT": visibility,
    }
    result = subprocess.run(  # a fresh interpreter: settings are read once, at start-up
        [sys.executable, "-c", "import clefdefrance.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr

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


@pytest.fixture
def tasks_loaded():
    """Every tasks.py imported, as a worker does at start-up."""
    app.loader.import_default_modules()


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("reporting.tasks.generate_report_task", "reports"),
        ("reporting.tasks.fail_stalled_reports_task", "reports"),
        ("history_import.tasks.check_import_task", "imports"),
        ("history_import.tasks.run_import_task", "imports"),
        ("followups.tasks.send_due_digests_task", "mail"),
        ("privacy.tasks.apply_retention_task", "default"),
        ("accounts.access_log_purge.purge_access_log_task", "default"),
        ("partners.tasks.send_referral_link_task", "mail"),
        ("partners.tasks.purge_link_openings_task", "default"),
    ],
)
def test_each_task_goes_to_its_queue(tasks_loaded, task, queue):
    assert task in app.tasks  # a renamed task would otherwise fall to the default queue unseen
    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue


def test_every_routed_queue_is_one_the_workers_consume():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert app.conf.task_default_queue == "default"
    assert routed | {"default"} == set(settings.TASK_QUEUES)


def test_celery_keeps_the_time_zone_of_django():
    assert app.conf.timezone == settings.TIME_ZONE


def test_every_scheduled_task_exists(tasks_loaded):
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_a_figures_warm_up_left_queued_expires_before_the_next_one_is_sent():
    """Behind a long report on the reports queue, warm-ups would pile up; each expires first."""
    entry = settings.CELERY_BEAT_SCHEDULE["warm-figures"]
    assert settings.CELERY_TASK_ROUTES["reporting.tasks.*"]["queue"] == "reports"
    assert 0 < entry["options"]["expires"] < entry["schedule"]

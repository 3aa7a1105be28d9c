"""A page that logs and queues a task, for tests/test_request_id.py (ROOT_URLCONF there)."""

import logging

from celery import shared_task
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

logger = logging.getLogger("tests.request_id")


@shared_task
def log_from_task() -> None:
    logger.info("in the task")


@login_not_required
def queue_a_task(request):
    logger.info("in the view")
    log_from_task.delay()
    return HttpResponse("queued")


urlpatterns = [path("queue/", queue_a_task, name="queue")]

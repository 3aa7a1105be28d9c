import contextlib
import logging
import os

from celery import Celery, bootsteps
from celery.signals import before_task_publish, task_postrun, task_prerun

from . import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clefdefrance.settings")

app = Celery("clefdefrance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _redbeat_settings() -> dict:
    """settings_infra.py's CELERY_REDBEAT_* under the names RedBeat looks up (redbeat_redis_url,
    redbeat_lock_timeout…): it does not see them through the CELERY_ namespace, and would warn
    at each start and leave its Redis options out."""
    from django.conf import settings  # read when Celery reads its configuration, not before

    prefix = "CELERY_REDBEAT_"
    return {
        name.removeprefix("CELERY_").lower(): getattr(settings, name)
        for name in dir(settings)
        if name.startswith(prefix)
    }


app.add_defaults(_redbeat_settings)

# The request id of the page that queued a task, on the worker's log lines of that task.
before_task_publish.connect(request_id.task_publish_add_request_id, weak=False)
task_prerun.connect(request_id.task_prerun_set_request_id, weak=False)
task_postrun.connect(request_id.task_postrun_clear_request_id, weak=False)

logger = logging.getLogger("clefdefrance.heartbeat")


class Heartbeat(bootsteps.StartStopStep):
    """Every WORKER_HEARTBEAT_SECONDS the worker writes the time under its hostname in Redis;
    /healthz fails when no worker wrote recently (core/health.py). On the worker's own timer,
    so a worker whose main loop is stuck stops beating too."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None

    def start(self, worker):
        from django.conf import settings  # read once Django is set up in the worker

        self.beat(worker)
        self.timer_ref = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self.beat, (worker,), priority=10
        )

    def stop(self, worker):
        # core.health needs Django's apps, not ready when this module is first imported.
        from core.health import heartbeat_remove

        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None
        with contextlib.suppress(Exception):  # Redis may be gone already at shutdown
            heartbeat_remove(worker.hostname)

    def beat(self, worker):
        from core.health import heartbeat_write  # as in stop()

        try:
            heartbeat_write(worker.hostname)
        except Exception:  # Redis down: the next beat tries again; /healthz says so meanwhile
            logger.warning("Worker heartbeat not written", exc_info=True)


app.steps["worker"].add(Heartbeat)

"""Sending a task to the background workers once the transaction commits, broker down or not.

`transaction.on_commit(task.delay)` alone, with Redis unreachable, retries the publication for
seconds and then raises from the commit: the page answers 500 although its row was saved, and
that row then waits for a message no worker will ever get. Here the publication gives up fast
(PUBLISH_RETRY_POLICY) and calls the caller's `on_failure`, which records on the row why it
was not started, so that its requester sees the reason and can ask again.
"""

import logging
from collections.abc import Callable

from celery import current_app, signature
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger("clefdefrance.queueing")

# About half a second in all against a closed port (three tries), instead of kombu's default
# of three tries spread over a second or two per page.
PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.3,
}


def _broker_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (KombuOperationalError, OSError)
    try:  # what the Redis client raises where kombu does not wrap it
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is installed wherever REDIS_URL is used
        return errors
    return (*errors, RedisConnectionError, RedisTimeoutError)


BROKER_ERRORS = _broker_errors()


def task_publish(name: str, *, args: list) -> bool:
    """Send the task named `name` now; False (logged) when the broker cannot be reached.

    Named, not imported: the services calling this sit below their tasks. A signature runs
    the registered task, so eager mode (no broker) still runs it in-process.
    """
    try:
        # ignore_result: no page waits for these tasks' results (their rows say how they
        # went). Asking for one makes Celery subscribe to the result store before sending,
        # which with Redis down retries for about 20 s, then raises a RuntimeError.
        signature(name, args=args).apply_async(
            retry=True, retry_policy=PUBLISH_RETRY_POLICY, ignore_result=True
        )
    except BROKER_ERRORS as error:
        logger.warning("Task %s%s not sent, the broker is unreachable: %s", name, args, error)
        return False
    return True


def task_queue_on_commit(name: str, *, args: list, on_failure: Callable[[], None]) -> None:
    """Send the task once the transaction commits; `on_failure()` runs if it could not be.

    `on_failure` runs after the commit, outside any transaction: it writes with its own
    statements (a conditional UPDATE), and must not raise.
    """

    def send() -> None:
        if not task_publish(name, args=args):
            on_failure()

    transaction.on_commit(send)


def broker_reachable() -> bool:
    """Whether a task could be sent now: always in eager mode (no broker), else one quick try."""
    app = current_app
    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2)
    except BROKER_ERRORS:
        return False
    return True

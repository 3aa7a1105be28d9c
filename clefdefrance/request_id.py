"""The request id: one id per request, on its response, its log lines and the tasks it queues.

The reverse proxy sends X-Request-ID (deploy/nginx.conf.template), or the middleware makes
one; the response carries it back. A contextvar holds it while the request runs, the logging
filter puts it on every record, and Celery's signals carry it in the headers of each task the
request queues, so that a worker's log lines about a report name the request that asked for it.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
# What a task message carries it as (a message header, beside Celery's own).
TASK_HEADER = "request_id"
# An id from the proxy is kept only if it looks like one: it goes into every log line, so
# no line breaks, quotes or a kilobyte of text from a client.
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
# Task id -> the token that put its request id in place, to restore after the task.
_task_tokens: dict[str, contextvars.Token] = {}


def current_request_id() -> str | None:
    return _request_id.get()


def request_id_from(value: str | None) -> str:
    """The proxy's id if it is a sensible one, otherwise a new one."""
    if value and _VALID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request or a task that has one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


# --- Celery (connected in clefdefrance/celery.py)


def task_publish_add_request_id(headers=None, **kwargs) -> None:
    """before_task_publish: a task queued during a request carries the request's id."""
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def _header_of(task) -> str | None:
    request = getattr(task, "request", None)
    if request is None:
        return None
    value = getattr(request, TASK_HEADER, None)
    if value is None:  # some transports keep custom headers apart
        value = (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    return value if isinstance(value, str) and _VALID.match(value) else None


def task_prerun_set_request_id(task_id=None, task=None, **kwargs) -> None:
    """task_prerun: the worker's log lines of the task carry the id it was queued with.

    A task run in-process (eager mode, no broker) already runs inside its request's context
    and has no header: the id in place stays.
    """
    request_id = _header_of(task)
    if request_id and task_id:
        _task_tokens[task_id] = _request_id.set(request_id)


def task_postrun_clear_request_id(task_id=None, **kwargs) -> None:
    """task_postrun: the next task of this worker process starts without the id."""
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        try:
            _request_id.reset(token)
        except ValueError:  # set in another context (a thread pool): just clear it
            _request_id.set(None)

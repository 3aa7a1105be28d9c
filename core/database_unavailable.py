"""The database unreachable during a request: a 503 page that asks to retry, not a 500.

A PostgreSQL restart (an upgrade, a failover, a full disk) makes every query of the requests
in flight raise OperationalError or InterfaceError. Those are no bug of the page: the answer is
503 with Retry-After, the page says so in French and English (the user's language lives in the
session, which may be unreadable too) and the broken connection is dropped at once, so that
the next request opens a fresh one and the app recovers by itself when the database is back
(CONN_HEALTH_CHECKS checks a persistent connection before reusing it as well).

Two ways in, as Django converts an exception to a response at every middleware layer:
- `process_exception` takes an error raised by the view or while rendering its template;
- an error raised by another middleware (the session read by the login check, its save on the
  way out: core/sessions.py) never reaches an outer middleware: Django answers 500 and sends
  `got_request_exception` first; the receiver below marks the request, and this middleware
  (outermost but one) swaps that 500 for the 503 page.
"""

import contextlib
import logging
import sys

from django import db
from django.core.signals import got_request_exception
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("clefdefrance.database")

RETRY_AFTER_SECONDS = 30


def _database_errors() -> tuple[type[Exception], ...]:
    errors: tuple[type[Exception], ...] = (db.OperationalError, db.InterfaceError)
    try:
        import psycopg
    except ImportError:  # SQLite only: Django wraps all its errors
        return errors
    # Not every driver call goes through Django's wrapper: closing a server-side cursor (a
    # queryset's .iterator(), a form's choices) raises psycopg's own error as it is.
    return (*errors, psycopg.OperationalError, psycopg.InterfaceError)


DATABASE_ERRORS = _database_errors()
_MARK = "_database_unavailable"


def database_unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without the request: no context processor (the menu, the
    user's roles) runs, as each would query the database again."""
    content = loader.render_to_string("core/database_unavailable.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _drop_broken_connections() -> None:
    """Close each connection the error left unusable, so the next request connects afresh.

    Not Django's close_if_unusable_or_obsolete: it also closes a connection still inside a
    transaction, which is no business of this page. Django's own check at the end of the
    request (close_old_connections) comes later and does the same for what is left.
    """
    for connection in db.connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        try:
            usable = connection.is_usable()
        except DATABASE_ERRORS:
            usable = False
        if not usable:
            with contextlib.suppress(*DATABASE_ERRORS):
                connection.close()


def _unavailable(request, error: BaseException) -> HttpResponse:
    logger.warning(
        "Database unavailable during %s %s: %s: %s",
        request.method,
        request.path,
        error.__class__.__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
    )
    _drop_broken_connections()
    return database_unavailable_response()


@receiver(got_request_exception, dispatch_uid="core_database_unavailable")
def _mark_database_error(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, error)


class DatabaseErrorLogFilter(logging.Filter):
    """Drops django.request's "Internal Server Error" record and traceback for a database
    error: the answer was the 503 page, and _unavailable logged one line saying why. Without
    it a restart of a few seconds writes two tracebacks per request in flight."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, DATABASE_ERRORS)


def install_log_filter() -> None:
    """Called once at start-up (CoreConfig.ready)."""
    request_logger = logging.getLogger("django.request")
    if not any(isinstance(f, DatabaseErrorLogFilter) for f in request_logger.filters):
        request_logger.addFilter(DatabaseErrorLogFilter())


class DatabaseUnavailableMiddleware:
    """Answer 503 (see the module's docstring) when the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None:
            return _unavailable(request, error)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return _unavailable(request, exception)
        return None

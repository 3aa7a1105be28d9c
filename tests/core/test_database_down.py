"""The database unreachable during a request: a 503 page in French and English, then recovery.

The failing database is a cursor whose every query raises what psycopg raises when the server
restarts (Django wraps it in OperationalError); the test client is told to answer as a server
would instead of re-raising the error (raise_request_exception=False).
"""

import logging

import pytest
from django import db
from django.contrib.sessions.models import Session
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from core import database_unavailable

pytestmark = pytest.mark.django_db

FRENCH = "Service momentanément indisponible"
ENGLISH = "Service temporarily unavailable"


@pytest.fixture
def database_down(monkeypatch):
    """Every query raises, as while PostgreSQL restarts; `up()` brings it back."""

    class Switch:
        down = True

        def up(self):
            self.down = False

    switch = Switch()
    real_execute = CursorWrapper.execute

    def execute(self, sql, params=None):
        if switch.down:
            raise db.OperationalError("server closed the connection unexpectedly")
        return real_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    return switch


@pytest.fixture
def server_client():
    return Client(raise_request_exception=False)


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(database_unavailable.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert FRENCH in page
    assert ENGLISH in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    # Rendered without the request: the user menu and its logout form are not there.
    assert reverse("accounts:logout") not in page


def test_a_signed_in_page_answers_503_while_the_database_is_down(
    server_client, social_worker, database_down
):
    database_down.up()
    server_client.force_login(social_worker)
    assert server_client.get(reverse("households:list")).status_code == 200
    database_down.down = True

    _assert_unavailable_page(server_client.get(reverse("households:list")))


def test_a_login_answers_503_while_the_database_is_down(server_client, database_down):
    # The login page itself needs no query for a visitor without a session; signing in does.
    credentials = {"username": "ts.a", "password": "not-checked-anyway"}
    _assert_unavailable_page(server_client.post(reverse("accounts:login"), credentials))


def test_an_error_in_the_view_itself_is_the_503_page_too(rf, social_worker):
    """process_exception: the view raised, the middleware answers without re-raising."""

    def view(request):
        raise db.InterfaceError("connection already closed")

    middleware = database_unavailable.DatabaseUnavailableMiddleware(view)
    request = rf.get("/")
    response = middleware.process_exception(request, db.InterfaceError("connection closed"))
    _assert_unavailable_page(response)
    assert middleware.process_exception(request, ValueError("a bug")) is None


def test_the_drivers_own_error_unwrapped_by_django_is_the_503_page_too(rf):
    """Closing a server-side cursor raises psycopg's error as it is (seen in the drill)."""
    psycopg = pytest.importorskip("psycopg")
    middleware = database_unavailable.DatabaseUnavailableMiddleware(lambda request: None)
    error = psycopg.OperationalError("consuming input failed: server closed the connection")
    _assert_unavailable_page(middleware.process_exception(rf.get("/"), error))


def test_pages_come_back_once_the_database_is_up(server_client, social_worker, database_down):
    database_down.up()
    server_client.force_login(social_worker)
    database_down.down = True
    assert server_client.get(reverse("households:list")).status_code == 503

    database_down.up()  # no restart of anything: the next request simply works
    response = server_client.get(reverse("households:list"))
    assert response.status_code == 200
    assert FRENCH not in response.content.decode()


@pytest.fixture
def production_sessions(settings):
    settings.SESSION_ENGINE = "core.sessions"  # settings_infra.py's; conftest uses the db one


def test_a_session_save_failing_with_the_database_is_the_503_page_too(
    server_client, social_worker, production_sessions, monkeypatch
):
    """The page was read, then the database went away before SessionMiddleware saved the
    session (SESSION_SAVE_EVERY_REQUEST): Django's db backend calls that a deleted session,
    a 400, as the PostgreSQL restart drill saw (benchmarks/README.md)."""
    server_client.force_login(social_worker)
    real_execute = CursorWrapper.execute

    def execute(self, sql, params=None):
        if sql.startswith('UPDATE "django_session"'):
            raise db.OperationalError("server closed the connection unexpectedly")
        return real_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    _assert_unavailable_page(server_client.get(reverse("households:list")))


def test_a_session_deleted_during_the_request_keeps_djangos_400(
    server_client, social_worker, production_sessions
):
    """Signed out in another tab while this page was built: the database is there, the row
    is not (the cache still had the session for this request). Django's SessionInterrupted."""
    server_client.force_login(social_worker)
    Session.objects.all().delete()
    response = server_client.get(reverse("households:list"))
    assert response.status_code == 400
    assert FRENCH not in response.content.decode()


def test_the_outage_is_logged_in_one_line_without_a_traceback(
    server_client, social_worker, database_down, caplog
):
    database_down.up()
    server_client.force_login(social_worker)
    database_down.down = True
    with caplog.at_level(logging.WARNING):
        # The session's read fails in a middleware: Django's own 500 handling runs first.
        server_client.get(reverse("households:list"))
    (record,) = [r for r in caplog.records if r.name == "clefdefrance.database"]
    assert "OperationalError" in record.getMessage()
    assert reverse("households:list") in record.getMessage()
    assert record.exc_info is None
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert tracebacks == []  # Django's "Internal Server Error" record is filtered out


def test_other_errors_keep_their_traceback_in_the_log():
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), None)
    try:
        raise ValueError("a bug")
    except ValueError as error:
        record.exc_info = (ValueError, error, error.__traceback__)
    assert database_unavailable.DatabaseErrorLogFilter().filter(record)


def test_other_errors_stay_500(server_client, social_worker, monkeypatch):
    server_client.force_login(social_worker)

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("households.views.household_list", broken, raising=False)
    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = server_client.get(reverse("households:list"))
    assert response.status_code == 500
    assert FRENCH not in response.content.decode()


def test_a_broken_connection_is_closed_after_the_error(monkeypatch):
    """The connection the error left unusable is closed, so the next request reconnects."""
    connection = db.connections["default"]
    connection.ensure_connection()
    closed = []
    monkeypatch.setattr(connection, "in_atomic_block", False)  # as after the view, in a server
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    monkeypatch.setattr(connection, "close", lambda: closed.append(connection.alias))
    database_unavailable._drop_broken_connections()
    assert closed == ["default"]


def test_a_usable_connection_or_one_in_a_transaction_is_kept(monkeypatch):
    connection = db.connections["default"]
    connection.ensure_connection()
    closed = []
    monkeypatch.setattr(connection, "close", lambda: closed.append(connection.alias))
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    database_unavailable._drop_broken_connections()  # the test's own transaction: kept
    monkeypatch.setattr(connection, "in_atomic_block", False)
    monkeypatch.setattr(connection, "is_usable", lambda: True)
    database_unavailable._drop_broken_connections()
    assert closed == []

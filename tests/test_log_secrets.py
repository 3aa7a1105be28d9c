"""An answer link's secret never reaches the logs: gunicorn's access lines and Django's own."""

import logging

from django.conf import settings

from clefdefrance.access_log import AccessLogFilter, SecretPathFilter

TOKEN = "Zx9-secret_TOKEN"


def test_access_log_masks_the_answer_links_secret():
    atoms = {"m": "POST", "U": f"/partners/answer/{TOKEN}/", "s": "200", "M": "3"}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, "", 0, "%(m)s %(U)s", (atoms,), None
    )
    assert AccessLogFilter().filter(record) is True
    assert TOKEN not in record.path
    assert record.path == "/partners/answer/…/"
    assert TOKEN not in record.getMessage()


def test_access_log_leaves_other_paths_alone():
    atoms = {"m": "GET", "U": "/partners/referrals/12/answer/", "s": "200", "M": "3"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(U)s", (atoms,), None)
    AccessLogFilter().filter(record)
    assert record.path == "/partners/referrals/12/answer/"


def test_djangos_not_found_line_is_masked():
    path = f"/partners/answer/{TOKEN}/"
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", (path,), None
    )
    assert SecretPathFilter().filter(record) is True
    assert record.getMessage() == "Not Found: /partners/answer/…/"


def test_every_line_of_the_app_goes_through_the_mask():
    console = settings.LOGGING["handlers"]["console"]
    assert "secret_paths" in console["filters"]
    assert settings.LOGGING["filters"]["secret_paths"]["()"].endswith("SecretPathFilter")


def test_runservers_request_line_loses_its_query_string_and_secret():
    server = logging.getLogger("django.server")
    record = server.makeRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        (f"GET /partners/answer/{TOKEN}/?next=/households/?q=Dupont HTTP/1.1", "200", "1234"),
        None,
    )
    assert server.filter(record)
    (handler,) = server.handlers
    assert handler.filter(record)
    assert record.getMessage() == '"GET /partners/answer/…/ HTTP/1.1" 200 1234'
    assert server.propagate is False


def test_djangos_lines_reach_only_the_masked_handler():
    django_logger = logging.getLogger("django")
    assert django_logger.handlers == []
    assert django_logger.propagate is True
    assert logging.getLogger("django.request").handlers == []

"""Redis down: requests for reports, control packs and imports answer clearly, nothing is lost.

The app is switched from eager mode to a real broker at a closed port (nothing listens on
port 1), as a web machine sees Redis while it restarts: every publication is refused at once.
Transactional tests (transaction=True) commit for real, so the page reads back what happened
after the commit, as it does in production. The cache down is django-redis at the same closed
port with IGNORE_EXCEPTIONS, as production configures it.
"""

import contextlib
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from core import queueing
from history_import import services as import_services
from history_import.models import ImportRun, RunStatus
from reporting import services
from reporting.models import Report, ReportStatus
from tests.history_import.helpers import csv_bytes, person_row

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"
CLOSED = (CLOSED_PORT_URL, CLOSED_PORT_URL)  # the broker and the result store
# Three quick tries (core.queueing.PUBLISH_RETRY_POLICY), with room for a slow machine.
FAIL_FAST_SECONDS = 3
PARAMS = {"year": 2025, "sites": []}


def _switch_broker(app, urls: tuple[str, str], *, eager: bool) -> None:
    """Send tasks to the broker and results to the store at `urls`, or run them in-process."""
    app.conf.task_always_eager = eager
    app.conf.broker_url, app.conf.result_backend = urls
    # The connection and producer pools, and the result store, were built for the old URLs.
    app._pool = None
    app.amqp._producer_pool = None
    with contextlib.suppress(AttributeError):
        del app._local.backend


@pytest.fixture
def broker_down():
    """Tasks go to a broker that refuses connections; `back()` brings the queue back (eager,
    in-process: what matters is that a request then goes through)."""
    from clefdefrance.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend)
    eager = app.conf.task_always_eager
    # Both on Redis as in production: a result store down made publishing hang, once.
    _switch_broker(app, CLOSED, eager=False)

    class Broker:
        @staticmethod
        def back():
            _switch_broker(app, saved, eager=True)

    yield Broker()
    _switch_broker(app, saved, eager=eager)


def test_the_broker_at_a_closed_port_is_seen_unreachable_at_once(broker_down):
    started = time.monotonic()
    assert queueing.broker_reachable() is False
    assert queueing.task_publish("reporting.tasks.fail_stalled_reports_task", args=[]) is False
    assert time.monotonic() - started < 2 * FAIL_FAST_SECONDS


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_with_the_broker_down_fails_with_a_reason_then_retries(
    broker_down, director, client_for
):
    client = client_for(director)
    started = time.monotonic()
    response = client.post(reverse("reporting:reports"), {"year": "2025"}, follow=True)
    assert time.monotonic() - started < FAIL_FAST_SECONDS
    assert response.status_code == 200  # never a 500: the row was saved

    report = Report.objects.get()  # the request is kept
    assert report.status == ReportStatus.FAILED
    assert report.error
    page = response.content.decode()
    assert report.error in page  # the reason, on the list, beside its Retry button
    assert reverse("reporting:report_retry", args=[report.pk]) in page
    said = "The file could not be built: the list below gives the reason."
    with translation.override("fr"):
        assert said in page or translation.gettext(said) in page  # the page's language

    broker_down.back()
    client.post(reverse("reporting:report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.error == ""
    assert report.file


@pytest.mark.django_db(transaction=True)
def test_a_control_pack_requested_with_the_broker_down_is_kept_failed_with_its_reason(
    broker_down, auditor
):
    report = services.report_request(
        by=auditor, kind="control_pack", parameters={"grant": 1, "year": 2025}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error
    assert not report.file


@pytest.mark.django_db(transaction=True)
def test_a_report_published_fine_stays_queued(director, monkeypatch):
    """The failure path only runs when the publication failed (a row is not failed for
    nothing): a broker that takes the message leaves the report queued for its worker."""
    sent = []
    monkeypatch.setattr(queueing, "task_publish", lambda name, args: sent.append(name) or True)
    report = services.report_request(by=director, kind="yearly_report", parameters=PARAMS)
    report.refresh_from_db()
    assert sent == ["reporting.tasks.generate_report_task"]
    assert report.status == ReportStatus.QUEUED


def _archive() -> SimpleUploadedFile:
    rows = [person_row("B-1", "Nom", "Awa", referral_date="04/02/2019", relation="head")]
    return SimpleUploadedFile("archive.csv", csv_bytes(rows), content_type="text/csv")


@pytest.mark.django_db(transaction=True)
def test_a_file_sent_with_the_broker_down_is_refused_on_the_form(
    broker_down, coordinator, site_a, client_for
):
    client = client_for(coordinator)
    with translation.override("en"):
        response = client.post(
            reverse("history_import:list"),
            {"site": site_a.pk, "file": _archive()},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200  # the form again, with the reason at its top
    assert not ImportRun.objects.exists()  # nothing half kept: the file is sent again later
    assert response.context["form"].non_field_errors()

    broker_down.back()
    response = client.post(reverse("history_import:list"), {"site": site_a.pk, "file": _archive()})
    assert response.status_code == 302
    assert ImportRun.objects.get().status == RunStatus.CHECKED


@pytest.mark.django_db(transaction=True)
def test_an_import_confirmed_with_the_broker_down_stays_checked_for_later(
    broker_down, coordinator, site_a, client_for
):
    broker_down.back()
    run = import_services.import_upload(site=site_a, by=coordinator, upload=_archive())
    run.refresh_from_db()
    assert run.can_import
    from clefdefrance.celery import app

    _switch_broker(app, CLOSED, eager=False)
    client = client_for(coordinator)
    response = client.post(reverse("history_import:confirm", args=[run.pk]), follow=True)
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED  # nothing started, nothing lost
    assert run.can_import
    (message,) = list(response.context["messages"])
    assert message.level_tag == "error"


@pytest.mark.django_db(transaction=True)
def test_a_broker_lost_between_the_check_and_the_commit_leaves_no_run_waiting(
    broker_down, coordinator, site_a, monkeypatch
):
    """Redis gone in the instant after require_broker: the check fails its run with a reason,
    the import goes back to "checked" (its Import button), rather than waiting for ever."""
    monkeypatch.setattr(import_services, "broker_reachable", lambda: True)
    run = import_services.import_upload(site=site_a, by=coordinator, upload=_archive())
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.failure
    assert run.file  # kept until discarded

    run = ImportRun.objects.get(pk=run.pk)
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.CHECKED, failure="")
    run.refresh_from_db()
    run = import_services.import_confirm(run=run, by=coordinator)
    run.refresh_from_db()
    assert run.status == RunStatus.CHECKED
    assert run.imported_by is None


CACHE_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": CLOSED_PORT_URL,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


@pytest.mark.django_db
@override_settings(CACHES=CACHE_DOWN, SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_pages_keep_working_with_the_cache_down(client, social_worker, household, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    social_worker.set_password("a long enough passphrase 42")
    social_worker.save()
    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(
        reverse("accounts:login"),
        {"username": social_worker.username, "password": "a long enough passphrase 42"},
    )
    assert response.status_code == 302  # signed in: the session went to the database
    assert client.get(reverse("households:list")).status_code == 200
    assert client.get(household.get_absolute_url()).status_code == 200

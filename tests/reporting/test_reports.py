"""The yearly PDF report: requested, built by the task, stored, downloadable, retried."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reporting import services
from reporting.models import Report, ReportStatus
from reporting.tasks import fail_stalled_reports_task

pytestmark = pytest.mark.django_db

PARAMS = {"year": 2025, "sites": []}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def request_report(user, capture, parameters=PARAMS) -> Report:
    with capture(execute=True):
        report = services.report_request(by=user, kind="yearly_report", parameters=parameters)
    report.refresh_from_db()
    return report


def test_requesting_a_report_queues_the_task_after_commit(
    director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_request(by=director, kind="yearly_report", parameters=PARAMS)
    assert report.status == ReportStatus.QUEUED
    assert report.progress == 0
    assert len(callbacks) == 1


def test_the_task_builds_a_pdf_holding_the_figures(
    programme, director, django_capture_on_commit_callbacks
):
    report = request_report(director, django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.finished_at is not None
    content = report.file.read()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "2025" in text
    assert "Paris" in text and "Créteil" in text  # the sites on the cover
    assert "Bretagne" in text and "Auvergne-Rhône-Alpes" in text  # regions of the moves
    # Key figures: 4 referred, 3 households and 5 persons relocated, 3 workshops…
    assert "4,6" in text  # mean duration in months, written the French way
    assert "3,9" in text  # median duration


def test_the_report_is_a_tagged_pdf_with_its_french_title_and_language(
    programme, director, django_capture_on_commit_callbacks
):
    report = request_report(director, django_capture_on_commit_callbacks)

    pdf = PdfReader(io.BytesIO(report.file.read()))
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged: headings, tables, reading order
    assert "/StructTreeRoot" in catalog
    assert pdf.metadata.title.startswith("Rapport d’indicateurs")
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


def test_a_failed_build_shows_its_reason_and_can_be_retried(
    programme, director, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("Le moteur PDF est indisponible")

    monkeypatch.setattr("reporting.pdf.yearly_report_pdf", broken)
    report = request_report(director, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.FAILED
    assert report.error == "Le moteur PDF est indisponible"
    assert not report.file

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report, by=director)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.error == ""
    assert report.file.read().startswith(b"%PDF")


def test_only_a_failed_report_can_be_retried(director):
    report = Report.objects.create(kind="yearly_report", parameters=PARAMS, requested_by=director)
    with pytest.raises(services.ReportRuleError):
        services.report_retry(report=report, by=director)


def test_progress_partial_polls_until_done_then_offers_the_download(
    programme, director, client_for, django_capture_on_commit_callbacks
):
    client = client_for(director)
    queued = Report.objects.create(kind="yearly_report", parameters=PARAMS, requested_by=director)
    html = client.get(reverse("reporting:report_progress", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html

    done = request_report(director, django_capture_on_commit_callbacks)
    html = client.get(reverse("reporting:report_progress", args=[done.pk])).content.decode()
    assert "every 2s" not in html
    assert reverse("reporting:report_download", args=[done.pk]) in html
    response = client.get(reverse("reporting:report_download", args=[done.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The earlier report stays listed.
    listing = client.get(reverse("reporting:reports")).content.decode()
    assert f"report-{queued.pk}" in listing and f"report-{done.pk}" in listing


def test_request_through_the_page_then_retry_through_the_page(
    programme, coordinator, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    client = client_for(coordinator)
    monkeypatch.setattr(
        "reporting.pdf.yearly_report_pdf", lambda **kw: (_ for _ in ()).throw(ValueError("boom"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:reports"), {"year": "2025"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.FAILED
    page = client.get(reverse("reporting:reports")).content.decode()
    assert "boom" in page and "Retry" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_a_coordinator_cannot_ask_for_another_sites_report(
    programme, coordinator, site_b, client_for
):
    response = client_for(coordinator).post(
        reverse("reporting:reports"), {"year": "2025", "sites": [site_b.pk]}
    )
    assert response.status_code == 200  # the form refuses the site
    assert not Report.objects.exists()


def test_a_coordinator_never_sees_a_directors_report(director, coordinator, client_for):
    report = Report.objects.create(kind="yearly_report", parameters=PARAMS, requested_by=director)
    client = client_for(coordinator)
    assert client.get(reverse("reporting:report_progress", args=[report.pk])).status_code == 404
    assert client.get(reverse("reporting:report_download", args=[report.pk])).status_code == 404


def test_stalled_reports_are_failed_with_a_reason_and_fresh_ones_left_alone(director):
    stalled = Report.objects.create(
        kind="yearly_report", parameters={}, requested_by=director, status=ReportStatus.RUNNING
    )
    Report.objects.filter(pk=stalled.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    fresh = Report.objects.create(
        kind="yearly_report", parameters={}, requested_by=director, status=ReportStatus.RUNNING
    )
    done = Report.objects.create(
        kind="yearly_report", parameters={}, requested_by=director, status=ReportStatus.DONE
    )
    Report.objects.filter(pk=done.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )

    assert fail_stalled_reports_task.delay().get() == 1
    stalled.refresh_from_db()
    assert stalled.status == ReportStatus.FAILED
    assert "réessayez" in stalled.error.lower()
    assert Report.objects.get(pk=fresh.pk).status == ReportStatus.RUNNING
    assert Report.objects.get(pk=done.pk).status == ReportStatus.DONE
    assert services.reports_fail_stalled() == 0

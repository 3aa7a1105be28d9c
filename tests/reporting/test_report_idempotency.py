"""The report task delivered twice, taken over after a lost worker, or stopped by its soft
time limit (late acknowledgement: see CELERY_TASK_ACKS_LATE in settings)."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile

from reporting import pdf, services
from reporting.models import Report, ReportStatus
from reporting.tasks import generate_report_task

pytestmark = pytest.mark.django_db

PARAMS = {"year": 2025, "sites": []}
# The reasons are stored in the programme's language: English until the catalogue is compiled.
INTERRUPTED = (
    "The background worker stopped while building this report; it was started again.",
    "Le processus d’arrière-plan s’est arrêté pendant la préparation de ce rapport\u202f; "
    "elle a été relancée.",
)


@pytest.fixture
def renders(monkeypatch):
    """How many yearly PDFs were rendered."""
    count = []
    original = pdf.yearly_report_pdf

    def counted(**kwargs):
        count.append(1)
        return original(**kwargs)

    monkeypatch.setattr(pdf, "yearly_report_pdf", counted)
    return count


def _report(director, **fields) -> Report:
    return Report.objects.create(
        kind="yearly_report", parameters=PARAMS, requested_by=director, **fields
    )


def _files(settings) -> list:
    root = settings.MEDIA_ROOT / "reports"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_task_run_twice_builds_one_file(director, renders, settings):
    report = _report(director)
    generate_report_task.delay(report.pk)
    report.refresh_from_db()
    done_at = report.finished_at
    generate_report_task.delay(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert len(renders) == 1
    assert _files(settings) == [report.file.name.rsplit("/", 1)[-1]]
    assert report.finished_at == done_at


def test_a_running_report_is_left_to_its_worker(director, renders):
    report = _report(director, status=ReportStatus.RUNNING, progress=40)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.progress, len(renders)) == (ReportStatus.RUNNING, 40, 0)


def test_a_redelivered_message_takes_over_the_build_its_dead_worker_left(
    director, renders, settings
):
    report = _report(director, status=ReportStatus.RUNNING, progress=40)
    services.report_generate(report_id=report.pk, redelivered=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.error == ""  # the take-over note is gone once built
    assert len(renders) == 1
    assert len(_files(settings)) == 1


def test_a_build_that_loses_its_worker_twice_is_not_started_a_third_time(director, renders):
    report = _report(director, status=ReportStatus.RUNNING, error=INTERRUPTED[0])
    services.report_generate(report_id=report.pk, redelivered=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING  # left to reports_fail_stalled
    assert len(renders) == 0


def test_the_take_over_writes_its_note_while_it_builds(director, monkeypatch):
    seen = []

    def render(**kwargs):
        seen.append(Report.objects.values_list("status", "error").get())
        raise RuntimeError("stop here")

    monkeypatch.setattr(pdf, "yearly_report_pdf", render)
    report = _report(director, status=ReportStatus.RUNNING)
    services.report_generate(report_id=report.pk, redelivered=True)
    ((status, error),) = seen
    assert status == ReportStatus.RUNNING
    assert error in INTERRUPTED


def test_a_file_left_by_an_interrupted_build_is_replaced_not_doubled(director, renders, settings):
    report = _report(director)
    # What a worker killed between writing the file and saving the row leaves behind.
    name = report.file.field.generate_filename(report, "rapport-annuel-2025.pdf")
    report.file.storage.save(name, ContentFile(b"half a PDF"))

    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.file.name == name
    assert report.file.read().startswith(b"%PDF")
    assert _files(settings) == [name.rsplit("/", 1)[-1]]


def test_a_build_stopped_by_its_soft_time_limit_fails_with_a_reason(director, monkeypatch):
    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pdf, "yearly_report_pdf", too_slow)
    report = services.report_generate(report_id=_report(director).pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.finished_at is not None
    assert any(reason in report.error for reason in ("time allowed", "temps imparti"))


def test_a_report_built_again_for_its_commentary_keeps_one_file(
    director, renders, settings, django_capture_on_commit_callbacks
):
    report = _report(director)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    first_name, first_hash = report.file.name, report.sha256

    with django_capture_on_commit_callbacks(execute=True):
        services.report_commentary_set(report=report, by=director, text="Un mot", version=0)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert (report.file.name, len(renders)) == (first_name, 2)
    assert report.sha256 != first_hash
    assert _files(settings) == [first_name.rsplit("/", 1)[-1]]

from celery import shared_task

from .services import report_generate, reports_fail_stalled


@shared_task
def generate_report_task(report_id: int) -> None:
    """Build a requested report (see services.report_generate)."""
    report_generate(report_id=report_id)


@shared_task
def fail_stalled_reports_task() -> int:
    """Hourly: give stalled reports a reason and a retry (see services.reports_fail_stalled)."""
    return reports_fail_stalled()

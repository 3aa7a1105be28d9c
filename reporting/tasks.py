from celery import shared_task


@shared_task
def generate_report_task(report_id: int) -> None:
    """Build a requested report (see services.report_generate)."""
    from .services import report_generate

    report_generate(report_id=report_id)

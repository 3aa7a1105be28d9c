from celery import shared_task

from .figures_cache import changes_fold
from .figures_warm import figures_warm
from .services import report_generate, reports_fail_stalled


@shared_task(bind=True)
def generate_report_task(self, report_id: int) -> None:
    """Build a requested report (see services.report_generate).

    Safe to deliver twice (late acknowledgement redelivers the message of a worker that died):
    the service claims the row, so a built report is left alone. A redelivered message may
    take over the build its dead worker left "running".
    """
    delivery = self.request.delivery_info or {}
    report_generate(report_id=report_id, redelivered=bool(delivery.get("redelivered")))


@shared_task
def fail_stalled_reports_task() -> int:
    """Hourly: give stalled reports a reason and a retry (see services.reports_fail_stalled)."""
    return reports_fail_stalled()


@shared_task
def fold_figures_changes_task() -> int:
    """Hourly: fold the indicators' change rows into one per table (figures_cache)."""
    return changes_fold()


@shared_task
def warm_figures_task() -> int:
    """Every minute: the dashboards opened lately, computed ahead if their data changed."""
    return figures_warm()

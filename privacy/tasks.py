from celery import shared_task

from .retention_run import retention_apply


@shared_task
def apply_retention_task() -> dict:
    """Nightly: archive and anonymise what the retention rules say is due (privacy.retention).
    Returns the references touched, for the worker's log; never a name."""
    run = retention_apply()
    return {"archived": run.archived, "anonymised": run.anonymised, "kept": run.kept}

from celery import shared_task

from .services import import_check, import_execute


@shared_task
def check_import_task(run_id: int) -> None:
    """The dry run of an uploaded file (see services.import_check)."""
    import_check(run_id=run_id)


@shared_task
def run_import_task(run_id: int) -> None:
    """The import of a checked file, all or nothing (see services.import_execute)."""
    import_execute(run_id=run_id)

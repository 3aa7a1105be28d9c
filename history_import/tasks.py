from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ImportRun, RunStatus
from .services import import_check, import_execute

# Messages are acknowledged late (settings), so a task may be delivered again after its worker
# died, or after it already ran: each one does its work only while the run still waits for it.
# A run discarded meanwhile is gone, and that is no error either.


def _waits_for(run_id: int, status: str) -> bool:
    return ImportRun.objects.filter(pk=run_id, status=status).exists()


@shared_task
def check_import_task(run_id: int) -> None:
    """The dry run of an uploaded file (see services.import_check)."""
    if not _waits_for(run_id, RunStatus.CHECKING):
        return
    try:
        import_check(run_id=run_id)
    except SoftTimeLimitExceeded:
        # Otherwise the run would show "being checked" for ever.
        run = ImportRun.objects.get(pk=run_id)
        with translation.override(run.language):
            failure = _("The check took longer than the time allowed and was stopped.")
        ImportRun.objects.filter(pk=run_id, status=RunStatus.CHECKING).update(
            status=RunStatus.FAILED, failure=failure
        )


@shared_task
def run_import_task(run_id: int) -> None:
    """The import of a checked file, all or nothing (see services.import_execute).

    Once imported, the file is deleted: running the import again would fail the run, hence
    the guard. A stopped import wrote nothing (one transaction) and fails its run itself.
    """
    if not _waits_for(run_id, RunStatus.IMPORTING):
        return
    import_execute(run_id=run_id)

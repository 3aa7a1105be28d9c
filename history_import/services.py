"""An import of past cases, from the uploaded file to the rows written.

1. `import_upload` keeps the file and its SHA-256 and queues its check (the dry run);
2. `import_check` reads every row, judges every case and stores what would be created or what
   is wrong (row, column, message) on the ImportRun; nothing else is written;
3. `import_confirm` queues `import_execute`, which checks the file again (the database may have
   changed since) and writes every case of the file in one transaction, or none.
Reading and judging a file (`import_preview`, which writes nothing) is in preview.py.
Coordinators import for the sites they coordinate, administrators for any (`check_may_import`).
The management command import_households runs the same functions without the queue.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import user_access
from core import tabular
from core.dates import today
from core.queueing import broker_reachable, task_queue_on_commit
from core.rules import RuleError

from .columns import COLUMNS
from .models import ColumnMapping, ImportRun, RunStatus
from .preview import Preview, import_max_bytes, import_preview, saved_mapping
from .writing import Writer


class ImportRuleError(RuleError):
    """The import cannot go on as asked; nothing was written."""


def queue_check(run: ImportRun) -> None:
    """Check the run's file in the background once the transaction commits."""
    _queue(CHECK_TASK, run)


CHECK_TASK = "history_import.tasks.check_import_task"
IMPORT_TASK = "history_import.tasks.run_import_task"


def _queue(name: str, run: ImportRun) -> None:
    # Named, not imported, as reporting does: tasks call services, never the reverse.
    not_queued = _check_not_queued if name == CHECK_TASK else _import_not_queued
    task_queue_on_commit(name, args=[run.pk], on_failure=lambda: not_queued(run.pk))


# The broker unreachable. An upload or an import is refused before anything is written, with
# a message (require_broker): the coordinator still has the file, the run its checked state.
# If the broker goes in the instant between that test and the commit, the run is not left
# waiting for a message that was never sent: a check fails with the reason (the file is sent
# again), an import goes back to "checked" and its Import button (nothing was written).


def require_broker() -> None:
    if not broker_reachable():
        raise ImportRuleError(
            _(
                "The background worker cannot be reached at the moment: nothing was started. "
                "Try again in a few minutes."
            )
        )


def _check_not_queued(run_id: int) -> None:
    run = ImportRun.objects.filter(pk=run_id).only("language").first()
    if run is None:
        return
    with translation.override(run.language):
        failure = _(
            "The check could not be started: the background worker was unreachable. "
            "Discard this file and send it again."
        )
    ImportRun.objects.filter(pk=run_id, status=RunStatus.CHECKING).update(
        status=RunStatus.FAILED, failure=failure
    )


def _import_not_queued(run_id: int) -> None:
    ImportRun.objects.filter(pk=run_id, status=RunStatus.IMPORTING).update(
        status=RunStatus.CHECKED, imported_by=None
    )


def check_may_import(user, site) -> None:
    """Coordinators import for their sites, administrators for any: 403 for anyone else."""
    if site is None or not user_access(user).coordinates_site(site.pk):
        raise PermissionDenied


@transaction.atomic
def column_mapping_save(*, site, by, mapping: dict[str, str]) -> ColumnMapping:
    """Keep the site's headings for its next file (those mapped here win over the aliases)."""
    check_may_import(by, site)
    names = {column.name for column in COLUMNS}
    clean = {str(h)[:200]: n for h, n in mapping.items() if n in names or n == ""}
    kept, _created = ColumnMapping.objects.update_or_create(
        site=site, defaults={"mapping": clean, "updated_by": by}
    )
    return kept


# What a check or an import writes on its run: never the mapping, which the mapping page may
# change while a check runs.
FINDINGS = ["rows_total", "rows_done", "errors", "cases", "summary", "status"]


def _store(run: ImportRun, preview: Preview) -> None:
    run.rows_total = run.rows_done = preview.rows
    run.errors = [{"row": e.row, "column": e.column, "message": e.message} for e in preview.errors]
    run.cases = preview.cases
    run.summary = preview.summary


@transaction.atomic
def import_upload(*, site, by, upload, mapping: dict[str, str] | None = None) -> ImportRun:
    """Keep an uploaded file and queue its check; refused over the size limit."""
    check_may_import(by, site)
    try:
        tabular.check_size(upload.size, import_max_bytes())
    except tabular.TabularFileError as error:
        raise ImportRuleError(error.message) from error
    require_broker()
    upload.seek(0)
    data = upload.read()
    return _run_create(data, name=upload.name, site=site, by=by, mapping=mapping)


def _run_create(data: bytes, *, name: str, site, by, mapping, queue: bool = True) -> ImportRun:
    run = ImportRun(
        site=site,
        file_name=str(name)[-255:],
        sha256=hashlib.sha256(data).hexdigest(),
        mapping=mapping if mapping is not None else saved_mapping(site),
        created_by=by,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    run.file.save(run.file_name, ContentFile(data), save=False)
    run.save()
    if queue:
        queue_check(run)
    return run


def _progress(run: ImportRun):
    def report(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    return report


def _read_file(run: ImportRun) -> bytes:
    with run.file.open("rb") as handle:
        return handle.read()


def import_check(*, run_id: int) -> ImportRun:
    """The dry run: read and judge the file, keep the findings on the run, write nothing else."""
    run = ImportRun.objects.select_related("site", "created_by").get(pk=run_id)
    with translation.override(run.language):
        preview = import_preview(
            _read_file(run),
            name=run.file_name,
            site=run.site,
            user=run.created_by,
            mapping=run.mapping,
            progress=_progress(run),
        )
    _store(run, preview)
    run.status = RunStatus.CHECKED
    run.checked_at = timezone.now()
    run.save(update_fields=[*FINDINGS, "checked_at"])
    return run


@transaction.atomic
def import_confirm(*, run: ImportRun, by) -> ImportRun:
    """Queue the import of a file whose check found nothing wrong."""
    check_may_import(by, run.site)
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not run.can_import:
        raise ImportRuleError(
            _("Only a checked file without errors can be imported: fix it and send it again.")
        )
    require_broker()
    run.status = RunStatus.IMPORTING
    run.imported_by = by
    run.save(update_fields=["status", "imported_by"])
    _queue(IMPORT_TASK, run)
    return run


def import_execute(*, run_id: int) -> ImportRun:
    """Check the file again and write all its cases in one transaction, or none of them.

    A file that no longer checks (someone registered one of its persons meanwhile) goes back
    to "checked" with its errors; a failure while writing rolls every row back and says why.
    Exactly once, whatever the deliveries: the run's row is locked for the whole transaction
    and must still be "importing", and the run is marked imported in that same transaction.
    A worker killed mid-import leaves nothing written (the transaction dies with its
    connection) and the run still "importing", for the message delivered again; a message
    delivered after the import, or while it runs (it waits on the lock), finds the run
    imported and does nothing.
    """
    run = ImportRun.objects.select_related("site", "created_by", "imported_by").get(pk=run_id)
    by = run.imported_by or run.created_by
    with translation.override(run.language):
        try:
            with transaction.atomic():
                claimed = ImportRun.objects.select_for_update().filter(
                    pk=run_id, status=RunStatus.IMPORTING
                )
                if not claimed.exists():
                    return ImportRun.objects.get(pk=run_id)
                preview = import_preview(
                    _read_file(run), name=run.file_name, site=run.site, user=by, mapping=run.mapping
                )
                if preview.errors:
                    raise _Refused(preview)
                counts = Writer(
                    site=run.site,
                    by=by,
                    file_name=run.file_name,
                    sha256=run.sha256,
                    today=today(),
                ).write(preview.to_create)
                _imported(run, preview, counts)
        except _Refused as refused:
            _store(run, refused.preview)
            run.status = RunStatus.CHECKED
            run.checked_at = timezone.now()
            run.save(update_fields=[*FINDINGS, "checked_at"])
            return run
        except Exception as error:
            run.status = RunStatus.FAILED
            run.failure = _("The import stopped and nothing was written: %(error)s") % {
                "error": error.__class__.__name__
            }
            run.save(update_fields=["status", "failure"])
            raise
    return run


def _imported(run: ImportRun, preview: Preview, counts: dict[str, int]) -> None:
    _store(run, preview)
    run.summary = {**preview.summary, "written": counts}
    run.status = RunStatus.IMPORTED
    run.imported_at = timezone.now()
    # The file held personal data: once imported, its name and checksum are enough. Removed
    # from the disk only once the rows are committed: a rolled back import keeps its file.
    name, storage = run.file.name, run.file.storage
    run.file = ""
    run.save(update_fields=[*FINDINGS, "imported_at", "file"])
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class _Refused(Exception):
    def __init__(self, preview: Preview):
        super().__init__()
        self.preview = preview


@transaction.atomic
def import_discard(*, run: ImportRun, by) -> None:
    """Forget a file not imported (its findings too); an imported run stays as evidence."""
    check_may_import(by, run.site)
    if run.status in (RunStatus.IMPORTED, RunStatus.IMPORTING):
        raise ImportRuleError(_("An imported file stays in the list of imports."))
    run.file.delete(save=False)
    run.delete()


def import_file(data: bytes, *, name: str, site, by, dry_run: bool) -> ImportRun:
    """What the management command does: the same check, or the import (which checks the file
    itself and keeps its findings when it refuses it), without the queue."""
    check_may_import(by, site)
    run = _run_create(data, name=name, site=site, by=by, mapping=None, queue=False)
    if dry_run:
        return import_check(run_id=run.pk)
    run.status = RunStatus.IMPORTING
    run.imported_by = by
    run.save(update_fields=["status", "imported_by"])
    return import_execute(run_id=run.pk)

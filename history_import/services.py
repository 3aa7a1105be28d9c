"""An import of past cases, from the uploaded file to the rows written.

1. `import_upload` keeps the file and its SHA-256 and queues its check (the dry run);
2. `import_check` reads every row, judges every case and stores what would be created or what
   is wrong (row, column, message) on the ImportRun; nothing else is written;
3. `import_confirm` queues `import_execute`, which checks the file again (the database may have
   changed since) and writes every case of the file in one transaction, or none.
Coordinators import for the sites they coordinate, administrators for any (`check_may_import`).
The management command import_households runs the same functions without the queue.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import user_access
from accounts.selectors import social_workers_of
from core import tabular
from core.dates import today
from core.queueing import broker_reachable, task_queue_on_commit
from core.rules import RuleError
from core.tabular import RowError
from core.text import normalise

from .checking import check_cases
from .columns import COLUMNS, TABULAR_COLUMNS
from .models import ColumnMapping, ImportRun, RunStatus
from .reading import Lookups, read_cases
from .records import CaseRecord
from .writing import Writer, plan_signed_on

MAX_ERRORS = 1000  # more would not help anyone: the file needs fixing at its source


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


def import_max_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


@dataclass
class Preview:
    """What a file would create, or why it cannot be imported."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)  # one line per case, in the file's order
    summary: dict[str, int] = field(default_factory=dict)
    to_create: list[CaseRecord] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    unknown_headings: list[str] = field(default_factory=list)


def saved_mapping(site) -> dict[str, str]:
    found = ColumnMapping.objects.filter(site=site).first()
    return dict(found.mapping) if found else {}


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


def _resolve_workers(cases, site, headings, errors) -> None:
    workers = {}
    for user in social_workers_of([site.pk]):
        workers[normalise(user.username)] = user.pk
        if user.email:
            workers[normalise(user.email)] = user.pk
    for case in cases:
        name = case.get("social_worker")
        if not name:
            continue
        found = workers.get(normalise(name))
        if found is None:
            errors.append(
                RowError(
                    case.row,
                    headings["social_worker"],
                    _("No social worker of this site has this login or e-mail address."),
                )
            )
        case.values["social_worker_id"] = found


def _describe(case: CaseRecord) -> str:
    parts = [
        ngettext("%(count)d person", "%(count)d persons", len(case.persons))
        % {"count": len(case.persons)}
    ]
    interviews = sum(1 for name in ("diagnostic_on", "plan_interview_on") if case.get(name))
    if case.workshop_dates:
        parts.append(
            ngettext("%(count)d workshop", "%(count)d workshops", len(case.workshop_dates))
            % {"count": len(case.workshop_dates)}
        )
    if interviews:
        parts.append(
            ngettext("%(count)d interview", "%(count)d interviews", interviews)
            % {"count": interviews}
        )
    if case.get("plan_interview_on"):
        parts.append(_("signed plan") if plan_signed_on(case) else _("unsigned plan"))
    if case.get("moved_on"):
        parts.append(
            _("move on %(day)s") % {"day": date_format(case.get("moved_on"), "SHORT_DATE_FORMAT")}
        )
    if case.followups:
        parts.append(
            ngettext("%(count)d follow-up", "%(count)d follow-ups", len(case.followups))
            % {"count": len(case.followups)}
        )
    if case.get("withdrawn_on"):
        parts.append(_("withdrawn"))
    elif case.get("closed_on"):
        parts.append(_("closed"))
    return ", ".join(parts)


def _summary(cases: list[CaseRecord]) -> dict[str, int]:
    return {
        "households": len(cases),
        "persons": sum(len(c.persons) for c in cases),
        "attendances": sum(len(set(p.workshop_dates)) for c in cases for p in c.persons),
        "interviews": sum(
            1 for c in cases for n in ("diagnostic_on", "plan_interview_on") if c.get(n)
        ),
        "relocations": sum(1 for c in cases if c.get("moved_on")),
        "followups": sum(len(c.followups) for c in cases),
        "evidence": sum(1 for c in cases for p in c.persons if p.evidence),
    }


def import_preview(
    data: bytes, *, name: str, site, user, mapping: dict[str, str] | None = None, progress=None
) -> Preview:
    """Read and judge a whole file; writes nothing. `progress(done, total)` hears of the rows."""
    preview = Preview()
    try:
        table = tabular.read_table(data, name=name, max_bytes=import_max_bytes())
    except tabular.TabularFileError as error:
        preview.errors.append(RowError(1, "", error.message))
        return preview
    preview.rows = len(table.rows)
    preview.headings = list(table.headings)
    if mapping is None:
        mapping = saved_mapping(site)
    found = tabular.match_headings(table.headings, TABULAR_COLUMNS, mapping=mapping)
    preview.unknown_headings = found.unknown
    preview.errors += found.errors()
    if not table.rows:
        preview.errors.append(RowError(2, "", _("The file has no row below its headings.")))
    if preview.errors:
        return preview
    headings = {name: table.headings[position] for name, position in found.positions.items()}
    read = read_cases(table, found.positions, headings, Lookups.load(), progress=progress)
    errors = read.errors
    _resolve_workers(read.cases, site, headings, errors)
    checked = check_cases(read.cases, site=site, user=user, headings=headings, today=today())
    errors += checked.errors
    preview.errors = sorted(errors, key=lambda e: e.row)[:MAX_ERRORS]
    failed = {e.row for e in errors}
    for verdict in checked.verdicts:
        case = verdict.case
        preview.cases.append(
            {
                "row": case.row,
                "case": case.key,
                "action": verdict.action if not failed & set(case.rows) else "error",
                "detail": verdict.detail or _describe(case),
            }
        )
    preview.to_create = [c for c in checked.to_create if not failed & set(c.rows)]
    preview.summary = _summary(preview.to_create)
    return preview


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

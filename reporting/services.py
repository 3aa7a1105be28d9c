"""Every write of the reporting app: requesting, building and retrying reports."""

import contextlib
import datetime
import errno
import hashlib
import tempfile

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.queueing import task_queue_on_commit
from core.rules import RuleError
from core.versioning import StaleEditError

from .access import may_write_commentary
from .exporters import EXPORTERS, BaseExporter
from .models import COMMENTARY_MAX_LENGTH, Report, ReportStatus


class ReportRuleError(RuleError):
    """A business rule refused the request; nothing was written."""


def _queue(report: Report) -> None:
    # The task is named, not imported: tasks call services, so services never import tasks.
    # core.queueing runs the registered task's signature, which keeps eager mode (no broker)
    # building the file in-process.
    #
    # Broker unreachable: the report is failed with that reason rather than kept "queued".
    # A queued row whose message was never sent would wait for nothing, and re-sending it later
    # needs a sweep that runs on the same broker; failed, it tells its requester why at once
    # (the request page reads the status back) and its Retry button sends it again.
    task_queue_on_commit(
        "reporting.tasks.generate_report_task",
        args=[report.pk],
        on_failure=lambda: _report_not_queued(report.pk),
    )


def _report_not_queued(report_id: int) -> None:
    # Stored like the worker's reasons: in the programme's language.
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "The request was saved but could not be sent to the background worker, which is "
            "unreachable at the moment: nothing was lost, press Retry in a few minutes."
        )
    Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.FAILED, progress=0, error=reason, finished_at=timezone.now()
    )


@transaction.atomic
def report_request(*, by, kind: str, parameters: dict) -> Report:
    """Record the request and build the file in the background once the row is committed.

    `parameters` are the exporter form's cleaned choice (see PeriodForm.params); they are
    checked again, as the requester, when the file is built.
    """
    exporter = EXPORTERS.get(kind)
    if exporter is None or not exporter.allowed(by):
        raise ReportRuleError(_("You may not request this report."))
    report = Report.objects.create(kind=kind, parameters=parameters, requested_by=by)
    _queue(report)
    return report


@transaction.atomic
def report_retry(*, report: Report, by) -> Report:
    """Build a failed report again, with the same parameters."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise ReportRuleError(_("Only a failed report can be retried."))
    report.status = ReportStatus.QUEUED
    report.progress = 0
    report.error = ""
    report.finished_at = None
    report.save(update_fields=["status", "progress", "error", "finished_at"])
    _queue(report)
    return report


@transaction.atomic
def report_commentary_set(*, report: Report, by, text: str, version: int) -> Report:
    """Save the director's commentary of a yearly report; a finished PDF is built again with it.

    `version` is the commentary_version the editor's page was shown: another save since then
    refuses this one (the text typed stays in the form). A report being built refuses it too,
    as the build may already have read the previous text. Rebuilding rather than flagging the
    file "out of date": the PDF handed to a funder then always holds the commentary shown on
    the page, and its SHA-256 on the page is that of the file with it.
    """
    if not may_write_commentary(by):
        raise ReportRuleError(_("Only a director may write the commentary of a report."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.kind != "yearly_report":
        raise ReportRuleError(_("Only a yearly report has a commentary."))
    if report.status == ReportStatus.DONE and not report.file:
        raise ReportRuleError(
            _(
                "This PDF was downloaded at once and not kept: request the report on the "
                "reports page to give it a commentary."
            )
        )
    text = text.strip()
    if len(text) > COMMENTARY_MAX_LENGTH:
        raise ReportRuleError(
            _("The commentary is limited to %(limit)s characters.")
            % {"limit": COMMENTARY_MAX_LENGTH}
        )
    if report.commentary_version != version:
        raise StaleEditError(
            report.commentary_version,
            _(
                "The commentary was changed by someone else since you opened this page. "
                "Your text is below: compare it with the saved one, shown above, then save again."
            ),
        )
    if report.status == ReportStatus.RUNNING:
        raise ReportRuleError(
            _("The report is being built: save the commentary once it is finished.")
        )
    report.commentary = text
    report.commentary_version += 1
    report.commentary_by = by
    report.commentary_at = timezone.now()
    fields = ["commentary", "commentary_version", "commentary_by", "commentary_at"]
    if report.status == ReportStatus.DONE:
        report.status = ReportStatus.QUEUED
        report.progress = 0
        report.finished_at = None
        fields += ["status", "progress", "finished_at"]
        _queue(report)
    report.save(update_fields=fields)
    return report


def _set_progress(report_id: int, percent: int) -> None:
    # Outside any transaction of the build, so the page polling it sees each step.
    Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(progress=percent)


HASH_CHUNK = 1024 * 1024


def _store(report: Report, filename: str, content) -> None:
    """Save the file on the report with its SHA-256, never holding a large file whole."""
    if isinstance(content, bytes):
        report.sha256 = hashlib.sha256(content).hexdigest()
        report.file.save(filename, ContentFile(content), save=False)
    elif hasattr(content, "read"):
        with content:
            digest = hashlib.sha256()
            for chunk in iter(lambda: content.read(HASH_CHUNK), b""):
                digest.update(chunk)
            content.seek(0)
            report.sha256 = digest.hexdigest()
            report.file.save(filename, File(content), save=False)
    else:  # an iterator of bytes: spooled to disk, never held whole in memory
        with tempfile.TemporaryFile() as handle:
            digest = hashlib.sha256()
            for chunk in content:
                digest.update(chunk)
                handle.write(chunk)
            handle.seek(0)
            report.sha256 = digest.hexdigest()
            report.file.save(filename, File(handle), save=False)


# "No space left on device" and "disk quota exceeded": the file cannot be written whole.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _store_whole(report: Report, filename: str, content) -> None:
    """Store the file, or nothing: a write that fails midway (a full disk) leaves a partial
    file in the storage, which no one may ever be handed; it is removed before the error goes
    on to fail the report."""
    try:
        _store(report, filename, content)
    except BaseException:
        name = report.file.field.generate_filename(report, filename)
        with contextlib.suppress(OSError):
            if report.file.storage.exists(name):
                report.file.storage.delete(name)
        report.sha256 = ""
        raise


def _report_claim(report_id: int, *, redelivered: bool) -> bool:
    """Take the report for this build with one conditional UPDATE: true for one caller only.

    A queued report is free. A running one is taken over only from a redelivered message: its
    first worker died mid-build (a message still being worked on is never redelivered, as the
    visibility timeout outlasts the hard time limit). The take-over writes a note in `error`
    and requires it empty, so a build that kills its worker twice is not started a third time
    and stays running until reports_fail_stalled fails it, rather than looping for ever.
    """
    queued = Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED)
    if queued.update(status=ReportStatus.RUNNING, progress=5, error=""):
        return True
    if not redelivered:
        return False
    interrupted = Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, error="")
    # Runs in a worker, outside any request: a stored reason is in the programme's language.
    with translation.override(settings.LANGUAGE_CODE):
        note = _("The background worker stopped while building this report; it was started again.")
    return bool(interrupted.update(progress=5, error=note))


def _clear_leftover(report: Report, filename: str) -> None:
    # A build killed between writing its file and saving the row leaves that file behind; its
    # name holds this report's id, so it is no one else's, and the new file takes its name.
    name = report.file.field.generate_filename(report, filename)
    if report.file.storage.exists(name):
        report.file.storage.delete(name)


def report_generate(*, report_id: int, redelivered: bool = False) -> Report:
    """Build the report's file with its exporter, as its requester sees the data.

    Moves the row queued → running → done (file stored, progress 100) or failed (with the
    error's message); never raises for a failure of the build itself, so the task ends
    cleanly and the page can offer a retry. Idempotent: a report already built, or being
    built, is returned untouched (see _report_claim), so a message delivered twice builds
    one file.
    """
    claimed = _report_claim(report_id, redelivered=redelivered)
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    if not claimed:
        return report  # already built or being built by another worker
    try:
        exporter: BaseExporter = EXPORTERS[report.kind]()
        # Only the yearly report prints a commentary, and only the stored one: never one
        # passed in the parameters, which whoever requests a report chooses.
        has_commentary = getattr(exporter, "has_commentary", False)
        extra = {"commentary": report.commentary} if has_commentary else {}
        filename, _mimetype, content = exporter.render(
            report.parameters,
            report.requested_by,
            progress=lambda percent: _set_progress(report_id, percent),
            **extra,
        )
        if report.file:  # built again (a new commentary): the new file replaces the old one
            report.file.delete(save=False)
        _clear_leftover(report, filename)
        _store_whole(report, filename, content)
    except SoftTimeLimitExceeded:
        with translation.override(settings.LANGUAGE_CODE):
            reason = _(
                "The report took longer than the time allowed and was stopped: choose a "
                "shorter period or fewer sites, or try again later."
            )
        return _report_fail(report, reason)
    except Exception as error:  # the reason is shown to the requester, who can retry
        return _report_fail(report, _failure_reason(error))
    report.status = ReportStatus.DONE
    report.progress = 100
    report.error = ""  # the note of a build taken over after its worker stopped
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "sha256", "status", "progress", "error", "finished_at"])
    return report


def _failure_reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        # Runs in a worker, outside any request: in the programme's language.
        with translation.override(settings.LANGUAGE_CODE):
            return _(
                "There is not enough disk space to store the report: nothing was kept. Ask "
                "the administrator to free some space, then press Retry."
            )
    message = error.message if isinstance(error, RuleError) else str(error)
    return message or error.__class__.__name__


def _report_fail(report: Report, reason: str) -> Report:
    report.status = ReportStatus.FAILED
    report.error = reason
    report.finished_at = timezone.now()
    fields = ["status", "error", "finished_at"]
    if not report.file:  # none stored, or the previous one deleted to make room for this build
        report.file = ""
        report.sha256 = ""
        fields += ["file", "sha256"]
    report.save(update_fields=fields)
    return report


def export_record(*, by, kind: str, parameters: dict) -> Report:
    """Record an export answered at once (streamed to the browser) as a finished Report.

    So that directors see every export ever made, who made it, when and with which options.
    The file itself is not kept: it is rebuilt from the same options at will, and a copy in
    the storage would be one more place holding personal data with no retention rule of its
    own. Written before the first byte is sent: an export cut off mid-download still counts.
    """
    now = timezone.now()
    return Report.objects.create(
        kind=kind,
        parameters=parameters,
        requested_by=by,
        status=ReportStatus.DONE,
        progress=100,
        finished_at=now,
    )


def reports_fail_stalled(*, older_than: datetime.timedelta | None = None) -> int:
    """Mark failed the reports still queued or running long after they were requested.

    A worker that is restarted or killed mid-build leaves its report "running" for ever;
    failing it shows the requester a reason and the Retry button. Returns how many were failed.
    """
    if older_than is None:
        older_than = datetime.timedelta(minutes=settings.REPORT_STALL_MINUTES)
    # Runs in a worker, outside any request: the stored reason is in the programme's language.
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "The report was not finished in time: the background worker may have been "
            "restarted. Try again."
        )
    return Report.objects.filter(
        status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
        created_at__lt=timezone.now() - older_than,
    ).update(status=ReportStatus.FAILED, error=reason, finished_at=timezone.now())

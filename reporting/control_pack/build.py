"""Building the pack: every file, in order, into one ZIP on disk, with progress.

A fixed number of queries whatever the number of beneficiaries (tests/reporting/
test_control_pack.py counts them): the beneficiaries (three), the evidence, the workshops
(three: with their facilitators and regions) and their seats, one query a CSV of
activities, the interviews behind the hours, the timesheets and their hours, the entries,
the staff costs, the expenses with their shares, and the statement's own.
"""

from collections.abc import Callable

from django.utils import timezone

from .archive import PackArchive
from .attendance import add_attendance
from .context import PackContext
from .csv_activities import (
    followup_file,
    interview_file,
    period_workshops,
    referral_file,
    relocation_file,
    workshop_files,
    workshop_registrations,
)
from .csv_households import beneficiary_files
from .csv_money import (
    ActivityLabels,
    expense_files,
    staff_cost_file,
    statement_files,
    timesheet_files,
)
from .manifest import MANIFEST_NAME, manifest_bytes
from .summary import summary_pdf

SUMMARY_NAME = "summary.pdf"


def build_control_pack(
    *, grant, start, end, user, parameters: dict, progress: Callable[[int], None]
):
    """The pack of `grant` for [start, end] (already clipped to the grant) as an open
    temporary file, at its start."""
    context = PackContext.load(
        grant=grant, start=start, end=end, requested_by=user, generated_at=timezone.localtime()
    )
    progress(15)
    archive = PackArchive()
    try:
        workshops = period_workshops(context)
        registrations = workshop_registrations(context)
        labels = ActivityLabels(context)
        groups = [
            lambda: beneficiary_files(context),
            lambda: workshop_files(context, workshops, registrations),
            lambda: [interview_file(context)],
            lambda: [referral_file(context)],
            lambda: [relocation_file(context)],
            lambda: [followup_file(context)],
            lambda: timesheet_files(context, labels),
            lambda: [staff_cost_file(context)],
            lambda: expense_files(context),
            lambda: statement_files(context, labels),
        ]
        for index, files in enumerate(groups, start=1):
            for name, headers, rows in files():
                archive.add_csv(name, headers, rows)
            progress(15 + 35 * index // len(groups))
        add_attendance(
            archive,
            context,
            workshops,
            registrations,
            progress=lambda done, total: progress(50 + 40 * done // max(total, 1)),
        )
        archive.add_bytes(SUMMARY_NAME, summary_pdf(context, file_count=len(archive.files)))
        progress(95)
        archive.add_bytes(MANIFEST_NAME, manifest_bytes(context, parameters, archive.files))
    except BaseException:
        archive.discard()
        raise
    return archive.close()

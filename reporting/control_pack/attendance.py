"""attendance/: the attendance sheet of each workshop of the period, and its signed scan.

The sheets are printed by the workshops app's own attendance_sheet_pdf, with one change for
auditors: each row names the person by their household's pseudonym and their number in it
("B-…/2") and shows the attendance recorded, instead of their name. The signed scans are
copied as they were uploaded: they are the evidence the funds ask for and carry the
signatures, which the application cannot blank out (auditors already open them from the
workshop pages).
"""

from django.utils.translation import gettext as _

from workshops.models import Attendance
from workshops.pdf import attendance_sheet_pdf, workshop_sheet_details

from .archive import PackArchive
from .context import PackContext


def add_attendance(
    archive: PackArchive, context: PackContext, workshops, registrations, progress
) -> None:
    """One generated sheet per workshop held, and the signed scan when there is one."""
    attendance = dict(Attendance.choices)
    held = [workshop for workshop in workshops if not workshop.is_cancelled]
    sheets = scans = 0
    for index, workshop in enumerate(held, start=1):
        stem = f"attendance/workshop-{workshop.date:%Y-%m-%d}-{workshop.pk}"
        rows = [
            {
                "name": context.member(seat["person_id"], seat["person__household_id"]),
                "extra": str(attendance.get(seat["attendance"], seat["attendance"])),
            }
            for seat in registrations.get(workshop.pk, [])
        ]
        archive.add_bytes(
            f"{stem}.pdf",
            attendance_sheet_pdf(
                title=_("Attendance sheet — awareness workshop"),
                details=workshop_sheet_details(workshop),
                rows=rows,
                extra_label=_("Attendance"),
            ),
        )
        sheets += 1
        if workshop.signed_sheet:
            extension = workshop.signed_sheet.name.rsplit(".", 1)[-1].lower()
            scans += archive.add_stored_file(f"{stem}-signed.{extension}", workshop.signed_sheet)
        progress(index, len(held))
    context.counts["attendance_sheets"] = sheets
    context.counts["signed_sheets"] = scans

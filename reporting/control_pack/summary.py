"""summary.pdf: the cover of the pack (grant, period, the statement's figures, how many of
each thing the pack holds, when and for whom it was made)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .context import PackContext, staff_name


def count_lines(context: PackContext) -> list[tuple[str, int]]:
    counts = context.counts
    return [
        (_("Beneficiaries"), counts.get("beneficiaries", 0)),
        (_("Eligible beneficiaries"), counts.get("eligible", 0)),
        (_("Pieces of evidence"), counts.get("evidence", 0)),
        (_("Workshops"), counts.get("workshops", 0)),
        (_("Interviews"), counts.get("interviews", 0)),
        (_("Referrals"), counts.get("referrals", 0)),
        (_("Relocations"), counts.get("relocations", 0)),
        (_("Follow-ups"), counts.get("followups", 0)),
        (_("Time entries"), counts.get("time_entries", 0)),
        (_("Expenses"), counts.get("expenses", 0)),
        (_("Attendance sheets"), counts.get("attendance_sheets", 0)),
        (_("Signed attendance sheets"), counts.get("signed_sheets", 0)),
    ]


def summary_pdf(context: PackContext, file_count: int) -> bytes:
    import weasyprint  # imported here: loading its libraries is slow and only PDFs need it

    user = context.requested_by
    html = render_to_string(
        "reporting/control_pack/summary.html",
        {
            "programme_name": settings.PROGRAMME_NAME,
            "funders_line": settings.FUNDERS_LINE,
            "grant": context.grant,
            "start": context.start,
            "end": context.end,
            "statement_lines": context.statement.summary_lines() if context.statement else [],
            "counts": count_lines(context),
            "file_count": file_count,
            "generated_at": context.generated_at,
            "requested_by": staff_name(user.first_name, user.last_name, user.username),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()

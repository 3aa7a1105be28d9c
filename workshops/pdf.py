"""The attendance sheet (feuille d'émargement) of a workshop or a training, as a PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def attendance_sheet_pdf(
    *, title: str, details: list[tuple[str, str]], rows: list[dict], extra_label: str
) -> bytes:
    """An A4 sheet: programme and funders, the session's details, one signature row a person.

    `rows` are dicts with `name` and `extra`, the column headed `extra_label` (household
    reference, organisation).
    """
    import weasyprint  # imported here: loading its libraries is slow and only PDFs need it

    html = render_to_string(
        "workshops/pdf/attendance_sheet.html",
        {
            "programme_name": settings.PROGRAMME_NAME,
            "funders_line": settings.FUNDERS_LINE,
            "title": title,
            "details": details,
            "rows": rows,
            "extra_label": extra_label,
            "printed_at": timezone.localtime(),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()

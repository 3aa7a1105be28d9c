"""A right-of-access file as the person receives it: JSON (to take elsewhere) or an A4 PDF
in French (to read), built from the same SubjectFile."""

import datetime
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reporting.pdf import page_footer

from .subject_access import SubjectFile


def subject_file_name(subject: SubjectFile, extension: str) -> str:
    """ "acces-2026-0042.pdf", "acces-2026-0042-personne-17.json": no name in the file name,
    which shows in download lists and mail attachments."""
    stem = f"acces-{subject.household.reference}"
    if subject.person is not None:
        stem = f"{stem}-personne-{subject.person.pk}"
    return f"{stem}.{extension}"


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def subject_file_json(subject: SubjectFile) -> bytes:
    """The file as JSON: each kind of record under its key, with its French title, and each
    record's fields under their French labels (dates in ISO 8601)."""
    data = {
        "programme": settings.PROGRAMME_NAME,
        "generated_at": subject.generated_at,
        "household": {"id": subject.household.pk, "reference": subject.household.reference},
        "person": (
            {"id": subject.person.pk, "name": subject.person.full_name}
            if subject.person is not None
            else None
        ),
        "sections": {
            section.key: {"title": section.title, "records": section.records}
            for section in subject.sections
        },
    }
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2).encode()


def _shown(value) -> str:
    """A value as the PDF prints it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _printed_sections(subject: SubjectFile) -> list[dict]:
    sections = []
    for section in subject.sections:
        records = []
        for record in section.records:
            if "fields" in record:
                rows = [(label, _shown(value)) for label, value in record["fields"].items()]
                records.append({"title": record["title"], "rows": rows})
            else:  # a history or access-log row: printed as one line of a table
                records.append({k: _shown(v) for k, v in record.items() if k != "changes"})
                records[-1]["changes"] = record.get("changes", [])
        sections.append({"key": section.key, "title": section.title, "records": records})
    return sections


def subject_file_pdf(subject: SubjectFile) -> bytes:
    """The file as a tagged A4 PDF in French: a cover, then one chapter per kind of record
    (each a bookmark), the change history and the access log last."""
    import weasyprint  # imported here: loading its libraries is slow and only PDFs need it

    with translation.override("fr"):
        html = render_to_string(
            "privacy/subject_access_file.html",
            {
                "programme_name": settings.PROGRAMME_NAME,
                "subject": subject,
                "sections": _printed_sections(subject),
                "page_footer": page_footer(settings.PROGRAMME_NAME),
            },
        )
        return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")

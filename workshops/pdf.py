"""The attendance sheet (feuille d'émargement) of a workshop or a training, as a PDF.

Drawn with ReportLab rather than rendered from HTML: the auditor's control pack prints one
sheet per workshop of a grant's period (some 3,000), and WeasyPrint's ~0.1 s a sheet made the
pack miss its minute.
"""

import functools
import io
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# Where Debian/Ubuntu, Fedora/Alpine and Arch put DejaVu; without it the sheet falls back to
# Helvetica, whose encoding lacks some letters of the names we print (see _readable).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)

MARGINS = {
    "topMargin": 18 * mm,
    "rightMargin": 14 * mm,
    "bottomMargin": 20 * mm,
    "leftMargin": 14 * mm,
}
NAVY = colors.HexColor("#1d3557")
GREY = colors.HexColor("#555555")
BORDER = colors.HexColor("#444444")
INK = colors.HexColor("#111111")
HEADER_FILL = colors.HexColor("#e9eef5")
PADDING = 2 * mm
# The HTML sheet's widths, padding included: # 8 mm, signature 55 mm (12 mm high); name and
# the extra column share what is left. ReportLab's frame keeps 6 pt inside the margins, as the
# HTML body's 8 px margin did.
FRAME_PADDING = 6
NUMBER_WIDTH = 8 * mm + 2 * PADDING
SIGNATURE_WIDTH = 55 * mm + 2 * PADDING
SIGNATURE_HEIGHT = 12 * mm


@functools.cache
def _fonts() -> tuple[str, str]:
    """The regular and bold font names, DejaVu Sans registered once a process when present."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold")
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _readable(text: str, font: str) -> str:
    """The text as the font can show it: Helvetica's WinAnsi encoding has French accents and
    typographic quotes but not, say, Vietnamese or Turkish letters, which lose their accent
    ("Nguyễn" → "Nguyen") rather than print as blanks; what is left becomes "?"."""
    if font not in pdfmetrics.standardFonts:
        return text
    shown = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in base if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
            except UnicodeEncodeError:
                base = "-" if unicodedata.category(char) == "Pd" else "?"
            char = base or "?"
        shown.append(char)
    return "".join(shown)


class NumberedCanvas(Canvas):
    """A canvas that writes "Page n / N" at the bottom centre once the page count is known."""

    def __init__(self, *args, page_label: str, font: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_label, self._page_font = page_label, font
        self._saved_pages = []

    def showPage(self):
        # Each page is held back until save(), when the total is known.
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self.setFont(self._page_font, 8)
            self.setFillColor(GREY)
            self.drawCentredString(A4[0] / 2, 10 * mm, f"{self._page_label} {number} / {total}")
            super().showPage()
        super().save()


@functools.cache
def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    """The sheet's text styles, after the HTML sheet's CSS."""

    def style(name, *, font=regular, size=10, color=INK, **kwargs) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.2, textColor=color, **kwargs
        )

    return {
        "programme": style("programme", font=bold, size=16, color=NAVY),
        "funders": style("funders", size=8.5, color=colors.HexColor("#333333")),
        "title": style("title", font=bold, size=13, spaceAfter=3 * mm),
        "label": style("label", font=bold),
        "body": style("body"),
        "number": style("number", alignment=TA_RIGHT),
        "heading": style("heading", font=bold, size=9),
        "printed": style("printed", size=8, color=GREY, spaceBefore=4 * mm),
    }


def _cell(value, style: ParagraphStyle, width: float):
    """A plain string when it fits on one line, a wrapping Paragraph otherwise: a table draws
    strings several times faster, and nearly every name and detail fits."""
    shown = _readable(str(value), style.fontName)
    if "\n" not in shown and stringWidth(shown, style.fontName, style.fontSize) <= width:
        return shown
    return Paragraph(escape(shown), style)


def _cell_style(style: ParagraphStyle, start, stop) -> list[tuple]:
    """The table commands that draw a plain-string cell as `style` would."""
    return [
        ("FONT", start, stop, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]


def attendance_sheet_pdf(
    *, title: str, details: list[tuple[str, str]], rows: list[dict], extra_label: str
) -> bytes:
    """An A4 sheet: programme and funders, the session's details, one signature row a person.

    `rows` are dicts with `name` and `extra`, the column headed `extra_label` (household
    reference, organisation).
    """
    regular, bold = _fonts()
    styles = _styles(regular, bold)

    def paragraph(value, style: str) -> Paragraph:
        return Paragraph(escape(_readable(str(value), regular)), styles[style])

    width = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - 2 * FRAME_PADDING
    story = [
        paragraph(settings.PROGRAMME_NAME, "programme"),
        Spacer(1, 1 * mm),
        paragraph(settings.FUNDERS_LINE, "funders"),
        HRFlowable(width="100%", thickness=1.5, color=NAVY, spaceBefore=3 * mm, spaceAfter=6 * mm),
        paragraph(title, "title"),
    ]
    if details:
        label_width, value_width = 38 * mm, width - 38 * mm
        story.append(
            Table(
                [
                    [
                        _cell(label, styles["label"], label_width),
                        _cell(value or "—", styles["body"], value_width),
                    ]
                    for label, value in details
                ],
                colWidths=[label_width, value_width],
                style=[
                    *_cell_style(styles["label"], (0, 0), (0, -1)),
                    *_cell_style(styles["body"], (1, 0), (1, -1)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ],
                hAlign="LEFT",
            )
        )
    story.append(Spacer(1, 6 * mm))

    rest = width - NUMBER_WIDTH - SIGNATURE_WIDTH
    widths = [NUMBER_WIDTH, rest * 0.6, rest * 0.4, SIGNATURE_WIDTH]
    inner = [w - 2 * PADDING for w in widths]
    heading = styles["heading"]
    cells = [
        [
            "#",
            _cell(_("Name"), heading, inner[1]),
            _cell(extra_label, heading, inner[2]),
            _cell(_("Signature"), heading, inner[3]),
        ]
    ]
    commands = [
        *_cell_style(styles["body"], (0, 1), (-1, -1)),
        *_cell_style(heading, (0, 0), (-1, 0)),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.75, BORDER),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for index, row in enumerate(rows, start=1):
        cells.append(
            [
                _cell(index, styles["number"], inner[0]),
                _cell(row["name"], styles["body"], inner[1]),
                _cell(row["extra"], styles["body"], inner[2]),
                # The signature cell is empty but 12 mm high: the row grows when a name wraps.
                Spacer(1, SIGNATURE_HEIGHT),
            ]
        )
    if not rows:
        cells.append([paragraph(_("Nobody registered."), "body"), "", "", ""])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    # A table splits only between rows, and repeatRows carries its header onto each page.
    story.append(Table(cells, colWidths=widths, repeatRows=1, style=TableStyle(commands)))
    printed_at = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    story.append(paragraph(_("Printed on %(at)s") % {"at": printed_at}, "printed"))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=settings.PROGRAMME_NAME,
        subject=settings.FUNDERS_LINE,
        creator=settings.PROGRAMME_NAME,
        lang=get_language() or settings.LANGUAGE_CODE,
        **MARGINS,
    )
    page_label = _readable(_("Page"), regular)
    document.build(
        story, canvasmaker=functools.partial(NumberedCanvas, page_label=page_label, font=regular)
    )
    return buffer.getvalue()


def workshop_sheet_details(workshop) -> list[tuple[str, str]]:
    """The details printed on a workshop's attendance sheet (its page and the control pack)."""
    return [
        (_("Date"), date_format(workshop.date, "DATE_FORMAT")),
        (
            _("Time"),
            _("%(start)s to %(end)s")
            % {
                "start": date_format(workshop.start_time, "TIME_FORMAT"),
                "end": date_format(workshop.end_time, "TIME_FORMAT"),
            }
            if workshop.start_time
            else _("not known (imported)"),
        ),
        (_("Site"), str(workshop.site)),
        (_("Place"), workshop.place),
        (_("Topic"), workshop.topic),
        (_("Regions presented"), ", ".join(str(r) for r in workshop.regions_presented.all())),
        (_("Facilitators"), ", ".join(str(u) for u in workshop.facilitators.all())),
        (
            _("Language"),
            _("%(language)s, interpreter booked") % {"language": workshop.language}
            if workshop.interpreter_booked
            else workshop.language,
        ),
    ]

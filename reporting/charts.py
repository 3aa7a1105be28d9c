"""The one charting library of the app: horizontal bar charts drawn on the server as SVG.

The same markup goes into the dashboard and the PDF (WeasyPrint draws inline SVG). Charts are
readable without colour: every bar carries its label and its value as text. A long label is
wrapped on up to three lines, never cut at the edge; one longer still is shortened with "…",
its full text kept in the bar's <title> and in the table. Each chart has a table with the same
figures: the SVG is an image (role="img") named by the figure's caption and described by that
table, which sits in a <details> on screen and is printed in full in the PDF.

The SVG names no font: it takes the page's, so the PDF keeps one font family throughout.
"""

import itertools
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR_COLOUR = "#1f5fa8"
TEXT_COLOUR = "#212529"
FONT_SIZE = 12
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LINE_HEIGHT = FONT_SIZE * 1.2
MAX_LABEL_LINES = 3
# A rough average glyph width, to size the label column without measuring text.
CHAR_WIDTH = FONT_SIZE * 0.56
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | Decimal | None
    url: str = ""
    # The text printed on the bar; the formatted value when empty.
    display: str = ""


def format_value(value, decimals: int | None = None) -> str:
    """A number the way the current language writes it (1 234,5 in French)."""
    if value is None:
        return "—"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def label_lines(text: str, max_chars: int) -> list[str]:
    """The label wrapped on whole words into lines of at most `max_chars` (a word longer than a
    line is split), at most MAX_LABEL_LINES of them; the last one ends with "…" when the
    label does not fit whole."""
    lines = textwrap.wrap(text, max(max_chars, 4)) or [""]
    if len(lines) <= MAX_LABEL_LINES:
        return lines
    kept = lines[:MAX_LABEL_LINES]
    last = kept[-1][: max(max_chars, 4) - 1].rstrip()
    kept[-1] = f"{last}…"
    return kept


def _label_text(lines: list[str], x: int, middle: float) -> SafeString:
    """A right-aligned <text> of the label's lines, centred on the bar's middle."""
    first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = format_html_join(
        "",
        '<tspan x="{}" y="{}">{}</tspan>',
        ((x, f"{first + index * LINE_HEIGHT:.1f}", line) for index, line in enumerate(lines)),
    )
    return format_html('<text text-anchor="end" fill="{}">{}</text>', TEXT_COLOUR, spans)


def bar_chart(
    *,
    title: str,
    bars: list[Bar],
    label_header: str = "",
    value_header: str = "",
    width: int = 640,
    table: str = "details",
    described_by: str = "",
) -> SafeString:
    """A <figure> with a horizontal bar chart and its table alternative.

    `table`: "details" puts the table in a <details> the reader opens (the dashboard);
    "visible" prints it under the chart (the PDF); "elsewhere" prints none, the page having
    a table of the same figures whose id is `described_by`. Bars with a `url` have their
    table cell linked to the list behind them (the SVG itself holds no link: an image has no
    focusable part).
    """
    chart_id = f"chart-{next(_ids)}"
    if table == "elsewhere" and not described_by:
        raise ValueError("A chart whose table is elsewhere needs that table's id.")
    described_by = described_by or f"{chart_id}-table"
    values = [float(bar.value or 0) for bar in bars]
    top = max(values, default=0) or 1
    longest = max((len(str(bar.label)) for bar in bars), default=10)
    label_width = int(min(max(longest * CHAR_WIDTH + 12, 80), width * 0.42))
    max_label_chars = int((label_width - 12) / CHAR_WIDTH)
    value_room = 70  # room left of the right edge for a value printed after a short bar
    plot_width = width - label_width - value_room

    rows = []
    y = 4
    for bar, value in zip(bars, values, strict=True):
        lines = label_lines(str(bar.label), max_label_chars)
        row_height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 8)
        bar_y = y + (row_height - 8 - BAR_HEIGHT) / 2
        bar_length = max(plot_width * value / top, 0)
        text = bar.display or format_value(bar.value)
        text_width = len(text) * CHAR_WIDTH + 8
        inside = bar_length > text_width + 4
        text_x = label_width + (bar_length - 6 if inside else bar_length + 6)
        middle = bar_y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        rows.append(
            format_html(
                '<g class="bar"><title>{label}: {text}</title>{label_text}'
                '<rect x="{bx}" y="{y}" width="{bw}" height="{bh}" fill="{colour}"></rect>'
                '<text x="{vx}" y="{ty}" text-anchor="{anchor}" fill="{vc}"'
                ' font-weight="bold">{text}</text></g>',
                label=bar.label,
                text=text,
                label_text=_label_text(lines, label_width - 8, middle),
                ty=f"{middle:.1f}",
                bx=label_width,
                y=f"{bar_y:.1f}",
                bw=f"{bar_length:.1f}",
                bh=BAR_HEIGHT,
                colour=BAR_COLOUR,
                vx=f"{text_x:.1f}",
                anchor="end" if inside else "start",
                vc="#ffffff" if inside else TEXT_COLOUR,
            )
        )
        y += row_height
    height = max(y + 4, ROW_HEIGHT + 8)

    if not bars:
        rows.append(
            format_html(
                '<text x="8" y="20" fill="{}">{}</text>', TEXT_COLOUR, _("No data for this period.")
            )
        )
    svg = format_html(
        # No style attribute (the CSP refuses inline styles): the width attribute is the most
        # it takes, and app.css's .cdf-chart shrinks it to a narrower column on screen.
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}"'
        ' class="cdf-chart" font-size="{fs}" role="img"'
        ' aria-labelledby="{id}-title" aria-describedby="{described_by}">{rows}</svg>',
        w=width,
        h=f"{height:.0f}",
        fs=FONT_SIZE,
        id=chart_id,
        described_by=described_by,
        rows=mark_safe("".join(rows)),  # noqa: S308  each row was escaped by format_html
    )
    table_rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="text-end">{}</td></tr>',
        (
            (
                format_html('<a href="{}">{}</a>', bar.url, bar.label) if bar.url else bar.label,
                bar.display or format_value(bar.value),
            )
            for bar in bars
        ),
    )
    if not bars:
        table_rows = format_html('<tr><td colspan="2">{}</td></tr>', _("No data for this period."))
    # Printed under the chart, the table's caption would repeat the figure's: kept for
    # screen readers only.
    caption_class = "visually-hidden" if table == "visible" else ""
    table_html = format_html(
        '<table class="table table-sm chart-table" id="{id}-table">'
        '<caption class="{caption_class}">{title}</caption>'
        '<thead><tr><th scope="col">{lh}</th><th scope="col" class="text-end">{vh}</th></tr>'
        "</thead><tbody>{rows}</tbody></table>",
        id=chart_id,
        caption_class=caption_class,
        title=title,
        lh=label_header or _("Category"),
        vh=value_header or _("Value"),
        rows=table_rows,
    )
    if table == "elsewhere":
        table_html = ""
    elif table == "details":
        table_html = format_html(
            '<details class="chart-details"><summary>{}</summary>{}</details>',
            _("The chart's figures as a table"),
            table_html,
        )
    return format_html(
        '<figure class="cdf-chart" id="{id}"><figcaption class="fw-semibold" id="{id}-title">'
        "{title}</figcaption>{svg}{table}</figure>",
        id=chart_id,
        title=title,
        svg=svg,
        table=table_html,
    )

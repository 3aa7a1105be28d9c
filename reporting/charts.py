"""The one charting library of the app: horizontal bar charts drawn on the server as SVG.

The same markup goes into the dashboard and the PDF (WeasyPrint draws inline SVG). Charts are
readable without colour: every bar carries its label and its value as text, and a table with
the same figures follows for screen readers (the SVG itself is hidden from them).
"""

import itertools
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


def _shorten(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def bar_chart(
    *,
    title: str,
    bars: list[Bar],
    label_header: str = "",
    value_header: str = "",
    width: int = 640,
) -> SafeString:
    """A <figure> with a horizontal bar chart and its table alternative.

    Bars with a `url` link to the list behind them (the table's cells link there too).
    """
    chart_id = f"chart-{next(_ids)}"
    values = [float(bar.value or 0) for bar in bars]
    top = max(values, default=0) or 1
    longest = max((len(str(bar.label)) for bar in bars), default=10)
    label_width = int(min(max(longest * CHAR_WIDTH + 12, 80), width * 0.42))
    max_label_chars = int((label_width - 12) / CHAR_WIDTH)
    value_room = 70  # room left of the right edge for a value printed after a short bar
    plot_width = width - label_width - value_room
    height = max(len(bars), 1) * ROW_HEIGHT + 8

    rows = []
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        y = 4 + index * ROW_HEIGHT
        bar_length = max(plot_width * value / top, 0)
        text = bar.display or format_value(bar.value)
        text_width = len(text) * CHAR_WIDTH + 8
        inside = bar_length > text_width + 4
        text_x = label_width + (bar_length - 6 if inside else bar_length + 6)
        middle = y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        shapes = format_html(
            "<title>{label}: {text}</title>"
            '<text x="{lx}" y="{ty}" text-anchor="end" fill="{tc}">{short}</text>'
            '<rect x="{bx}" y="{y}" width="{bw}" height="{bh}" fill="{colour}"></rect>'
            '<text x="{vx}" y="{ty}" text-anchor="{anchor}" fill="{vc}"'
            ' font-weight="bold">{text}</text>',
            label=bar.label,
            text=text,
            lx=label_width - 8,
            ty=f"{middle:.1f}",
            tc=TEXT_COLOUR,
            short=_shorten(str(bar.label), max_label_chars),
            bx=label_width,
            y=y,
            bw=f"{bar_length:.1f}",
            bh=BAR_HEIGHT,
            colour=BAR_COLOUR,
            vx=f"{text_x:.1f}",
            anchor="end" if inside else "start",
            vc="#ffffff" if inside else TEXT_COLOUR,
        )
        if bar.url:
            shapes = format_html(
                '<a href="{}" tabindex="-1" style="text-decoration:none">{}</a>', bar.url, shapes
            )
        rows.append(format_html('<g class="bar">{}</g>', shapes))

    if not bars:
        rows.append(
            format_html(
                '<text x="8" y="20" fill="{}">{}</text>', TEXT_COLOUR, _("No data for this period.")
            )
        )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%"'
        ' style="max-width:{w}px" font-family="sans-serif" font-size="{fs}"'
        ' aria-hidden="true" focusable="false">{rows}</svg>',
        w=width,
        h=height,
        fs=FONT_SIZE,
        rows=mark_safe("".join(rows)),  # noqa: S308  each row was escaped by format_html
    )
    table_rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        (
            (
                format_html('<a href="{}">{}</a>', bar.url, bar.label) if bar.url else bar.label,
                bar.display or format_value(bar.value),
            )
            for bar in bars
        ),
    )
    table = format_html(
        '<table class="visually-hidden"><caption>{title}</caption><thead><tr>'
        '<th scope="col">{lh}</th><th scope="col">{vh}</th></tr></thead>'
        "<tbody>{rows}</tbody></table>",
        title=title,
        lh=label_header or _("Category"),
        vh=value_header or _("Value"),
        rows=table_rows,
    )
    return format_html(
        '<figure class="cdf-chart" id="{id}"><figcaption class="fw-semibold">{title}'
        "</figcaption>{svg}{table}</figure>",
        id=chart_id,
        title=title,
        svg=svg,
        table=table,
    )

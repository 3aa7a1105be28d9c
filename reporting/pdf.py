"""The yearly indicator report for funders, as an A4 PDF in French."""

import datetime
import re
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .indicators import Scope, compute_indicators, grant_of, indicators_for_scope
from .presentation import methodology, present


def _css_string(text: str) -> str:
    """A CSS string literal holding `text` (quotes, backslashes and "<" escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return f'"{escaped}"'


def page_footer(programme_name: str) -> SafeString:
    """The CSS `content` of the footer: "Clef de France · page 2 sur 9" in French, from a
    translatable pattern whose {page} and {pages} become the page counters."""
    out = [_css_string(f"{programme_name} · ")]
    for part in re.split(r"(\{pages?\})", _("page {page} of {pages}")):
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(_css_string(part))
    return mark_safe(" ".join(out))  # noqa: S308  every piece of text is a quoted CSS string


def yearly_report_pdf(
    *,
    scope: Scope,
    site_names: list[str],
    progress: Callable[[int], None],
    generated_at: datetime.datetime,
    commentary: str = "",
) -> bytes:
    """Cover (programme, funder and grant when limited to one, period, sites), the director's
    commentary, key figures, funnel, breakdowns and charts (each with its table), follow-ups,
    the same figures since the programme began, and the methodology page. Names no member of
    staff: the caseload per social worker stays on the internal dashboard.

    Limited to a grant (scope.grant_id): the grant's targets, achieved and rates on the page
    after the cover (with its reference, funder and period), and "since the grant began"
    in place of "since the programme began"."""
    import weasyprint  # imported here: loading its libraries is slow and only PDFs need it

    # Funders read French, whatever language the requester uses the app in.
    with translation.override("fr"):
        grant = grant_of(scope)
        period = indicators_for_scope(scope)
        progress(30)
        cumulative = compute_indicators(
            period_start=None,
            period_end=scope.end,
            site_ids=scope.site_ids,
            cumulative=True,
            grant=grant,
        )
        progress(55)
        html = render_to_string(
            "reporting/pdf/yearly_report.html",
            {
                "programme_name": settings.PROGRAMME_NAME,
                "funders_line": settings.FUNDERS_LINE,
                "scope": scope,
                "grant": grant,
                "site_names": site_names,
                "ind": period,
                "shown": present(period, pdf=True),
                "cumul": cumulative,
                "cumul_shown": present(cumulative, pdf=True, prefix="cumul-"),
                "commentary": commentary,
                "page_footer": page_footer(settings.PROGRAMME_NAME),
                "methodology": methodology(grant=grant is not None, staff=False),
                "generated_at": generated_at,
            },
        )
        progress(70)
        # PDF/UA: tagged structure, the title and the language (<html lang>) in the file, so a
        # screen reader reads the funder's report as it reads the pages.
        content = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    progress(95)
    return content

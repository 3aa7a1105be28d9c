"""The yearly indicator report for funders, as an A4 PDF in French."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .indicators import Scope, grant_of, indicators_for_scope, make_scope
from .presentation import methodology, present


def yearly_report_pdf(
    *,
    scope: Scope,
    site_names: list[str],
    progress: Callable[[int], None],
    generated_at: datetime.datetime,
) -> bytes:
    """Cover (period, sites), key figures, funnel, breakdowns and charts, follow-ups,
    the same figures since the programme began, and the methodology page.

    Limited to a grant (scope.grant_id): a page of the grant's targets, achieved and rates
    after the cover (with its reference, funder and period), and "since the grant began"
    in place of "since the programme began"."""
    import weasyprint  # imported here: loading its libraries is slow and only PDFs need it

    # Funders read French, whatever language the requester uses the app in.
    with translation.override("fr"):
        grant = grant_of(scope)
        period = indicators_for_scope(scope)
        progress(30)
        cumulative = indicators_for_scope(
            make_scope(
                period_start=None,
                period_end=scope.end,
                site_ids=scope.site_ids,
                cumulative=True,
                grant=grant,
            )
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
                "shown": present(period),
                "cumul": cumulative,
                "cumul_shown": present(cumulative),
                "methodology": methodology(grant=grant is not None),
                "generated_at": generated_at,
            },
        )
        progress(70)
        # PDF/UA: tagged structure, the title and the language (<html lang>) in the file, so a
        # screen reader reads the funder's report as it reads the pages.
        content = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    progress(95)
    return content

"""What the directors' and the auditors' home pages show (the view is home_views.py).

Directors: the current year's key figures, each grant's targets against what was achieved
(the figures grant_targets reads, computed by the very functions the dashboard's
indicators_for_scope calls, so both pages give the same number), the relocations per month,
their last reports and control packs, and what waits for their decision (timesheets to
countersign, reports that failed). Auditors: the grants, their own control packs.

Every read starts from the user's scope (grant_list, report_list, timesheet_list) and runs a
fixed number of queries: at most GRANTS_SHOWN grants get their figures computed.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from core.dates import today
from funding.models import Grant, GrantStatus, TimesheetStatus
from funding.selectors import grant_list
from funding.time_selectors import may_countersign, timesheet_list

from .charts import Bar, bar_chart
from .indicators import (
    DEFINITIONS,
    Scope,
    grant_targets,
    headline_for_scope,
    make_scope,
    relocation_totals,
    relocations_queryset,
    training_indicators,
    workshop_indicators,
)
from .models import Report, ReportStatus
from .selectors import report_list, with_grant_references

# Each grant's figures cost about fifteen queries (its eligible households first): the home
# page computes them for this many grants, the dashboard for any other.
GRANTS_SHOWN = 4
REPORTS_SHOWN = 5
AUDITOR_PACKS_SHOWN = 10
WAITING_SHOWN = 10
# A failure older than this was dealt with one way or another: the home page forgets it.
FAILED_SHOWN_DAYS = 30
BACKGROUND_KINDS = ("yearly_report", "control_pack")


def _label(key: str) -> str:
    return str(DEFINITIONS[key][0])


def _drilldown_url(key: str, period: list[tuple[str, str]], **filters) -> str:
    """The list behind a figure, with the parameters of the dashboard's period form."""
    pairs = [("key", key), *period, *((name, str(value)) for name, value in filters.items())]
    return f"{reverse('reporting:drilldown')}?{urlencode(pairs)}"


def year_period(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def key_figures(scope: Scope, year: int) -> list[dict]:
    """The year's headline counts, every site (three queries), each linked to its list."""
    headline = headline_for_scope(scope)
    period = [("year", str(year))]
    return [
        {
            "label": _label("relocated"),
            "value": headline["households_relocated"],
            "url": _drilldown_url("relocated", period),
        },
        {
            "label": _label("persons_relocated"),
            "value": headline["persons_relocated"],
            "url": _drilldown_url("relocated", period),
        },
        {
            "label": _label("workshops"),
            "value": headline["workshops_held"],
            "url": _drilldown_url("workshops", period),
        },
        {
            "label": _label("interviews"),
            "value": sum(headline["interviews"].values()),
            "url": _drilldown_url("interviews", period),
        },
    ]


def relocations_by_month(scope: Scope, *, up_to: datetime.date) -> list[dict]:
    """Households relocated in each month of the scope's year up to `up_to`'s month, counted
    over the queryset behind "households relocated" (one query)."""
    counts = dict(
        relocations_queryset(scope)
        .annotate(month=ExtractMonth("moved_on"))
        .order_by()
        .values("month")
        .annotate(households=Count("household", distinct=True))
        .values_list("month", "households")
    )
    year = scope.end.year
    last_month = up_to.month if up_to.year == year else 12
    rows = []
    for month in range(1, last_month + 1):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        period = [("start", first.isoformat()), ("end", str(following - datetime.timedelta(1)))]
        rows.append(
            {
                "month": month,
                "label": str(MONTHS[month]),
                "households": counts.get(month, 0),
                "url": _drilldown_url("relocated", period),
            }
        )
    return rows


def month_chart(rows: list[dict], year: int):
    """The bar chart of relocations_by_month, with its table alternative (charts.bar_chart)."""
    return bar_chart(
        title=_("Households relocated each month of %(year)s") % {"year": year},
        bars=[Bar(row["label"], row["households"], row["url"]) for row in rows],
        label_header=_("Month"),
        value_header=_("Households"),
    )


def target_figures(scope: Scope) -> dict:
    """The families of indicators_for_scope that grant_targets reads, computed by the same
    functions (relocation_totals is the "relocations" family's total), and its targets."""
    figures = {
        "scope": scope,
        "relocations": relocation_totals(scope),
        "workshops": workshop_indicators(scope),
        "trainings": training_indicators(scope),
        "supported": None if scope.household_ids is None else len(scope.household_ids),
    }
    return {**figures, "grant_targets": grant_targets(figures)}


@dataclass
class GrantProgress:
    """One grant's targets against the year's achievements, with the links behind them."""

    grant: Grant
    rows: list[dict] = field(default_factory=list)
    dashboard_url: str = ""


def grants_of_year(*, user, year: int):
    """The grants the user reads that run during `year`, signed ones first, then by end date."""
    start, end = year_period(year)
    return (
        grant_list(user)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .annotate(
            signed_first=Case(
                When(status=GrantStatus.SIGNED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("signed_first", "ends_on", "agreement_reference")
    )


def grant_progress(grant: Grant, year: int) -> GrantProgress:
    """The grant's targets for `year`, as the dashboard shows them limited to that grant and
    year; no figure is computed for a grant without targets (prefetched `indicators`)."""
    period = [("year", str(year)), ("grant", str(grant.pk))]
    progress = GrantProgress(
        grant=grant, dashboard_url=f"{reverse('reporting:dashboard')}?{urlencode(period)}"
    )
    if not grant.indicators.all():
        return progress
    start, end = year_period(year)
    scope = make_scope(period_start=start, period_end=end, site_ids=None, grant=grant)
    for row in target_figures(scope)["grant_targets"]:
        key, filters = row["link"]
        progress.rows.append({**row, "url": _drilldown_url(key, period, **filters)})
    return progress


def timesheets_to_countersign(user) -> tuple[list, int]:
    """Sheets validated by their member of staff that the user may countersign (never their
    own), the oldest month first: the first WAITING_SHOWN and how many there are."""
    if not may_countersign(user):
        return [], 0
    sheets = (
        timesheet_list(user)
        .filter(status=TimesheetStatus.VALIDATED)
        .exclude(staff=user)
        .order_by("month", "staff__last_name", "staff__username", "pk")
    )
    return list(sheets[:WAITING_SHOWN]), sheets.count()


def failed_reports(user) -> list[Report]:
    """Yearly reports and control packs that failed lately: retry them or ask again."""
    since = timezone.now() - datetime.timedelta(days=FAILED_SHOWN_DAYS)
    return list(
        report_list(user=user).filter(
            kind__in=BACKGROUND_KINDS, status=ReportStatus.FAILED, created_at__gte=since
        )[:WAITING_SHOWN]
    )


def director_home(*, user, day: datetime.date | None = None) -> dict:
    """Everything the director's home page shows, in a fixed number of queries."""
    day = day or today()
    year = day.year
    start, end = year_period(year)
    scope = make_scope(period_start=start, period_end=end, site_ids=None)
    grants = list(
        grants_of_year(user=user, year=year).prefetch_related("indicators")[: GRANTS_SHOWN + 1]
    )
    sheets, sheets_count = timesheets_to_countersign(user)
    reports = report_list(user=user)
    yearly = list(reports.filter(kind="yearly_report")[:REPORTS_SHOWN])
    packs = list(reports.filter(kind="control_pack")[:REPORTS_SHOWN])
    failed = failed_reports(user)
    with_grant_references([*yearly, *packs, *failed])
    months = relocations_by_month(scope, up_to=day)
    return {
        "year": year,
        "key_figures": key_figures(scope, year),
        "grants": [grant_progress(grant, year) for grant in grants[:GRANTS_SHOWN]],
        "more_grants": len(grants) > GRANTS_SHOWN,
        "any_grant": bool(grants) or grant_list(user).exists(),
        "months": months,
        "month_chart": month_chart(months, year),
        "timesheets": sheets,
        "timesheets_count": sheets_count,
        "timesheets_url": f"{reverse('funding:timesheet_list')}?"
        + urlencode({"status": TimesheetStatus.VALIDATED.value}),
        "yearly_reports": yearly,
        "control_packs": packs,
        "failed": failed,
    }


def auditor_home(*, user) -> dict:
    """The grants the auditor reads (every one) and the control packs they asked for."""
    return {
        "grants": list(grant_list(user)),
        "control_packs": with_grant_references(
            report_list(user=user).filter(kind="control_pack")[:AUDITOR_PACKS_SHOWN]
        ),
    }

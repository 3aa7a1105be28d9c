"""Every indicator family at once, for the dashboard, the PDF and the indicator tables."""

from datetime import date
from functools import partial

from ..figures_cache import cached_families, digest, figures_snapshot
from .durations import duration_indicators
from .funnel import funnel_indicators, interview_indicators
from .grant_targets import grant_targets
from .information import workshop_indicators
from .outcomes import followup_indicators
from .querysets import Scope, make_scope
from .reception_centres import reception_centre_indicators
from .relocations import relocation_indicators
from .trainings import training_indicators
from .withdrawals import caseload_indicators, withdrawal_indicators

# Each family of indicators_for_scope, computed from a Scope (cached: reporting.figures_cache).
FAMILIES = {
    "relocations": relocation_indicators,
    "workshops": workshop_indicators,
    "interviews": interview_indicators,
    "funnel": funnel_indicators,
    "reception_centres": reception_centre_indicators,
    "trainings": training_indicators,
    "duration": duration_indicators,
    "followups": followup_indicators,
    "withdrawals": withdrawal_indicators,
    "caseload": caseload_indicators,
}


def scope_key(scope: Scope) -> tuple:
    """What names a scope in the cache: its period and sites and, limited to a grant, a
    digest of its eligible households (every family is a function of these and of its
    tables)."""
    households = None if scope.household_ids is None else digest(scope.household_ids)
    return (scope.start, scope.end, scope.site_ids, scope.cumulative, scope.grant_id, households)


def indicators_for_scope(scope: Scope) -> dict:
    """Every family of indicators for that scope (see compute_indicators), each read from the
    cache while the tables it reads are unchanged (reporting.figures_cache)."""
    families = {name: partial(family, scope) for name, family in FAMILIES.items()}
    with figures_snapshot():
        indicators = cached_families(scope_key(scope), families)
    indicators["scope"] = scope
    # Limited to a grant: its eligible households with an activity in the period.
    indicators["supported"] = None if scope.household_ids is None else len(scope.household_ids)
    indicators["grant_targets"] = grant_targets(indicators)
    return indicators


def compute_indicators(
    *,
    period_start: date | None,
    period_end: date,
    site_ids=None,
    cumulative: bool = False,
    grant=None,
) -> dict:
    """Every indicator of the programme for a period (or since the programme began) and sites.

    `site_ids` None means every site. The result is a dict of families (relocations,
    workshops, interviews, funnel, ...), each made of plain numbers and rows of
    {key, label, figures…, filter} where `filter` names the drill-down list behind the row.
    With a `grant` (funding.Grant), every figure is limited to it (see make_scope), and
    "supported" and "grant_targets" (reporting.indicators.grant_targets) are filled.
    """
    with figures_snapshot():
        scope = make_scope(
            period_start=period_start,
            period_end=period_end,
            site_ids=site_ids,
            cumulative=cumulative,
            grant=grant,
        )
        return indicators_for_scope(scope)

"""Every indicator family at once, for the dashboard, the PDF and the indicator tables."""

from datetime import date

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


def indicators_for_scope(scope: Scope) -> dict:
    """Every family of indicators for that scope (see compute_indicators)."""
    indicators = {
        "scope": scope,
        "relocations": relocation_indicators(scope),
        "workshops": workshop_indicators(scope),
        "interviews": interview_indicators(scope),
        "funnel": funnel_indicators(scope),
        "reception_centres": reception_centre_indicators(scope),
        "trainings": training_indicators(scope),
        "duration": duration_indicators(scope),
        "followups": followup_indicators(scope),
        "withdrawals": withdrawal_indicators(scope),
        "caseload": caseload_indicators(scope),
        # Limited to a grant: its eligible households with an activity in the period.
        "supported": None if scope.household_ids is None else len(scope.household_ids),
    }
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
    scope = make_scope(
        period_start=period_start,
        period_end=period_end,
        site_ids=site_ids,
        cumulative=cumulative,
        grant=grant,
    )
    return indicators_for_scope(scope)

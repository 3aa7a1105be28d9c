"""The headline counts: the few figures a funder asks first, and only those (three queries).

Each count is computed by the one function its family uses (relocation_totals,
workshops_held, interviews_by_kind), so the headline and compute_indicators() always agree.
"""

import datetime

from .funnel import interviews_by_kind
from .information import workshops_held
from .querysets import Scope, make_scope
from .relocations import relocation_totals


def headline_for_scope(scope: Scope) -> dict:
    relocated = relocation_totals(scope)
    return {
        "households_relocated": relocated["households"],
        "persons_relocated": relocated["persons"],
        "workshops_held": workshops_held(scope),
        "interviews": {kind: row["interviews"] for kind, row in interviews_by_kind(scope).items()},
    }


def headline_counts(
    *, period_start: datetime.date | None, period_end: datetime.date, site_ids=None
) -> dict:
    """The headline figures of a period and sites: households and persons relocated,
    workshops held and interviews held by kind.

    They are the same figures as compute_indicators() gives (relocations households and
    persons, workshops held, interviews by kind), computed by the same functions.
    """
    scope = make_scope(period_start=period_start, period_end=period_end, site_ids=site_ids)
    return headline_for_scope(scope)

"""The targets of a grant agreement against what was achieved, under that grant's limit.

Each IndicatorKind of funding.GrantIndicator is read from one computed figure of
indicators_for_scope (the mapping is written once, here), so the dashboard, the yearly PDF and
the drill-down lists show the same number for a target. The rate is achieved / target in %,
one decimal (rounded half up), None when the target is 0.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from funding.models import Grant, GrantIndicator, IndicatorKind

from .querysets import Scope

# IndicatorKind -> (the figure achieved, read from indicators_for_scope's result; the
# drill-down list behind it: (key, filters)).
ACHIEVED: dict[str, tuple[Callable[[dict], int | Decimal], tuple[str, dict]]] = {
    IndicatorKind.HOUSEHOLDS_RELOCATED: (lambda ind: ind["relocations"]["households"],
                                         ("relocated", {})),
    IndicatorKind.PERSONS_RELOCATED: (lambda ind: ind["relocations"]["persons"],
                                      ("relocated", {})),
    IndicatorKind.HOUSEHOLDS_SUPPORTED: (lambda ind: ind["supported"], ("supported", {})),
    IndicatorKind.WORKSHOPS_HELD: (lambda ind: ind["workshops"]["held"], ("workshops", {})),
    IndicatorKind.PERSONS_INFORMED: (lambda ind: ind["workshops"]["persons"],
                                     ("informed", {})),
    IndicatorKind.PROFESSIONALS_TRAINED: (lambda ind: ind["trainings"]["professionals"],
                                          ("professionals", {})),
    # The hours of training delivered (each session's duration once), as agreements count them.
    IndicatorKind.TRAINING_HOURS: (lambda ind: ind["trainings"]["hours"], ("trainings", {})),
}  # fmt: skip


def grant_of(scope: Scope) -> Grant | None:
    """The grant the scope is limited to, with its funder (one query), or None. The form that
    made the scope checked that its user reads that grant."""
    if scope.grant_id is None:
        return None
    return Grant.objects.select_related("funder").filter(pk=scope.grant_id).first()


def rate(achieved, target: Decimal) -> Decimal | None:
    """Achieved as a percentage of the target, one decimal; None when the target is 0."""
    if not target:
        return None
    return (Decimal(achieved) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def grant_targets(indicators: dict) -> list[dict]:
    """The grant's targets, in the order of IndicatorKind, each with the figure achieved and
    the rate: rows of {key, label, target, achieved, rate, link: (key, filters)}. One query;
    [] without a grant."""
    scope = indicators["scope"]
    if scope.grant_id is None:
        return []
    order = list(IndicatorKind.values)
    targets = sorted(
        GrantIndicator.objects.filter(grant_id=scope.grant_id),
        key=lambda row: order.index(row.indicator) if row.indicator in order else len(order),
    )
    rows = []
    for row in targets:
        if row.indicator not in ACHIEVED:  # a kind retired from the choices: nothing to read
            continue
        figure, link = ACHIEVED[row.indicator]
        achieved = figure(indicators)
        rows.append(
            {
                "key": row.indicator,
                "label": IndicatorKind(row.indicator).label,
                "target": row.target,
                "achieved": achieved,
                "rate": rate(achieved, row.target),
                "link": link,
            }
        )
    return rows

"""Every write on funders, grants, eligibility evidence, staff costs and expenses.

Each function is atomic and refuses an impossible change with a message the user can read
(FundingRuleError.message), leaving nothing written. Who may call them (directors for grants
and costs…) is checked by the pages' access helpers; the services check what depends on the
data itself, such as the site of the person whose evidence is recorded. One module per
concept; everything is importable from `funding.services`.
"""

from .base import FundingRuleError
from .costs import SHAREABLE_STATUSES, expense_record, expense_share_set, staff_cost_set
from .evidence import evidence_check, evidence_record
from .grants import (
    LOCKED_WHEN_SIGNED,
    funder_create,
    grant_create,
    grant_indicator_set,
    grant_update,
)

__all__ = [
    "LOCKED_WHEN_SIGNED",
    "SHAREABLE_STATUSES",
    "FundingRuleError",
    "evidence_check",
    "evidence_record",
    "expense_record",
    "expense_share_set",
    "funder_create",
    "grant_create",
    "grant_indicator_set",
    "grant_update",
    "staff_cost_set",
]

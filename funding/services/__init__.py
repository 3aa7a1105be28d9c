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
from .expense_import import ImportPlan, PlannedExpense, expenses_import, expenses_import_plan
from .grants import (
    LOCKED_WHEN_SIGNED,
    funder_create,
    grant_create,
    grant_indicator_set,
    grant_update,
)
from .time import (
    time_entries_follow_interview,
    time_entries_follow_session,
    time_entry_add,
    time_entry_correct,
    time_entry_delete,
    time_entry_set_grant,
    timesheet_countersign,
    timesheet_validate,
)

__all__ = [
    "LOCKED_WHEN_SIGNED",
    "SHAREABLE_STATUSES",
    "FundingRuleError",
    "ImportPlan",
    "PlannedExpense",
    "evidence_check",
    "evidence_record",
    "expense_record",
    "expense_share_set",
    "expenses_import",
    "expenses_import_plan",
    "funder_create",
    "grant_create",
    "grant_indicator_set",
    "grant_update",
    "staff_cost_set",
    "time_entries_follow_interview",
    "time_entries_follow_session",
    "time_entry_add",
    "time_entry_correct",
    "time_entry_delete",
    "time_entry_set_grant",
    "timesheet_countersign",
    "timesheet_validate",
]

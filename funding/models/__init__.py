"""The money side: funders and grants, eligibility evidence, staff costs, expenses.

One module per concept; everything is importable from `funding.models`.
"""

from .costs import Expense, ExpenseCategory, ExpenseShare, StaffCost
from .evidence import EligibilityEvidence, EvidenceKind
from .grants import (
    Funder,
    FunderKind,
    Grant,
    GrantIndicator,
    GrantQuerySet,
    GrantStatus,
    IndicatorKind,
    IndirectCostBase,
    StaffCostMethod,
)
from .time import ACTIVITY_SOURCES, DAY_HOURS, TimeEntry, Timesheet, TimesheetStatus, TimeSource
from .uploads import scan_path

__all__ = [
    "ACTIVITY_SOURCES",
    "DAY_HOURS",
    "EligibilityEvidence",
    "EvidenceKind",
    "Expense",
    "ExpenseCategory",
    "ExpenseShare",
    "Funder",
    "FunderKind",
    "Grant",
    "GrantIndicator",
    "GrantQuerySet",
    "GrantStatus",
    "IndicatorKind",
    "IndirectCostBase",
    "StaffCost",
    "StaffCostMethod",
    "TimeEntry",
    "TimeSource",
    "Timesheet",
    "TimesheetStatus",
    "scan_path",
]

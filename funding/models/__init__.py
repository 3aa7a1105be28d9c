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
from .uploads import scan_path

__all__ = [
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
    "scan_path",
]

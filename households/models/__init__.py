"""Households, their members and consents, and the moves along the funnel.

One module per concept; everything is importable from `households.models`.
"""

from .consent import Consent, ConsentScope
from .household import (
    AFTER_THE_MOVE,
    ENDED,
    FUNNEL,
    HOUSEHOLD_FIELDS,
    Accommodation,
    Household,
    HouseholdQuerySet,
    ReferenceCounter,
    Status,
    StatusChange,
    WithdrawalReason,
)
from .person import (
    PERSON_FIELDS,
    DrivingLicence,
    Education,
    Employment,
    FrenchLevel,
    PermitType,
    Person,
    ProtectionStatus,
    Relation,
    Sex,
)

__all__ = [
    "AFTER_THE_MOVE",
    "ENDED",
    "FUNNEL",
    "HOUSEHOLD_FIELDS",
    "PERSON_FIELDS",
    "Accommodation",
    "Consent",
    "ConsentScope",
    "DrivingLicence",
    "Education",
    "Employment",
    "FrenchLevel",
    "Household",
    "HouseholdQuerySet",
    "PermitType",
    "Person",
    "ProtectionStatus",
    "ReferenceCounter",
    "Relation",
    "Sex",
    "Status",
    "StatusChange",
    "WithdrawalReason",
]

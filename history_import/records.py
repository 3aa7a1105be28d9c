"""What a file of past cases says, once read: one CaseRecord per household, typed, no database.

reading.py fills these from the rows; checking.py judges the order of each case's events and
what the database already holds; writing.py creates the rows.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class EvidenceRecord:
    kind: str
    number: str
    issued_on: datetime.date
    expires_on: datetime.date | None


@dataclass
class PersonRecord:
    row: int
    first_name: str
    last_name: str
    relation: str
    sex: str = ""
    birth_date: datetime.date | None = None
    nationality: str = ""
    protection_status: str = ""
    evidence: EvidenceRecord | None = None
    workshop_dates: list[datetime.date] = field(default_factory=list)
    moved: bool = True

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class FollowUpRecord:
    months: int
    done_on: datetime.date | None = None
    missed: bool = False
    missed_on: datetime.date | None = None
    housing_kept: bool | None = None
    employment: str = ""
    in_training: bool | None = None
    location: str = ""


@dataclass
class CaseRecord:
    key: str  # the case number in the file
    rows: list[int]  # the file's rows of this case, the first one first
    values: dict = field(default_factory=dict)  # household column name -> typed value
    persons: list[PersonRecord] = field(default_factory=list)
    followups: dict[int, FollowUpRecord] = field(default_factory=dict)

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    @property
    def row(self) -> int:
        return self.rows[0]

    @property
    def workshop_dates(self) -> list[datetime.date]:
        return sorted({day for person in self.persons for day in person.workshop_dates})

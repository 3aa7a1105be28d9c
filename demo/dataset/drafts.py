"""What a drawn case holds: plain values (dates, choices, indexes into its own persons) that the
writer turns into rows. Nothing here touches the database."""

import datetime
from dataclasses import dataclass, field

from households.models import Status

from .people import PersonDraft


@dataclass
class InterviewDraft:
    kind: str
    held_on: datetime.date
    persons: list[int]
    mode: str = "in_person"
    duration: int = 60
    interpreter: bool = False
    assessment: dict | None = None


@dataclass
class ReferralDraft:
    partner_id: int
    sent_on: datetime.date
    channel: str
    answer: str
    answered_on: datetime.date | None
    refusal_reason: str = ""
    visit_on: datetime.date | None = None
    outcome: str = ""
    offer_id: int | None = None


@dataclass
class PlanDraft:
    status: str
    lever: str
    interview: int  # index in Case.interviews
    targets: list[tuple[str, str | None]]  # (region code, département code or None)
    signed_on: datetime.date | None = None
    abandoned_on: datetime.date | None = None
    abandon_reason: str = ""
    steps: list[tuple[str, str, datetime.date, datetime.date | None]] = field(default_factory=list)
    referrals: list[ReferralDraft] = field(default_factory=list)


@dataclass
class RelocationDraft:
    moved_on: datetime.date
    commune: str
    departement: str
    lever_used: str
    housing_obtained: str
    job_or_training: str
    persons: list[int]


@dataclass
class FollowUpDraft:
    months_after: int
    due_on: datetime.date
    status: str
    done_on: datetime.date | None = None
    outcome: dict = field(default_factory=dict)


@dataclass
class Case:
    """One household; its attributes named as in households.models.HOUSEHOLD_FIELDS hold the
    household's columns (`site` as an index into the context's sites)."""

    referral_date: datetime.date
    site: int  # index into the context's sites
    social_worker: int  # user id
    referring_partner: int | None
    commune: str
    departement: str
    accommodation: str
    mobility_wishes: str
    constraints: str
    persons: list[PersonDraft] = field(default_factory=list)
    steps: list[tuple[str, datetime.date, str]] = field(default_factory=list)
    status: str = Status.REFERRED
    status_before_hold: str = ""
    withdrawal_reason: str = ""
    status_comment: str = ""
    # (workshop date, [(person index, attendance)])
    workshop: tuple[datetime.date, list[tuple[int, str]]] | None = None
    interviews: list[InterviewDraft] = field(default_factory=list)
    plans: list[PlanDraft] = field(default_factory=list)
    relocation: RelocationDraft | None = None
    followups: list[FollowUpDraft] = field(default_factory=list)

    @property
    def last_date(self) -> datetime.date:
        return self.steps[-1][1]

    def adults_on(self, day: datetime.date) -> list[int]:
        """Indexes of the head and of the members of age on `day`."""
        return [i for i, p in enumerate(self.persons) if i == 0 or p.age_on(day) >= 18]

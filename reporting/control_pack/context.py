"""What every file of the control pack reads first: the grant, the period, the beneficiaries
and the pseudonyms that stand for households and their members."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import Site
from funding.beneficiaries import Beneficiary, grant_beneficiaries, pseudonym
from funding.models import Grant


def staff_name(first_name: str, last_name: str, username: str) -> str:
    """How a member of staff is named in the pack (the only names it holds)."""
    return f"{first_name or ''} {last_name or ''}".strip() or username or ""


def staff_fields(prefix: str) -> list[str]:
    """The fields that name the member of staff a row reaches through `prefix`."""
    return [f"{prefix}__first_name", f"{prefix}__last_name", f"{prefix}__username"]


def row_staff(row: dict, prefix: str) -> str:
    """The name of the member of staff of a row read with staff_fields(prefix)."""
    return staff_name(
        row[f"{prefix}__first_name"], row[f"{prefix}__last_name"], row[f"{prefix}__username"]
    )


def user_name(user) -> str:
    return staff_name(user.first_name, user.last_name, user.username) if user else ""


def counted(context: "PackContext", key: str, rows, line):
    """The rows as lines (`line(row)`), read from the database in chunks; how many there were
    lands in context.counts[key] once the last is written."""
    count = 0
    for row in rows.iterator(chunk_size=2000):
        count += 1
        yield line(row)
    context.counts[key] = count


def yes_no(value) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


@dataclass
class PackContext:
    grant: Grant
    start: datetime.date
    end: datetime.date
    requested_by: object
    generated_at: datetime.datetime
    beneficiaries: list[Beneficiary] = field(default_factory=list)
    # person id -> (household pseudonym, the member's number in the household: 1, 2…)
    members: dict[int, tuple[str, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    statement: object = None  # funding.statement.Statement, once statement.csv is written

    @classmethod
    def load(cls, *, grant, start, end, requested_by, generated_at) -> "PackContext":
        """Three queries: the beneficiaries, their members, the members' evidence dates."""
        context = cls(
            grant=grant,
            start=start,
            end=end,
            requested_by=requested_by,
            generated_at=generated_at,
        )
        context.beneficiaries = grant_beneficiaries(grant, start, end)
        for beneficiary in context.beneficiaries:
            for number, person in enumerate(beneficiary.members, start=1):
                context.members[person.pk] = (beneficiary.pseudonym, number)
        return context

    def pseudonym(self, household_id: int | None) -> str:
        """The household's pseudonym for this grant: never its reference nor its id."""
        return pseudonym(self.grant, household_id) if household_id else ""

    def member(self, person_id: int, household_id: int) -> str:
        """A person as "B-…/2": their household's pseudonym and their number in it."""
        known = self.members.get(person_id)
        if known:
            return f"{known[0]}/{known[1]}"
        return self.pseudonym(household_id)

    def site_ids(self) -> QuerySet:
        """The grant's sites, as a subquery (no query of its own)."""
        return Site.objects.filter(grants=self.grant).values("pk")

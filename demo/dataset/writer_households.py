"""The rows of the households themselves: households, members, references, status history."""

from dataclasses import dataclass

from django.conf import settings

from core.bulk import BulkInserter
from core.text import normalise
from households.models import (
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    Household,
    Person,
    ReferenceCounter,
    StatusChange,
)

from .drafts import Case
from .setup import Context


def _columns(model, names) -> dict[str, str]:
    """Each field's attribute name, the column's key in a row: `site` → `site_id`."""
    return {name: model._meta.get_field(name).attname for name in names}


HOUSEHOLD_COLUMNS = _columns(Household, HOUSEHOLD_FIELDS)
PERSON_COLUMNS = _columns(Person, PERSON_FIELDS)


@dataclass
class Batch:
    """One batch of cases and the primary keys reserved for their households and members."""

    cases: list[Case]
    household_ids: list[int]
    person_ids: list[list[int]]  # by case, in the order of its persons


class References:
    """Household references (CDF-2026-0042), numbered on from the counters already saved."""

    def __init__(self):
        self.counters = dict(ReferenceCounter.objects.values_list("year", "last_number"))

    def next(self, year: int) -> str:
        self.counters[year] = self.counters.get(year, 0) + 1
        return f"{settings.REFERENCE_PREFIX}-{year}-{self.counters[year]:04d}"

    def save(self, years) -> None:
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(year=y, last_number=self.counters[y]) for y in sorted(years)],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last_number"],
        )


def write_households(
    db: BulkInserter, ctx: Context, references: References, cases: list[Case]
) -> Batch:
    """The households and their members, referenced in the order of the cases."""
    years = set()
    household_ids = db.ids(Household, len(cases))
    all_person_ids = iter(db.ids(Person, sum(len(c.persons) for c in cases)))
    households, persons, person_ids = [], [], []
    for household_id, case in zip(household_ids, cases, strict=True):
        year = case.referral_date.year
        years.add(year)
        reference = references.next(year)
        names = " ".join(f"{p.first_name} {p.last_name}" for p in case.persons)
        household = {column: getattr(case, name) for name, column in HOUSEHOLD_COLUMNS.items()}
        households.append(
            household
            | {
                "id": household_id,
                "site_id": ctx.site_ids[case.site],  # the case holds the site's index
                "reference": reference,
                "status": case.status,
                "status_before_hold": case.status_before_hold,
                "withdrawal_reason": case.withdrawal_reason,
                "status_comment": case.status_comment,
                "search_text": normalise(f"{reference} {names}"),
            }
        )
        ids = []
        for draft in case.persons:
            person = {column: getattr(draft, name) for name, column in PERSON_COLUMNS.items()}
            person["id"] = next(all_person_ids)
            person["household_id"] = household_id
            person["normalized_name"] = normalise(f"{draft.first_name} {draft.last_name}")
            persons.append(person)
            ids.append(person["id"])
        person_ids.append(ids)
    db.insert(Household, households, label="households")
    db.insert(Person, persons, label="persons")
    references.save(years)
    return Batch(cases=cases, household_ids=household_ids, person_ids=person_ids)


def write_status_changes(db: BulkInserter, batch: Batch) -> None:
    """The status history a transition would have written, step by step."""
    rows = []
    for household_id, case in zip(batch.household_ids, batch.cases, strict=True):
        previous = ""
        for status, day, source in case.steps:
            off_line = status in ("withdrawn", "on_hold")
            rows.append(
                {
                    "household_id": household_id,
                    "from_status": previous,
                    "to_status": status,
                    "occurred_on": day,
                    "reason": case.withdrawal_reason if status == "withdrawn" else "",
                    "comment": case.status_comment if off_line else "",
                    "source": source,
                    "changed_by_id": case.social_worker,
                }
            )
            previous = status
    db.insert(StatusChange, rows, label="status changes")

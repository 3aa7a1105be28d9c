"""Dating the last contact of households registered before it was kept.

The households migration gave each one a first estimate from its own rows (the referral and
the steps reached); this reads every kind of contact the apps above record and moves the
date forward where one is later. Run once after deploying (`manage.py
retention_backfill_contacts`); running it again changes nothing.
"""

from django.db import transaction
from django.db.models import Max

from core.ids import AmongIds
from funding.selectors import ACTIVITY_SOURCES
from households.services import household_mark_contact
from mobility_plans.models import MobilityPlan
from partners.models import Referral

# Contacts beside the activities that count for a grant: (rows, path to the household, date).
OTHER_CONTACTS = (
    (MobilityPlan.objects.all, "household", "signed_on"),
    (Referral.objects.all, "household", "visit_or_interview_on"),
)


def latest_contacts(household_ids=None) -> dict[int, object]:
    """{household id: its latest contact}, of these households only when given: one grouped
    query per kind of contact."""
    latest: dict[int, object] = {}
    if household_ids is not None and not household_ids:
        return latest
    for rows, household_path, date_path in (*ACTIVITY_SOURCES, *OTHER_CONTACTS):
        selected = rows()
        if household_ids is not None:
            selected = selected.filter(AmongIds(household_path, household_ids))
        grouped = (
            selected.exclude(**{f"{date_path}__isnull": True})
            .order_by()
            .values(household_path)
            .annotate(last=Max(date_path))
            .values_list(household_path, "last")
        )
        for household_id, last in grouped:
            if household_id not in latest or last > latest[household_id]:
                latest[household_id] = last
    return latest


@transaction.atomic
def last_contacts_backfill() -> int:
    """Move each household's last contact forward to its latest recorded contact; returns how
    many households were looked at. Forward only (household_mark_contact)."""
    latest = latest_contacts()
    for household_id, last in latest.items():
        household_mark_contact(household_id=household_id, on=last)
    return len(latest)

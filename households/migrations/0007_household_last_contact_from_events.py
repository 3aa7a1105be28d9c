"""Date the last contact of the households registered before it was kept.

A first estimate from this app's own rows: the referral and every step the household reached
(each reached by a workshop, an interview, a plan, the move or a follow-up). Withdrawals,
holds and closings are decisions about the case, not contacts, so they are left out. The
events of the apps above (an "other" interview, a referral to a partner…) are read by
`manage.py retention_backfill_contacts`, which only moves these dates forward.
"""

from django.db import migrations
from django.db.models import Max, Q

NOT_CONTACTS = ("withdrawn", "closed", "on_hold")


def backfill(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    StatusChange = apps.get_model("households", "StatusChange")
    latest = dict(
        StatusChange.objects.filter(~Q(to_status__in=NOT_CONTACTS))
        .order_by()
        .values("household_id")
        .annotate(last=Max("occurred_on"))
        .values_list("household_id", "last")
    )
    for pk, referral_date in Household.objects.filter(last_contact_on__isnull=True).values_list(
        "pk", "referral_date"
    ):
        last = max(day for day in (referral_date, latest.get(pk)) if day is not None)
        Household.objects.filter(pk=pk).update(last_contact_on=last)


class Migration(migrations.Migration):
    dependencies = [("households", "0006_household_life_cycle")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

"""The two sections of a right-of-access file that are about the file rather than in it: the
change history of its records and who opened, exported or printed it (the access log).

Both are read with a fixed number of queries: one per history model, and one for the log.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from accounts.access_log import access_events_for
from core.history import history_rows
from followups.models import FollowUp
from funding.models import EligibilityEvidence
from households.models import Consent, Household, Person
from interviews.models import DiagnosticAssessment, Interview
from mobility_plans.models import MobilityPlan, PlanStep, PlanTarget, Relocation
from partners.models import Referral
from workshops.models import WorkshopRegistration

# The models of the file that keep a history, and how their history rows reach the household
# (for the whole file, removed rows included: a member removed is still in the history).
_HISTORY_PATHS = (
    (Household, "id"),
    (Person, "household_id"),
    (Consent, "household_id"),
    (Interview, "household_id"),
    (DiagnosticAssessment, ("interview_id", Interview)),
    (MobilityPlan, "household_id"),
    (PlanTarget, ("plan_id", MobilityPlan)),
    (PlanStep, ("plan_id", MobilityPlan)),
    (Referral, "household_id"),
    (Relocation, "household_id"),
    (FollowUp, "household_id"),
    (WorkshopRegistration, ("person_id", Person)),
    (EligibilityEvidence, ("person_id", Person)),
)

_TYPES = {"+": N_("created"), "~": N_("changed"), "-": N_("deleted")}


def _history_records(*, household, person, objects: dict) -> list:
    records = []
    for model, path in _HISTORY_PATHS:
        manager = getattr(model, "history", None)
        if manager is None:  # a model without a history yet
            continue
        if person is not None:
            # A person's file: the history of the rows in it, and of the household itself.
            ids = [obj.pk for obj in objects.get(model, [])]
            rows = manager.filter(id__in=ids)
        elif isinstance(path, str):
            rows = manager.filter(**{path: household.pk})
        else:
            column, parent = path
            parents = parent.history.filter(household_id=household.pk).values("id")
            rows = manager.filter(**{f"{column}__in": parents})
        records.extend(rows.select_related("history_user"))
    return records


def _describe(record) -> str:
    model = record.instance_type
    if model is Person:
        return f"{record.first_name} {record.last_name}"
    return f"{capfirst(str(model._meta.verbose_name))} #{record.id}"


def _user_name(user) -> str:
    if user is None:
        return _("system")
    return user.get_full_name() or user.username


def history_section(*, household, person, objects: dict) -> tuple[str, str, list[dict]]:
    """Every change recorded on the file's rows, newest first, notes and reasons included
    (only readers of free text produce the file)."""
    rows = history_rows(
        _history_records(household=household, person=person, objects=objects),
        include_notes=True,
        describe=_describe,
        limit=None,
    )
    records = [
        {
            "at": timezone.localtime(row["at"]),
            "by": _user_name(row["user"]),
            "action": _(_TYPES.get(row["type"], "changed")),
            "object": row["object"],
            "reason": row["reason"],
            "changes": [
                {"field": capfirst(str(c["field"])), "old": str(c["old"]), "new": str(c["new"])}
                for c in row["changes"]
            ],
        }
        for row in rows
    ]
    return "history", _("Change history"), records


def access_section(*, household, person) -> tuple[str, str, list[dict]]:
    """Who opened, exported or printed the file, newest first (the log keeps 12 months)."""
    if person is None:
        person_ids = list(
            # No ordering: the history's own (by date) would make DISTINCT keep every row.
            Person.history.filter(household_id=household.pk)
            .order_by()
            .values_list("id", flat=True)
            .distinct()
        )
        events = access_events_for(household_id=household.pk, person_ids=person_ids)
    else:
        # Pages of the household, and of this person, not of the other members.
        events = access_events_for(household_id=household.pk, person_ids=[person.pk]).filter(
            Q(person_id__isnull=True) | Q(person_id=person.pk)
        )
    records = [
        {
            "at": timezone.localtime(event.at),
            "by": _user_name(event.user) if event.user else event.username or _("system"),
            "action": event.get_action_display(),
            "subject": event.subject,
        }
        for event in events
    ]
    return "access_log", _("Who accessed the file"), records

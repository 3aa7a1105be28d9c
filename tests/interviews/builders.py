"""Interviews and plans built through the real services, shared by the two apps' tests."""

import datetime

from django.utils import timezone, translation
from django.utils.html import escape

from interviews import services
from interviews.models import Interview, Kind, Mode
from mobility_plans.models import Lever
from territories.models import Departement, Region


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def target_region(code: str = "53") -> Region:
    """Brittany by default: outside Île-de-France."""
    return Region.objects.get(code=code)


def record_interview(*, household, by, kind=Kind.OTHER, held_on=None, **extra) -> Interview:
    fields = {
        "duration_minutes": 60,
        "language": "français",
        "interpreter_used": False,
        "mode": Mode.IN_PERSON,
        "place": "",
        "notes": "",
    }
    fields.update(extra)
    return services.interview_record(
        household=household,
        by=by,
        kind=kind,
        held_on=held_on or days_ago(10),
        social_worker=fields.pop("social_worker", by),
        persons_present=fields.pop("persons_present", list(household.members.all())),
        **fields,
    )


def record_diagnostic(*, household, by, held_on=None, **extra) -> Interview:
    extra.setdefault("assessment", {"french_level": "A2", "willingness_to_move": "yes"})
    return record_interview(
        household=household, by=by, kind=Kind.DIAGNOSTIC, held_on=held_on or days_ago(20), **extra
    )


def plan_data(household, *, signed_on=None, steps=None, **overrides) -> dict:
    data = {
        "lever": Lever.EMPLOYMENT,
        "objectives": "Trouver un emploi de cariste à Rennes.",
        "persons": list(household.members.all()),
        "signed_on": signed_on,
        "targets": [
            {"region": target_region("53"), "departement": Departement.objects.get(code="35")},
            {"region": target_region("52"), "departement": None},
        ],
        "steps": steps
        if steps is not None
        else [
            {"action": "Mettre à jour le CV", "owner": "ménage", "due_on": None},
            {"action": "Contacter le bailleur", "owner": "TS", "due_on": None},
        ],
    }
    data.update(overrides)
    return data


def record_plan_interview(*, household, by, held_on=None, signed_on=None, **plan_overrides):
    """The plan interview with its plan; returns the plan."""
    interview = record_interview(
        household=household,
        by=by,
        kind=Kind.MOBILITY_PLAN,
        held_on=held_on or days_ago(10),
        plan=plan_data(household, signed_on=signed_on, **plan_overrides),
    )
    return interview.plan


def signed_plan(*, household, by):
    """A household taken to "plan signed" through both interviews."""
    record_diagnostic(household=household, by=by)
    return record_plan_interview(household=household, by=by, signed_on=days_ago(9))


def page_says(response, message: str) -> bool:
    """Whether the page shows the (English source) message in the page's own language."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = translation.gettext(message)
    return escape(expected) in response.content.decode()

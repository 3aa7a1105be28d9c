"""The right of access (GDPR article 15): everything the programme holds about a household, or
about one of its persons, gathered as one file to hand over as JSON or PDF.

Every kind of record is read with one query (plus one per many-to-many field), the rows they
point at are named with one query per model, and the change history with one query per model:
the number of queries is the same for a file of one interview or of fifty.

A person's own file keeps what concerns them: their own record and evidence, the interviews
they attended, the plans and moves they are part of, the referrals naming them (or the whole
household), and what belongs to the household as a whole (its details, consents, statuses).
Other members' records stay out of it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django_countries.fields import Country

from accounts.access import user_access
from followups.models import FollowUp
from funding.models import EligibilityEvidence
from households.models import Consent, Household, Person, StatusChange, WithdrawalReason
from interviews.models import DiagnosticAssessment, Interview
from mobility_plans.models import MobilityPlan, PlanStep, PlanTarget, Relocation
from partners.models import Referral
from workshops.models import WorkshopRegistration

from .subject_access_history import access_section, history_section

# Bookkeeping columns, not data about anyone (search keys, edit counters); the household link
# is the file itself. The scan is not handed over here: the list says whether one is kept.
_SKIPPED = frozenset(
    {"household", "search_text", "normalized_name", "version", "status_before_hold", "scan"}
)

# Fields whose model gives no label of its own (Django would print their English name);
# translated when the file is built, in its language.
_GENERIC_LABELS = {
    "created_by": N_("Entered by"),
    "created_at": N_("Entered at"),
    "updated_at": N_("Last changed at"),
    "recorded_by": N_("Entered by"),
    "recorded_at": N_("Entered at"),
    "withdrawn_by": N_("Withdrawn by"),
    "changed_by": N_("Changed by"),
    "from_status": N_("Previous status"),
    "to_status": N_("New status"),
    "reason": N_("Reason"),
    "comment": N_("Comment"),
    "source": N_("Source"),
    "registered_by": N_("Registered by"),
    "registered_at": N_("Registered at"),
    "attendance_recorded_by": N_("Attendance recorded by"),
    "attendance_recorded_at": N_("Attendance recorded at"),
}


# Codes kept without choices on the model: their labels come from these.
_CODE_LABELS = {(StatusChange, "reason"): WithdrawalReason}


@dataclass
class Section:
    """One kind of record of the file: its key (stable, for JSON readers) and its records."""

    key: str
    title: str
    records: list[dict] = field(default_factory=list)


@dataclass
class SubjectFile:
    household: Household
    person: Person | None
    generated_at: datetime.datetime
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def subject_access_allowed(*, user, household: Household) -> bool:
    """Who may hand a household its file: the social workers and coordinators of its site and
    the directors. Never auditors: the file holds every note written about the persons."""
    access = user_access(user)
    if not access.reads_free_text:
        return False
    return access.can_write_site(household.site_id) or access.is_director


def _sources(household: Household, person: Person | None) -> list[tuple[str, object, tuple]]:
    """(key, queryset, many-to-many fields) of each kind of record, in the file's order."""
    hid = household.pk
    members = Person.objects.filter(household_id=hid)
    interviews = Interview.objects.filter(household_id=hid)
    plans = MobilityPlan.objects.filter(household_id=hid)
    relocations = Relocation.objects.filter(household_id=hid)
    referrals = Referral.objects.filter(household_id=hid)
    if person is not None:
        members = members.filter(pk=person.pk)
        interviews = interviews.filter(persons_present=person)
        plans = plans.filter(persons=person)
        relocations = relocations.filter(persons=person)
        # A referral naming nobody in particular was made for the whole household.
        referrals = referrals.filter(Q(persons=person) | Q(persons__isnull=True)).distinct()
    return [
        ("household", Household.objects.filter(pk=hid), ()),
        ("persons", members, ()),
        ("consents", Consent.objects.filter(household_id=hid), ()),
        ("status_changes", StatusChange.objects.filter(household_id=hid), ()),
        ("interviews", interviews, ("persons_present",)),
        (
            "assessments",
            DiagnosticAssessment.objects.filter(interview__in=interviews.values("pk")),
            (),
        ),
        ("plans", plans, ("persons",)),
        ("targets", PlanTarget.objects.filter(plan__in=plans.values("pk")), ()),
        ("steps", PlanStep.objects.filter(plan__in=plans.values("pk")), ()),
        ("referrals", referrals, ("persons",)),
        ("relocations", relocations, ("persons",)),
        ("followups", FollowUp.objects.filter(relocation__in=relocations.values("pk")), ()),
        ("workshops", WorkshopRegistration.objects.filter(person__in=members.values("pk")), ()),
        ("evidence", EligibilityEvidence.objects.filter(person__in=members.values("pk")), ()),
    ]


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "?"


# How a row of the file is named where another row points at it, without a query: the names
# of other tables' rows (users, partners, places) are read by _external_names.
_OWN_NAMES: dict[type, Callable[[Model], str]] = {
    Household: lambda o: o.reference,
    Person: lambda o: o.full_name,
    Interview: lambda o: f"{o.get_kind_display()} ({_date(o.held_on)})",
    MobilityPlan: lambda o: f"{o.get_lever_display() or '—'} · {o.get_status_display()}",
    Relocation: lambda o: f"{o.commune or '—'} ({_date(o.moved_on)})",
}


def _title(obj, names: dict) -> str:
    """The heading of a record in the file."""
    model = type(obj)
    if model in _OWN_NAMES:
        return _OWN_NAMES[model](obj)

    def name(attname):
        pk = getattr(obj, attname)
        related = model._meta.get_field(attname.removesuffix("_id")).related_model
        return names.get((related, pk), "—") if pk is not None else "—"

    if isinstance(obj, Consent):
        return obj.get_scope_display()
    if isinstance(obj, StatusChange):
        return f"{obj.get_to_status_display()} ({_date(obj.occurred_on)})"
    if isinstance(obj, DiagnosticAssessment):
        return name("interview_id")
    if isinstance(obj, PlanTarget):
        return name("departement_id") if obj.departement_id else name("region_id")
    if isinstance(obj, Referral):
        return f"{name('partner_id')} ({_date(obj.sent_on)})"
    if isinstance(obj, FollowUp):
        return f"{obj.label} ({_date(obj.due_on)})"
    if isinstance(obj, WorkshopRegistration):
        return f"{name('person_id')} · {name('workshop_id')}"
    return str(obj)  # plan steps and evidence name themselves from their own columns


def _label(model, model_field) -> str:
    """The field's label in the file's language, from the model or, if it has none, ours."""
    label = str(model_field.verbose_name)
    if label == model_field.name.replace("_", " ") and model_field.name in _GENERIC_LABELS:
        label = _(_GENERIC_LABELS[model_field.name])
    return capfirst(label)


def _value(obj, model_field, names: dict):
    """What the field says, as a reader understands it: choices and rows by their names."""
    if model_field.is_relation:
        pk = getattr(obj, model_field.attname)
        if pk is None:
            return None
        return names.get((model_field.related_model, pk), f"#{pk}")
    raw = getattr(obj, model_field.attname)
    if isinstance(raw, Country):
        return str(raw.name) if raw.code else None
    if raw in (None, ""):
        return None
    codes = _CODE_LABELS.get((type(obj), model_field.name))
    if codes is not None:
        return str(dict(codes.choices).get(raw, raw))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if isinstance(raw, datetime.datetime):
        return timezone.localtime(raw)
    return raw


def _record(obj, names: dict, m2m: tuple) -> dict:
    model = type(obj)
    fields = {}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name in _SKIPPED:
            continue
        fields[_label(model, model_field)] = _value(obj, model_field, names)
    for name in m2m:
        m2m_field = model._meta.get_field(name)
        fields[capfirst(str(m2m_field.verbose_name))] = [
            _OWN_NAMES[Person](p) for p in getattr(obj, name).all()
        ]
    if isinstance(obj, EligibilityEvidence):
        fields[_("Scan kept")] = bool(obj.scan)
    return {"id": obj.pk, "title": _title(obj, names), "fields": fields}


def _external_names(objects: list) -> dict:
    """{(model, pk): name} of the rows outside the file that its records point at (users,
    sites, partners, offers, places, workshops): one query per model."""
    wanted: dict[type, set] = {}
    for obj in objects:
        for model_field in type(obj)._meta.concrete_fields:
            if not model_field.is_relation or model_field.related_model in _OWN_NAMES:
                continue
            pk = getattr(obj, model_field.attname)
            if pk is not None:
                wanted.setdefault(model_field.related_model, set()).add(pk)
    names = {}
    for model, pks in wanted.items():
        for row in model._default_manager.filter(pk__in=pks):
            names[(model, row.pk)] = str(row)
    return names


def _section_title(key: str, model) -> str:
    if key == "household":
        return capfirst(str(model._meta.verbose_name))
    return capfirst(str(model._meta.verbose_name_plural))


def subject_file_build(*, household: Household, person: Person | None = None) -> SubjectFile:
    """The household's whole file (or one person's), labelled in French for its reader.

    The caller has checked that the user may produce it (subject_access_allowed) and records
    the access. Labels are in French whatever language the requester uses the app in.
    """
    with translation.override("fr"):
        fetched = []
        for key, queryset, m2m in _sources(household, person):
            if m2m:
                queryset = queryset.prefetch_related(*m2m)
            fetched.append((key, queryset.model, list(queryset), m2m))
        names = {
            (type(obj), obj.pk): _OWN_NAMES[type(obj)](obj)
            for _key, model, objects, _m2m in fetched
            if model in _OWN_NAMES
            for obj in objects
        }
        names.update(_external_names([obj for entry in fetched for obj in entry[2]]))
        sections = [
            Section(
                key=key,
                title=_section_title(key, model),
                records=[_record(obj, names, m2m) for obj in objects],
            )
            for key, model, objects, m2m in fetched
        ]
        objects_by_model = {model: objects for _key, model, objects, _m2m in fetched}
        for key, title, records in (
            history_section(household=household, person=person, objects=objects_by_model),
            access_section(household=household, person=person),
        ):
            sections.append(Section(key=key, title=title, records=records))
        return SubjectFile(
            household=household,
            person=person,
            generated_at=timezone.localtime(),
            sections=sections,
        )

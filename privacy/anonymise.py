"""Anonymising a household: erase what identifies its members, keep every figure exact.

Erased: the members' names (replaced by "Personne 1", "Personne 2"…), birth dates, permit
expiry dates and nationalities; every free-text field of the household and of its persons,
status changes, interviews and their diagnostic assessments, plans and their steps,
relocations (destination commune included), referrals, follow-ups and eligibility evidence
(the document number); the scans of the evidence, from the storage too; and every row of the
change history of those objects, which holds the same text as it was typed.

Kept, because the indicators and the funds' controls read them: the reference, site, dates
of every event, statuses and their reasons (codes), protection status, sex, relation to the
head and the other coded situations (French level, education, employment, licence), the
regions and départements of the plans and moves, follow-up outcomes, consents (scope and
dates) and the evidence's kind and validity dates (eligibility for a grant reads them). The
imported case number stays so that importing the same archive again creates no new file.
"""

import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import user_access
from accounts.access_log import access_log_record
from core.dates import today
from core.rules import RuleError
from core.text import normalise
from followups.models import FollowUp
from funding.models import EligibilityEvidence
from households.models import Consent, Household, Person, StatusChange
from households.services import household_milestones_changed
from interviews.models import DiagnosticAssessment, Interview
from mobility_plans.models import MobilityPlan, PlanStep, PlanTarget, Relocation
from partners.models import Referral
from workshops.models import WorkshopRegistration

from .retention import grant_holds

# What stands in a required text field once erased.
ERASED = "—"
# The first name of every anonymised member, followed by their number in the household: data
# kept in the database, so one language whatever the language of the run.
ANONYMOUS_FIRST_NAME = "Personne"

# The free-text fields erased on each model (tests check no TextField is left out).
FREE_TEXT: dict[type[Model], tuple[str, ...]] = {
    Household: ("commune", "status_comment", "mobility_wishes", "constraints"),
    Person: ("languages", "occupation", "skills"),
    StatusChange: ("comment",),
    Interview: ("language", "place", "notes"),
    DiagnosticAssessment: (
        "housing_difficulties",
        "employment_difficulties",
        "health_constraints",
        "children_schooling",
        "family_ties",
        "mobility",
        "debts",
        "benefits",
        "places_comment",
    ),
    MobilityPlan: ("objectives", "abandon_reason"),
    PlanStep: ("action", "owner"),
    Relocation: ("commune", "job_or_training", "idf_override_reason"),
    Referral: ("shared_information", "refusal_reason", "outcome_comment"),
    FollowUp: ("difficulties", "next_actions"),
    EligibilityEvidence: ("number",),
}
# Also erased on persons, beside their free text.
PERSON_IDENTITY = {"birth_date": None, "permit_expiry": None, "nationality": ""}


class ErasureRefused(RuleError):
    """The household cannot be anonymised now; nothing was changed."""


def _erased(model: type[Model], names) -> dict:
    return {name: "" if model._meta.get_field(name).blank else ERASED for name in names}


def _history_model(model: type[Model]):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def _ids(model: type[Model], **lookup) -> set[int]:
    """The pks of the rows matching `lookup`, today's and those only the history remembers
    (a member removed, an interview deleted)."""
    ids = set(model.objects.filter(**lookup).values_list("pk", flat=True))
    history = _history_model(model)
    if history is not None:
        ids |= set(history.objects.filter(**lookup).values_list(model._meta.pk.attname, flat=True))
    return ids


def household_rows(household_id: int) -> dict[type[Model], set[int]]:
    """Every row about the household, by model: what anonymising touches."""
    persons = _ids(Person, household_id=household_id)
    interviews = _ids(Interview, household_id=household_id)
    plans = _ids(MobilityPlan, household_id=household_id)
    return {
        Household: {household_id},
        Person: persons,
        Consent: _ids(Consent, household_id=household_id),
        StatusChange: _ids(StatusChange, household_id=household_id),
        Interview: interviews,
        DiagnosticAssessment: _ids(DiagnosticAssessment, interview_id__in=interviews),
        MobilityPlan: plans,
        PlanTarget: _ids(PlanTarget, plan_id__in=plans),
        PlanStep: _ids(PlanStep, plan_id__in=plans),
        Relocation: _ids(Relocation, household_id=household_id),
        Referral: _ids(Referral, household_id=household_id),
        FollowUp: _ids(FollowUp, household_id=household_id),
        WorkshopRegistration: _ids(WorkshopRegistration, person_id__in=persons),
        EligibilityEvidence: _ids(EligibilityEvidence, person_id__in=persons),
    }


def _evidence_files(evidence_ids: set[int]) -> set[str]:
    names = set(
        EligibilityEvidence.objects.filter(pk__in=evidence_ids).values_list("scan", flat=True)
    )
    names |= set(
        EligibilityEvidence.history.filter(id__in=evidence_ids).values_list("scan", flat=True)
    )
    return {name for name in names if name}


def _delete_files(names: set[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _erase_persons(household: Household, person_ids: set[int]) -> None:
    # UPDATEs rather than save(): a save would write a new history row with the old values'
    # neighbours, and the names are replaced one by one to keep the members apart.
    values = _erased(Person, FREE_TEXT[Person]) | PERSON_IDENTITY
    for number, pk in enumerate(sorted(person_ids), start=1):
        first, last = ANONYMOUS_FIRST_NAME, str(number)
        Person.objects.filter(pk=pk).update(
            first_name=first, last_name=last, normalized_name=normalise(f"{first} {last}"), **values
        )


@transaction.atomic
def household_anonymise(*, household: Household, reason: str, by=None, request=None) -> Household:
    """Erase what identifies the household's members (see the module's docstring), for good.

    Checks nothing: callers decide it is due (retention_apply, household_erase_on_request).
    The scans leave the storage once the transaction is committed. One AccessEvent
    "anonymise" says who did it and why (`reason`: "retention" or "request").
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    rows = household_rows(household.pk)
    files = _evidence_files(rows[EligibilityEvidence])
    _erase_persons(household, rows[Person])
    for model, names in FREE_TEXT.items():
        if model is not Person:
            model.objects.filter(pk__in=rows[model]).update(**_erased(model, names))
    EligibilityEvidence.objects.filter(pk__in=rows[EligibilityEvidence]).update(scan="")
    for model, ids in rows.items():
        history = _history_model(model)
        if history is not None:
            history.objects.filter(**{f"{model._meta.pk.attname}__in": ids}).delete()
    now = timezone.now()
    Household.objects.filter(pk=household.pk).update(
        search_text=normalise(household.reference),
        anonymised_at=now,
        archived_at=Coalesce("archived_at", now),
    )
    # Dates, statuses and sites are kept, so the milestone row is the same; recomputed all
    # the same from what is left, which the tests compare with the figures from the events.
    household_milestones_changed(household_ids=[household.pk])
    transaction.on_commit(lambda: _delete_files(files))
    access_log_record(
        action="anonymise",
        request=request,
        user=by,
        household_id=household.pk,
        subject=f"household:{household.pk}:{reason}"[:60],
    )
    household.refresh_from_db()
    return household


def erasure_refusal(household: Household, on: datetime.date | None = None) -> str:
    """Why the household cannot be erased on request now, or "" when it can."""
    if household.anonymised_at is not None:
        return _("This household is already anonymised.")
    holds = grant_holds(household, on or today())
    if not holds:
        return ""
    reasons = [
        _("The household cannot be anonymised yet: a grant that funded it keeps its records.")
    ]
    for hold in holds:
        if hold.until is None:
            reasons.append(
                _(
                    "Grant %(grant)s: not finally paid yet, its records are kept five years "
                    "after the end of the year of its final payment."
                )
                % {"grant": hold.grant.agreement_reference}
            )
        else:
            reasons.append(
                _("Grant %(grant)s: its records are kept until %(date)s.")
                % {
                    "grant": hold.grant.agreement_reference,
                    "date": date_format(hold.until, "SHORT_DATE_FORMAT"),
                }
            )
    return " ".join(reasons)


def household_erase_on_request(*, household: Household, by, request=None) -> Household:
    """Anonymise the household at once, at its members' request (a director's decision).

    Refused, with the reason and nothing changed, while a grant that funded it keeps its
    records, or when it is already anonymised.
    """
    if not user_access(by).is_director:
        raise ErasureRefused(_("Only a director can anonymise a household on request."))
    refusal = erasure_refusal(household)
    if refusal:
        raise ErasureRefused(refusal)
    return household_anonymise(household=household, reason="request", by=by, request=request)

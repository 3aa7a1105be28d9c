"""Every write on interviews.

An interview is an event of the programme: recording one moves the household along the funnel
(forward only) through the households service, in the same transaction, so that an interview
never exists without the step it proves — and a refused step leaves no interview behind.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import check_social_worker_of_site
from core.dates import today
from core.history import history_baseline, save_with_m2m
from core.rules import RuleError, check_fields, check_members
from core.versioning import version_claim
from households.funnel import household_reach_step
from households.models import Household, Status
from households.services import household_mark_contact
from households.transitions import TransitionError
from mobility_plans.services import PlanRuleError, plan_create

from .models import DiagnosticAssessment, Interview, Kind
from .signals import interview_recorded

INTERVIEW_FIELDS = (
    "duration_minutes",
    "language",
    "interpreter_used",
    "mode",
    "place",
    "notes",
)

# What a correction may change: everything but the household and the kind (another kind is
# another event, recorded on its own).
CORRECTABLE_FIELDS = ("held_on", "social_worker", *INTERVIEW_FIELDS)


class InterviewRuleError(RuleError):
    """A business rule refused the interview; nothing was written."""


def household_has_diagnostic(*, household: Household, on_or_before: datetime.date) -> bool:
    """Whether a diagnostic interview (interview 1) was held on or before that date."""
    return Interview.objects.filter(
        household=household, kind=Kind.DIAGNOSTIC, held_on__lte=on_or_before
    ).exists()


def _check_date(household: Household, held_on: datetime.date) -> None:
    if held_on > today():
        raise InterviewRuleError(_("An interview cannot be dated in the future."))
    if held_on < household.referral_date:
        raise InterviewRuleError(_("An interview cannot be dated before the referral."))


@transaction.atomic
def interview_record(
    *,
    household: Household,
    by,
    kind: str,
    held_on: datetime.date,
    social_worker,
    persons_present=(),
    assessment: dict | None = None,
    plan: dict | None = None,
    **fields,
) -> Interview:
    """Record an interview and move the household forward.

    - diagnostic: stores the structured assessment and moves the household to "diagnosed";
    - mobility plan: refused unless a diagnostic was held on or before that day; builds the
      mobility plan from `plan` (see mobility_plans.services.plan_create), which moves the
      household to "plan signed" when the plan carries a signature date;
    - other: a follow-up talk or phone call, no step.

    Raises InterviewRuleError or PlanRuleError with a readable message; nothing is written then.
    """
    check_fields(fields, INTERVIEW_FIELDS)
    if kind not in Kind.values:
        raise InterviewRuleError(_("Choose the kind of interview."))
    # Lock the household so that two interviews recorded at once see each other.
    household = Household.objects.select_for_update().get(pk=household.pk)
    persons_present = list(persons_present)
    _check_date(household, held_on)
    check_social_worker_of_site(
        social_worker=social_worker, site=household.site, error=InterviewRuleError
    )
    check_members(
        household,
        persons_present,
        error=InterviewRuleError,
        message=_("Only members of the household can be present."),
    )
    if kind == Kind.MOBILITY_PLAN:
        if not household_has_diagnostic(household=household, on_or_before=held_on):
            raise InterviewRuleError(
                _(
                    "The mobility plan interview needs a diagnostic interview first: "
                    "record the diagnostic (interview 1) before the plan (interview 2)."
                )
            )
        if plan is None:
            raise InterviewRuleError(_("The mobility plan interview must build a plan."))

    interview = Interview(
        household=household,
        kind=kind,
        held_on=held_on,
        social_worker=social_worker,
        created_by=by,
        **fields,
    )
    save_with_m2m(interview, {"persons_present": persons_present}, by=by)
    household_mark_contact(household_id=household.pk, on=held_on)

    if kind == Kind.DIAGNOSTIC:
        DiagnosticAssessment.objects.create(interview=interview, **(assessment or {}))
        try:
            household_reach_step(
                household=household,
                status=Status.DIAGNOSED,
                by=by,
                occurred_on=held_on,
                source="interview",
            )
        except TransitionError as error:
            raise InterviewRuleError(error.message) from error
    elif kind == Kind.MOBILITY_PLAN:
        try:
            plan_create(household=household, by=by, interview=interview, **plan)
        except PlanRuleError as error:
            raise InterviewRuleError(error.message) from error
    # The staff time of the interview (funding); a refusal there undoes the interview.
    interview_recorded.send(sender=Interview, interview=interview, by=by)
    return interview


def _check_new_date(interview: Interview, held_on: datetime.date) -> None:
    """A corrected date keeps the two interviews in order: every plan interview still has a
    diagnostic on or before it, and a plan is never signed before its interview."""
    household = interview.household
    if interview.kind == Kind.DIAGNOSTIC:
        others = household.interviews.filter(kind=Kind.DIAGNOSTIC).exclude(pk=interview.pk)
        first = min([held_on, *others.values_list("held_on", flat=True)])
        if household.interviews.filter(kind=Kind.MOBILITY_PLAN, held_on__lt=first).exists():
            raise InterviewRuleError(
                _("The diagnostic cannot be dated after the plan interview that follows it.")
            )
    elif interview.kind == Kind.MOBILITY_PLAN:
        if not household_has_diagnostic(household=household, on_or_before=held_on):
            raise InterviewRuleError(
                _("The plan interview cannot be dated before the diagnostic interview.")
            )
        plan = getattr(interview, "plan", None)
        if plan is not None and plan.signed_on and plan.signed_on < held_on:
            raise InterviewRuleError(
                _("The plan interview cannot be dated after the plan was signed.")
            )


@transaction.atomic
def interview_correct(
    *,
    interview: Interview,
    by,
    expected_version: int,
    reason: str,
    persons_present=(),
    assessment: dict | None = None,
    **fields,
) -> Interview:
    """Correct a saved interview: its date, who held it and who was there, how long, what was
    said (notes, the diagnostic's assessment); never its kind.

    Refused with StaleEditError when someone saved it since the form was opened. The history
    keeps the values before, who corrected them and why (`reason`, required). A new date keeps
    the interviews in order (see _check_new_date); the household's "diagnosed" step, when this
    diagnostic dated it, moves with it, and the staff time follows (interview_recorded).
    Raises InterviewRuleError with a readable message; nothing is written then.
    """
    check_fields(fields, CORRECTABLE_FIELDS)
    reason = reason.strip()
    if not reason:
        raise InterviewRuleError(_("Say why the interview is corrected."))
    household = Household.objects.select_for_update().get(pk=interview.household_id)
    interview = (
        Interview.objects.select_for_update().select_related("household").get(pk=interview.pk)
    )
    version_claim(Interview, interview, expected_version)
    old_date = interview.held_on
    held_on = fields.get("held_on", old_date)
    persons_present = list(persons_present)
    _check_date(household, held_on)
    if held_on != old_date:
        _check_new_date(interview, held_on)
    worker = fields.get("social_worker", interview.social_worker)
    if worker != interview.social_worker:
        check_social_worker_of_site(
            social_worker=worker, site=household.site, error=InterviewRuleError
        )
    check_members(
        household,
        persons_present,
        error=InterviewRuleError,
        message=_("Only members of the household can be present."),
    )

    history_baseline([interview], at=interview.created_at, by=interview.created_by)
    # One history record for the correction, holding the new persons present too.
    interview.skip_history_when_saving = True
    interview.persons_present.set(persons_present)
    del interview.skip_history_when_saving
    for name, value in fields.items():
        setattr(interview, name, value)
    interview._history_user, interview._change_reason = by, reason
    interview.save()

    if interview.kind == Kind.DIAGNOSTIC and assessment is not None:
        row = DiagnosticAssessment.objects.filter(interview=interview).first()
        if row is None:
            row = DiagnosticAssessment(interview=interview)
        else:
            history_baseline([row], at=interview.created_at, by=interview.created_by)
        for name, value in assessment.items():
            setattr(row, name, value)
        row._history_user, row._change_reason = by, reason
        row.save()
    if interview.kind == Kind.DIAGNOSTIC and held_on != old_date:
        # The step this diagnostic dated moves with it, so the funnel's dates stay true.
        household.status_changes.filter(
            to_status=Status.DIAGNOSED, source="interview", occurred_on=old_date
        ).update(occurred_on=held_on)
    # The staff time follows the date, worker and duration; a locked timesheet refuses it.
    interview_recorded.send(sender=Interview, interview=interview, by=by)
    return interview

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
from core.rules import RuleError, check_fields, check_members
from households.models import Household, Status
from households.services import household_reach_step
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

    interview = Interview.objects.create(
        household=household,
        kind=kind,
        held_on=held_on,
        social_worker=social_worker,
        created_by=by,
        **fields,
    )
    interview.persons_present.set(persons_present)

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

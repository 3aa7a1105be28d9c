"""Every write on mobility plans, their steps and the relocation that realises them.

A household has one active plan (draft or signed) at a time; abandoned and realised plans are
kept as history. Signing a plan and recording the move advance the household's funnel through
the households service, inside the same transaction as the plan's own change.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.access import user_access
from core.dates import today
from core.history import history_baseline, save_with_m2m
from core.rules import RuleError, check_members
from households.funnel import household_reach_step
from households.models import ENDED, Household, Status
from households.services import household_mark_contact
from households.transitions import TransitionError
from territories.models import ILE_DE_FRANCE_CODE

from .models import MobilityPlan, PlanStatus, PlanStep, PlanTarget, Relocation
from .signals import relocation_recorded


class PlanRuleError(RuleError):
    """A business rule refused the change; nothing was written."""


def _check_persons(household: Household, persons) -> None:
    check_members(
        household,
        persons,
        error=PlanRuleError,
        message=_("Only members of the household can be part of the plan."),
    )


def _check_targets(targets: list[dict]) -> None:
    if not targets:
        raise PlanRuleError(_("Give at least one target region."))
    for target in targets:
        region, departement = target["region"], target.get("departement")
        if region.pk == ILE_DE_FRANCE_CODE:
            raise PlanRuleError(_("A mobility plan targets a region outside Île-de-France."))
        if departement is not None and departement.region_id != region.pk:
            raise PlanRuleError(
                _("The département %(dep)s is not in the region %(region)s.")
                % {"dep": departement, "region": region}
            )


def _reach(household: Household, status: str, by, occurred_on, source: str) -> None:
    # A plan signed and a move are met with the household: both are contacts.
    household_mark_contact(household_id=household.pk, on=occurred_on)
    try:
        household_reach_step(
            household=household, status=status, by=by, occurred_on=occurred_on, source=source
        )
    except TransitionError as error:
        raise PlanRuleError(error.message) from error


def _locked_plan(plan: MobilityPlan) -> MobilityPlan:
    return MobilityPlan.objects.select_for_update().select_related("household").get(pk=plan.pk)


@transaction.atomic
def plan_create(
    *,
    household: Household,
    by,
    lever: str,
    targets: list[dict],
    persons=(),
    objectives: str = "",
    signed_on: datetime.date | None = None,
    steps: list[dict] = (),
    interview=None,
) -> MobilityPlan:
    """Create the household's mobility plan, with its target areas (in order of preference)
    and its first steps; a signature date signs it at once (see plan_sign).

    Refused while another plan of the household is still a draft or signed.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    persons = list(persons)
    _check_persons(household, persons)
    _check_targets(list(targets))
    if MobilityPlan.objects.active().filter(household=household).exists():
        raise PlanRuleError(
            _(
                "This household already has an active mobility plan. Abandon it (with a "
                "reason) or realise it before building a new one."
            )
        )
    plan = MobilityPlan(
        household=household,
        interview=interview,
        lever=lever,
        objectives=objectives,
        created_by=by,
    )
    try:
        with transaction.atomic():
            save_with_m2m(plan, {"persons": persons}, by=by)
    except IntegrityError as error:
        # Another plan was created at the same moment: the constraint kept only one.
        raise PlanRuleError(_("This household already has an active mobility plan.")) from error
    bulk_create_with_history(
        [
            PlanTarget(
                plan=plan,
                region=target["region"],
                departement=target.get("departement"),
                preference=rank,
            )
            for rank, target in enumerate(targets, start=1)
        ],
        PlanTarget,
        default_user=by,
    )
    bulk_create_with_history(
        [
            PlanStep(
                plan=plan,
                action=step["action"],
                owner=step.get("owner", ""),
                due_on=step.get("due_on"),
            )
            for step in steps
        ],
        PlanStep,
        default_user=by,
    )
    if signed_on:
        plan_sign(plan=plan, by=by, signed_on=signed_on)
    return plan


@transaction.atomic
def plan_sign(*, plan: MobilityPlan, by, signed_on: datetime.date) -> MobilityPlan:
    """Record the household's agreement: the plan becomes signed and the household reaches
    the "plan signed" step (forward only)."""
    given, plan = plan, _locked_plan(plan)
    if plan.status != PlanStatus.DRAFT:
        raise PlanRuleError(_("Only a draft plan can be signed."))
    if signed_on > today():
        raise PlanRuleError(_("A plan cannot be signed in the future."))
    if plan.interview_id and signed_on < plan.interview.held_on:
        raise PlanRuleError(_("A plan cannot be signed before the interview that built it."))
    plan.status = PlanStatus.SIGNED
    plan.signed_on = signed_on
    plan._history_user = by
    plan.save(update_fields=["status", "signed_on"])
    _reach(plan.household, Status.PLAN_SIGNED, by, signed_on, "mobility_plan")
    # Keep the caller's instance (and the interview's cached plan) in step with the row.
    given.status, given.signed_on = plan.status, plan.signed_on
    return plan


@transaction.atomic
def plan_abandon(
    *, plan: MobilityPlan, by, reason: str, abandoned_on: datetime.date | None = None
) -> MobilityPlan:
    """Abandon an active plan, with a reason; it stays in the household's history and a new
    plan may then be built."""
    plan = _locked_plan(plan)
    if not plan.is_active:
        raise PlanRuleError(_("Only a draft or signed plan can be abandoned."))
    if not reason.strip():
        raise PlanRuleError(_("Explain why the plan is abandoned."))
    abandoned_on = abandoned_on or today()
    if abandoned_on > today():
        raise PlanRuleError(_("A plan cannot be abandoned in the future."))
    plan.status = PlanStatus.ABANDONED
    plan.abandoned_on = abandoned_on
    plan.abandon_reason = reason.strip()
    plan._history_user = by
    plan.save(update_fields=["status", "abandoned_on", "abandon_reason"])
    return plan


@transaction.atomic
def plan_step_add(
    *, plan: MobilityPlan, by, action: str, owner: str = "", due_on: datetime.date | None = None
) -> PlanStep:
    """Add a step to an active plan."""
    plan = _locked_plan(plan)
    if not plan.is_active:
        raise PlanRuleError(_("Steps can only be added to a draft or signed plan."))
    if not action.strip():
        raise PlanRuleError(_("Describe the action."))
    step = PlanStep(plan=plan, action=action.strip(), owner=owner, due_on=due_on)
    step._history_user = by
    step.save()
    return step


@transaction.atomic
def plan_step_set_done(
    *, step: PlanStep, by, done: bool, done_on: datetime.date | None = None
) -> PlanStep:
    """Tick a step off (dated today unless told) or untick it."""
    step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
    if not step.plan.is_active:
        raise PlanRuleError(_("The steps of a realised or abandoned plan can no longer change."))
    history_baseline([step], at=step.plan.created_at, by=step.plan.created_by)
    step._history_user = by
    step.done_on = (done_on or today()) if done else None
    if step.done_on and step.done_on > today():
        raise PlanRuleError(_("A step cannot be done in the future."))
    step.save(update_fields=["done_on"])
    return step


@transaction.atomic
def relocation_record(
    *,
    plan: MobilityPlan,
    by,
    moved_on: datetime.date,
    commune: str,
    departement,
    lever_used: str,
    housing_obtained: str,
    job_or_training: str = "",
    persons=(),
    idf_override_reason: str = "",
    historical: bool = False,
) -> Relocation:
    """Record the move that realises a signed plan.

    The destination must lie outside Île-de-France, unless a coordinator of the household's
    site allows it with a reason. The plan becomes realised and the household "relocated", in
    one transaction; `relocation_recorded` lets the follow-ups schedule themselves from
    `moved_on` in that same transaction.

    `historical=True` says the move is entered as history (an import of past cases): its
    follow-ups already due are not work to do but facts not yet known, created as "not
    recorded (imported)" (followups/receivers.py). A move entered late by hand keeps the
    default: its follow-ups already due are late, and the work lists say so.
    """
    plan = _locked_plan(plan)
    household = plan.household
    if plan.status != PlanStatus.SIGNED:
        raise PlanRuleError(_("A relocation can only be recorded on a signed mobility plan."))
    if household.status == Status.ON_HOLD or household.status in ENDED:
        raise PlanRuleError(
            _("The household is %(status)s: resume its case before recording the move.")
            % {"status": household.get_status_display().lower()}
        )
    if moved_on > today():
        raise PlanRuleError(_("A move cannot be recorded before it happens."))
    if plan.signed_on and moved_on < plan.signed_on:
        raise PlanRuleError(_("The move cannot be dated before the plan was signed."))
    persons = list(persons)
    _check_persons(household, persons)
    if not persons:
        raise PlanRuleError(_("Tick who moved."))
    if departement.is_ile_de_france:
        if not user_access(by).coordinates_site(household.site_id):
            raise PlanRuleError(
                _(
                    "The destination must be outside Île-de-France. Only a coordinator can "
                    "allow a move within Île-de-France, with a reason."
                )
            )
        if not idf_override_reason.strip():
            raise PlanRuleError(_("Explain why this move within Île-de-France is allowed."))
    else:
        idf_override_reason = ""

    relocation = Relocation.objects.create(
        plan=plan,
        household=household,
        moved_on=moved_on,
        commune=commune.strip(),
        departement=departement,
        lever_used=lever_used,
        housing_obtained=housing_obtained,
        job_or_training=job_or_training,
        idf_override_reason=idf_override_reason.strip(),
        recorded_by=by,
    )
    relocation.persons.set(persons)
    plan.status = PlanStatus.REALISED
    plan._history_user = by
    plan.save(update_fields=["status"])
    _reach(household, Status.RELOCATED, by, moved_on, "relocation")
    # Follow-ups schedule their +1/+3/+6/+12-month visits (followups/receivers.py).
    relocation_recorded.send(sender=Relocation, relocation=relocation, by=by, historical=historical)
    return relocation

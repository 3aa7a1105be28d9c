"""Correcting a saved mobility plan: what may change, by whom, and the history it leaves.

A draft is still being drawn up: its writers correct all of it (lever, persons, targets,
objectives, steps). Once signed, the plan is what the household agreed to: the objectives and
the steps (the plan's living part) stay open to its social workers, while the agreement itself
(lever, persons who will move, target areas, signature date) changes only by a coordinator of
the household's site. A realised or abandoned plan is a record of the past and is not
corrected. Every correction needs a reason, kept in the history of each row it changed.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.dates import today
from core.history import history_baseline
from core.versioning import version_claim
from households.models import Status
from households.services import household_milestones_changed

from .models import MobilityPlan, PlanStatus, PlanTarget
from .services import PlanRuleError, _check_persons, _check_targets, _locked_plan


def plan_agreement_editable(*, plan: MobilityPlan, user) -> bool:
    """Whether the user may change the plan's lever, persons, targets (and signature date)."""
    return plan.status == PlanStatus.DRAFT or (
        plan.status == PlanStatus.SIGNED
        and user_access(user).coordinates_site(plan.household.site_id)
    )


def _save(row, by, reason: str, fields: dict) -> bool:
    """Write the fields that changed, with who and why in the history; False when none did."""
    changed = {name: value for name, value in fields.items() if getattr(row, name) != value}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(row, name, value)
    row._history_user, row._change_reason = by, reason
    row.save()
    return True


def _correct_targets(plan: MobilityPlan, targets: list[dict], by, reason: str) -> None:
    # Corrected in place, rank by rank, so that the history says what changed in each.
    current = list(plan.targets.order_by("preference", "id"))
    history_baseline(current, at=plan.created_at, by=plan.created_by)
    for rank, target in enumerate(targets, start=1):
        fields = {"region": target["region"], "departement": target.get("departement")}
        if rank <= len(current):
            _save(current[rank - 1], by, reason, {**fields, "preference": rank})
        else:
            row = PlanTarget(plan=plan, preference=rank, **fields)
            row._history_user, row._change_reason = by, reason
            row.save()
    for row in current[len(targets) :]:
        row._history_user, row._change_reason = by, reason
        row.delete()


def _correct_steps(plan: MobilityPlan, steps: list[dict], by, reason: str) -> None:
    rows = {step.pk: step for step in plan.steps.all()}
    history_baseline(list(rows.values()), at=plan.created_at, by=plan.created_by)
    for change in steps:
        step = rows.get(change["step_id"])
        if step is None:
            continue  # removed meanwhile: nothing left to correct
        if change.get("delete"):
            if step.is_done:
                raise PlanRuleError(_("A step already done cannot be removed: untick it first."))
            step._history_user, step._change_reason = by, reason
            step.delete()
            continue
        action = change["action"].strip()
        if not action:
            raise PlanRuleError(_("Describe the action."))
        _save(
            step,
            by,
            reason,
            {"action": action, "owner": change.get("owner", ""), "due_on": change.get("due_on")},
        )


def _correct_signature(plan: MobilityPlan, signed_on: datetime.date, by, reason: str) -> None:
    if signed_on > today():
        raise PlanRuleError(_("A plan cannot be signed in the future."))
    if plan.interview_id and signed_on < plan.interview.held_on:
        raise PlanRuleError(_("A plan cannot be signed before the interview that built it."))
    old = plan.signed_on
    plan.signed_on = signed_on
    # The "plan signed" step this signature dated moves with it: the funnel's dates stay true.
    plan.household.status_changes.filter(
        to_status=Status.PLAN_SIGNED, source="mobility_plan", occurred_on=old
    ).update(occurred_on=signed_on)
    household_milestones_changed(household_ids=[plan.household_id])


@transaction.atomic
def plan_correct(
    *,
    plan: MobilityPlan,
    by,
    expected_version: int,
    reason: str,
    objectives: str,
    steps: list[dict] = (),
    lever: str | None = None,
    persons=None,
    targets: list[dict] | None = None,
    signed_on: datetime.date | None = None,
) -> MobilityPlan:
    """Correct a draft or signed plan (see the module's rules).

    `steps` lists the corrections of existing steps ({"step_id", "action", "owner", "due_on",
    "delete"}); `lever`, `persons`, `targets` and `signed_on` left as None are kept. Refused
    with StaleEditError when someone corrected the plan since the form was opened, with
    PlanRuleError otherwise; nothing is written then.
    """
    reason = reason.strip()
    if not reason:
        raise PlanRuleError(_("Say why the plan is corrected."))
    plan = _locked_plan(plan)
    if not plan.is_active:
        raise PlanRuleError(_("A realised or abandoned plan can no longer be corrected."))
    version_claim(MobilityPlan, plan, expected_version)
    history_baseline([plan], at=plan.created_at, by=plan.created_by)

    current_persons = list(plan.persons.all())
    agreement_changed = (
        (lever is not None and lever != plan.lever)
        or (persons is not None and set(persons) != set(current_persons))
        or (targets is not None and targets != _targets_of(plan))
        or (signed_on is not None and signed_on != plan.signed_on)
    )
    if agreement_changed and not plan_agreement_editable(plan=plan, user=by):
        raise PlanRuleError(
            _(
                "The plan is signed: only a coordinator of the site can change what the "
                "household agreed to (lever, persons who will move, target areas, signature "
                "date). The objectives and the steps can still be corrected."
            )
        )
    if signed_on is not None and plan.status == PlanStatus.DRAFT:
        raise PlanRuleError(_("Sign the plan from its page: a draft has no signature date."))

    if persons is not None:
        persons = list(persons)
        _check_persons(plan.household, persons)
        if not persons:
            raise PlanRuleError(_("Tick at least one person who will move."))
        if set(persons) != set(current_persons):
            # One history record for the correction, holding the new persons too.
            plan.skip_history_when_saving = True
            plan.persons.set(persons)
            del plan.skip_history_when_saving
    if targets is not None:
        targets = list(targets)
        _check_targets(targets)
        _correct_targets(plan, targets, by, reason)
    if signed_on is not None and signed_on != plan.signed_on:
        _correct_signature(plan, signed_on, by, reason)
    if lever is not None:
        plan.lever = lever
    plan.objectives = objectives
    plan._history_user, plan._change_reason = by, reason
    plan.save()
    _correct_steps(plan, list(steps), by, reason)
    return plan


def _targets_of(plan: MobilityPlan) -> list[dict]:
    return [
        {"region": t.region, "departement": t.departement}
        for t in plan.targets.select_related("region", "departement").order_by("preference", "id")
    ]

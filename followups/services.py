"""Every write on follow-ups.

A relocation gets its follow-ups at +1, +3, +6 and +12 months (followups/receivers.py answers
mobility_plans' `relocation_recorded`). Recording the first follow-up moves the household to
"followed up". Closing the case is households.funnel.household_close, which the follow-ups
still scheduled hold back (followups/receivers.py answers `close_requested`). The daily digest
lives in digest.py.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.dates import add_months, today
from core.rules import RuleError, check_fields
from core.versioning import version_next
from households.funnel import household_reach_step
from households.models import Household, Status
from households.services import household_mark_contact
from households.transitions import TransitionError
from mobility_plans.models import Relocation

from .models import SCHEDULE_MONTHS, FollowUp, FollowUpStatus

# The fields a recorded follow-up carries, as the form hands them over.
OUTCOME_FIELDS = (
    "method",
    "housing_kept",
    "housing_kind",
    "employment",
    "in_training",
    "children_at_school",
    "health_insurance_opened",
    "family_benefits_opened",
    "employment_service_registered",
    "location",
    "difficulties",
    "next_actions",
)


class FollowupRuleError(RuleError):
    """A business rule refused the change; nothing was written."""


def _check_household_active(household: Household) -> None:
    if not household.is_active:
        raise FollowupRuleError(
            _("The household is %(status)s: its follow-ups can no longer change.")
            % {"status": household.get_status_display().lower()}
        )


def _locked(followup: FollowUp) -> FollowUp:
    return (
        FollowUp.objects.select_for_update()
        .select_related("household", "relocation")
        .get(pk=followup.pk)
    )


@transaction.atomic
def followups_schedule_for_relocation(
    *, relocation: Relocation, by, historical: bool = False
) -> list[FollowUp]:
    """Plan the follow-ups at +1, +3, +6 and +12 months after the move.

    For a move entered as history (`historical`), a follow-up whose date has already passed is
    created "not recorded (imported)": it is no work to do, never late and never missed; its
    outcome, when the archive gives it, is recorded (or marked missed) later. Follow-ups still
    ahead are scheduled as for any move.

    Idempotent: a relocation that already has follow-ups keeps them untouched (and an empty
    list comes back), so a replayed signal or a second call never doubles the schedule.
    """
    if FollowUp.objects.filter(relocation=relocation).exists():
        return []
    day = today()
    schedule = []
    for months in SCHEDULE_MONTHS:
        due_on = add_months(relocation.moved_on, months)
        passed = historical and due_on < day
        schedule.append(
            FollowUp(
                relocation=relocation,
                household_id=relocation.household_id,
                months_after=months,
                due_on=due_on,
                status=FollowUpStatus.NOT_RECORDED if passed else FollowUpStatus.SCHEDULED,
                created_by=by,
            )
        )
    return bulk_create_with_history(schedule, FollowUp, default_user=by)


def _check_due_on(relocation: Relocation, due_on: datetime.date) -> None:
    if due_on < relocation.moved_on:
        raise FollowupRuleError(_("A follow-up cannot be planned before the move."))


@transaction.atomic
def followup_add(*, household: Household, by, due_on: datetime.date) -> FollowUp:
    """Plan an extra follow-up after the household's latest relocation."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    _check_household_active(household)
    relocation = household.relocations.order_by("-moved_on", "-id").first()
    if relocation is None:
        raise FollowupRuleError(_("Follow-ups start once the move has been recorded."))
    _check_due_on(relocation, due_on)
    followup = FollowUp(relocation=relocation, household=household, due_on=due_on, created_by=by)
    followup._history_user = by
    followup.save()
    return followup


@transaction.atomic
def followup_reschedule(*, followup: FollowUp, by, due_on: datetime.date) -> FollowUp:
    """Move a scheduled follow-up to another date; a late one stops being late if moved ahead."""
    followup = _locked(followup)
    _check_household_active(followup.household)
    if not followup.is_open:
        raise FollowupRuleError(_("Only a scheduled follow-up can be moved to another date."))
    _check_due_on(followup.relocation, due_on)
    followup.due_on = due_on
    if due_on >= today():
        followup.marked_overdue_on = None
    version_next(FollowUp, followup, None)
    followup._history_user = by
    followup.save(update_fields=["due_on", "marked_overdue_on", "version", "updated_at"])
    return followup


@transaction.atomic
def followup_record(
    *,
    followup: FollowUp,
    by,
    done_on: datetime.date,
    expected_version: int | None = None,
    **outcome,
) -> FollowUp:
    """Record what the follow-up found; recording again corrects it.

    The first follow-up done moves the household to "followed up" (forward only). From the
    form, `expected_version` is the version it was opened on: StaleEditError when someone
    saved the follow-up since, and nothing is written.
    """
    check_fields(outcome, OUTCOME_FIELDS)
    followup = _locked(followup)
    version_next(FollowUp, followup, expected_version)
    _check_household_active(followup.household)
    if done_on > today():
        raise FollowupRuleError(_("A follow-up cannot be recorded before it happens."))
    if done_on < followup.relocation.moved_on:
        raise FollowupRuleError(_("A follow-up cannot be dated before the move."))
    if not outcome.get("method"):
        raise FollowupRuleError(_("Say how the follow-up was made."))
    if not outcome.get("housing_kept"):
        outcome["housing_kind"] = ""
    for name, value in outcome.items():
        setattr(followup, name, value)
    followup.status = FollowUpStatus.DONE
    followup.done_on = done_on
    followup.missed_on = None
    followup.recorded_by = by
    followup._history_user = by
    followup.save()
    household_mark_contact(household_id=followup.household_id, on=done_on)
    try:
        household_reach_step(
            household=followup.household,
            status=Status.FOLLOWED_UP,
            by=by,
            occurred_on=done_on,
            source="followup",
        )
    except TransitionError as error:
        raise FollowupRuleError(error.message) from error
    return followup


@transaction.atomic
def followup_mark_missed(
    *, followup: FollowUp, by, missed_on: datetime.date | None = None
) -> FollowUp:
    """The household could not be reached for this follow-up: it no longer counts as open.

    `missed_on` (default today) is the day it was found unreachable: never in the future,
    never before the move. It may precede the due date (a household that moved away without
    an address is missed at once). A follow-up imported without its outcome may be marked
    missed when the archive says so.
    """
    followup = _locked(followup)
    _check_household_active(followup.household)
    if not followup.can_be_marked_missed:
        raise FollowupRuleError(_("Only a scheduled follow-up can be marked as missed."))
    missed_on = missed_on or today()
    if missed_on > today():
        raise FollowupRuleError(
            _("A follow-up cannot be marked as missed on a date still to come.")
        )
    if missed_on < followup.relocation.moved_on:
        raise FollowupRuleError(_("A follow-up cannot be dated before the move."))
    followup.status = FollowUpStatus.MISSED
    followup.missed_on = missed_on
    version_next(FollowUp, followup, None)
    followup._history_user = by
    followup.save(update_fields=["status", "missed_on", "version", "updated_at"])
    return followup

"""A household's moves along the funnel: a status change, a step reached by an event, the end
of a case.

Each move is atomic, locks the household's row and dates itself with a StatusChange, which the
indicators read. The rules of which status may follow which are in transitions.py; closing asks
the apps above what still keeps the case open (signals.close_requested). The shared refusals
come from services.py.
"""

import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import user_access
from core.dates import today

from .models import ENDED, Household, Status, StatusChange, WithdrawalReason
from .services import HouseholdRuleError, household_milestones_changed
from .signals import close_requested
from .transitions import (
    NEEDS_REASON,
    TransitionError,
    allowed_targets,
    check_transition,
    funnel_rank,
)


@transaction.atomic
def household_transition(
    *,
    household: Household,
    to_status: str,
    by,
    occurred_on: datetime.date | None = None,
    reason: str = "",
    comment: str = "",
    source: str = "manual",
) -> Household:
    """Move a household to another status if the funnel allows it, and date the move.

    Raises TransitionError (nothing written) for a move the funnel forbids, a withdrawal
    without a reason or a hold without an explanation.
    """
    locked = Household.objects.select_for_update().get(pk=household.pk)
    check_transition(
        status=locked.status, status_before_hold=locked.status_before_hold, to_status=to_status
    )
    occurred_on = occurred_on or today()
    if occurred_on > today():
        raise TransitionError(_("A status change cannot be dated in the future."))
    if occurred_on < locked.referral_date:
        raise TransitionError(_("A status change cannot be dated before the referral."))
    if to_status == Status.WITHDRAWN and reason not in WithdrawalReason.values:
        raise TransitionError(_("Choose the reason for the withdrawal."))
    if to_status == Status.ON_HOLD and not comment.strip():
        raise TransitionError(_("Explain why the household is put on hold."))

    from_status = locked.status
    if to_status == Status.ON_HOLD:
        locked.status_before_hold = from_status
    elif from_status == Status.ON_HOLD:
        locked.status_before_hold = ""
    locked.status = to_status
    locked.withdrawal_reason = reason if to_status == Status.WITHDRAWN else ""
    locked.status_comment = comment if to_status in NEEDS_REASON else ""
    locked._history_user = by
    locked.save(
        update_fields=[
            "status",
            "status_before_hold",
            "withdrawal_reason",
            "status_comment",
            "updated_at",
        ]
    )
    StatusChange.objects.create(
        household=locked,
        from_status=from_status,
        to_status=to_status,
        occurred_on=occurred_on,
        reason=reason,
        comment=comment,
        changed_by=by,
        source=source,
    )
    household_milestones_changed(household_ids=[household.pk])
    household.refresh_from_db()
    return household


@transaction.atomic
def household_reach_step(
    *, household: Household, status: str, by, occurred_on: datetime.date, source: str
) -> bool:
    """Move a household forward to a funnel step reached by an event (workshop, interview…).

    Does nothing, and says so by returning False, when the household is already at or past
    that step, on hold, withdrawn or closed: an event never moves a household backwards.
    The row is locked before reading its status, so two events recorded at the same moment
    (two coordinators taking attendance) cannot both try the same move.
    """
    current = Household.objects.select_for_update().only("status").get(pk=household.pk).status
    if current == Status.ON_HOLD or current in ENDED:
        return False
    if funnel_rank(current) >= funnel_rank(status):
        return False
    household_transition(
        household=household, to_status=status, by=by, occurred_on=occurred_on, source=source
    )
    return True


@transaction.atomic
def household_close(
    *, household: Household, by, reason: str = "", closed_on: datetime.date | None = None
) -> Household:
    """Close the household's case once nothing keeps it open.

    The apps above say what still does (`close_requested`: the follow-ups still scheduled).
    Closing is refused while anything does, unless a coordinator of the household's site
    closes it and says why (the reason is kept on the status change).

    `closed_on` (default today) dates the closing status change, which the figures of past
    years read: a case closed in 2019 is no longer open in 2020. Never in the future, never
    before the household's last status change (the move, a follow-up).
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    reason = reason.strip()
    closed_on = closed_on or today()
    if closed_on > today():
        raise HouseholdRuleError(_("A household cannot be closed on a date still to come."))
    last_change = household.status_changes.order_by("-occurred_on").first()
    if last_change is not None and closed_on < last_change.occurred_on:
        raise HouseholdRuleError(
            _("The household cannot be closed before %(date)s, the date of its last status change.")
            % {"date": date_format(last_change.occurred_on, "SHORT_DATE_FORMAT")}
        )
    blockers = [
        sentence
        for _receiver, sentences in close_requested.send(sender=Household, household=household)
        for sentence in sentences
    ]
    if blockers:
        if not user_access(by).coordinates_site(household.site_id):
            raise HouseholdRuleError(
                " ".join([*blockers, _("Only a coordinator can close it earlier, with a reason.")])
            )
        if not reason:
            raise HouseholdRuleError(
                _("Explain why the household is closed before its last follow-up.")
            )
    if Status.CLOSED not in allowed_targets(household.status, household.status_before_hold):
        raise HouseholdRuleError(
            _("Only a relocated or followed-up household can be closed here (it is %(status)s).")
            % {"status": household.get_status_display().lower()}
        )
    return household_transition(
        household=household,
        to_status=Status.CLOSED,
        by=by,
        occurred_on=closed_on,
        comment=reason,
        source="followup_close",
    )

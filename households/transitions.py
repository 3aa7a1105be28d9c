"""The rules of the funnel: which status may follow which.

Kept apart from the services so that forms and templates can ask "what may happen next?"
without importing code that writes.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import RuleError

from .models import ENDED, FUNNEL, Status

# Forward moves along the funnel. A household may skip the workshop: its first information
# can be the diagnostic interview itself.
FORWARD = {
    Status.REFERRED: {Status.INFORMED, Status.DIAGNOSED},
    Status.INFORMED: {Status.DIAGNOSED},
    Status.DIAGNOSED: {Status.PLAN_SIGNED},
    Status.PLAN_SIGNED: {Status.RELOCATED},
    Status.RELOCATED: {Status.FOLLOWED_UP, Status.CLOSED},
    Status.FOLLOWED_UP: {Status.CLOSED},
}

ACTIVE = frozenset(FUNNEL) - {Status.CLOSED}
NEEDS_REASON = frozenset({Status.WITHDRAWN, Status.ON_HOLD})


class TransitionError(RuleError):
    """An impossible move; its message is shown to the user as it is."""


def allowed_targets(status: str, status_before_hold: str = "") -> set[str]:
    """Every status the household may move to from where it stands."""
    if status == Status.ON_HOLD:
        targets = {Status.WITHDRAWN}
        if status_before_hold:
            targets.add(status_before_hold)
        return targets
    if status in ACTIVE:
        return set(FORWARD.get(status, set())) | {Status.WITHDRAWN, Status.ON_HOLD}
    return set()


def check_transition(*, status: str, status_before_hold: str, to_status: str) -> None:
    if to_status == status:
        raise TransitionError(_("The household already has this status."))
    if status in ENDED:
        raise TransitionError(
            _("This household is %(status)s: its status can no longer change.")
            % {"status": Status(status).label.lower()}
        )
    if status == Status.ON_HOLD and to_status not in allowed_targets(status, status_before_hold):
        raise TransitionError(
            _("A household on hold can only resume where it stopped or be withdrawn.")
        )
    if to_status not in allowed_targets(status, status_before_hold):
        raise TransitionError(
            _("A household cannot go from “%(from)s” to “%(to)s”: steps follow the funnel order.")
            % {"from": Status(status).label, "to": Status(to_status).label}
        )


def funnel_rank(status: str) -> int:
    """Position on the funnel; -1 for withdrawn and on hold, which are off the line."""
    try:
        return FUNNEL.index(status)
    except ValueError:
        return -1

"""What follow-ups do when a lower app announces an event or asks a question.

Each receiver only calls a service or a selector of this app.
"""

from django.dispatch import receiver

from households.signals import close_requested
from mobility_plans.signals import relocation_recorded

from .selectors import followups_blocking_close
from .services import followups_schedule_for_relocation


@receiver(relocation_recorded, dispatch_uid="followups_schedule_after_relocation")
def schedule_after_relocation(sender, *, relocation, by, historical=False, **kwargs):
    """A newly recorded relocation gets its +1/+3/+6/+12-month follow-ups, in its transaction;
    for a move entered as history, those already due come as "not recorded (imported)"."""
    followups_schedule_for_relocation(relocation=relocation, by=by, historical=historical)


@receiver(close_requested, dispatch_uid="followups_hold_back_closing")
def hold_back_closing(sender, *, household, **kwargs) -> list[str]:
    """A household with follow-ups still scheduled is not done yet."""
    return followups_blocking_close(household=household)

"""What follow-ups do when a lower app announces an event; each receiver only calls a service."""

from django.dispatch import receiver

from mobility_plans.signals import relocation_recorded

from .services import followups_schedule_for_relocation


@receiver(relocation_recorded, dispatch_uid="followups_schedule_after_relocation")
def schedule_after_relocation(sender, *, relocation, by, **kwargs):
    """A newly recorded relocation gets its +1/+3/+6/+12-month follow-ups, in its transaction."""
    followups_schedule_for_relocation(relocation=relocation, by=by)

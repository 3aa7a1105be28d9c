"""Receivers wired in FollowupsConfig.ready(); they hold no rule and only call a service."""


def schedule_after_relocation(sender, instance, created, raw=False, **kwargs):
    """A newly recorded relocation gets its +1/+3/+6/+12-month follow-ups."""
    if not created or raw:
        return
    from .services import followups_schedule_for_relocation

    followups_schedule_for_relocation(relocation=instance, by=instance.recorded_by)

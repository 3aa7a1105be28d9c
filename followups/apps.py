from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self):
        from django.db.models.signals import post_save

        from mobility_plans.models import Relocation

        from . import timeline  # noqa: F401  registers the follow-ups' timeline provider
        from .signals import schedule_after_relocation

        # The mobility_plans app records the move; the schedule is ours. Listening to the row's
        # creation keeps that app unaware of follow-ups, and the receiver runs inside
        # relocation_record's transaction, so the move and its schedule land together.
        post_save.connect(
            schedule_after_relocation,
            sender=Relocation,
            dispatch_uid="followups_schedule_after_relocation",
        )

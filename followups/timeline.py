"""The household timeline entries of follow-ups (one query)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from households.signals import timeline_requested
from households.timeline import TimelineEntry

from .models import FollowUpStatus


@receiver(timeline_requested, dispatch_uid="followups_timeline")
def followups_timeline(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    entries = []
    # Scheduled ones have not happened; imported ones without an outcome are no event either.
    quiet = (FollowUpStatus.SCHEDULED, FollowUpStatus.NOT_RECORDED)
    for followup in household.followups.exclude(status__in=quiet):
        url = reverse("followups:detail", args=[followup.pk])
        if followup.status == FollowUpStatus.DONE:
            entries.append(
                TimelineEntry(
                    on=followup.done_on,
                    title=_("%(label)s done (%(method)s)")
                    % {"label": followup.label, "method": followup.get_method_display()},
                    detail=followup.get_location_display(),
                    url=url,
                    kind="followup",
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    on=followup.missed_on or followup.due_on,
                    title=_("%(label)s missed") % {"label": followup.label},
                    url=url,
                    kind="followup",
                )
            )
    return entries

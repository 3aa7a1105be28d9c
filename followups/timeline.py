"""The household timeline entries of follow-ups (one query)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import today
from households.signals import timeline_requested
from households.timeline import TimelineEntry

from .models import FollowUpStatus


@receiver(timeline_requested, dispatch_uid="followups_timeline")
def followups_timeline(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    day = today()
    entries = []
    # Imported ones without an outcome are no event.
    for followup in household.followups.exclude(status=FollowUpStatus.NOT_RECORDED):
        url = reverse("followups:detail", args=[followup.pk])
        if followup.status == FollowUpStatus.SCHEDULED:
            # One still to come is upcoming; a late one is no event (the follow-ups' section
            # shows it as overdue).
            if followup.due_on >= day:
                entries.append(
                    TimelineEntry(
                        on=followup.due_on,
                        title=_("%(label)s planned") % {"label": followup.label},
                        url=url,
                        kind="followup",
                        planned=True,
                    )
                )
        elif followup.status == FollowUpStatus.DONE:
            entries.append(
                TimelineEntry(
                    on=followup.done_on,
                    title=_("%(label)s done (%(method)s)")
                    % {"label": followup.label, "method": followup.get_method_display()},
                    detail=followup.get_location_display(),
                    url=url,
                    kind="followup",
                    at=followup.updated_at,
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    on=followup.missed_on or followup.due_on,
                    title=_("%(label)s missed") % {"label": followup.label},
                    url=url,
                    kind="followup",
                    at=followup.updated_at,
                )
            )
    return entries

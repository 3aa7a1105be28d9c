"""The household timeline entries of interviews (one query)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import today
from households.signals import timeline_requested
from households.timeline import TimelineEntry


def _detail(interview) -> str:
    worker = interview.social_worker
    if worker is None or interview.duration_minutes is None:
        return _("imported: worker and duration not known")
    return _("%(minutes)s min with %(worker)s") % {
        "minutes": interview.duration_minutes,
        "worker": worker.get_full_name() or worker.username,
    }


@receiver(timeline_requested, dispatch_uid="interviews_timeline")
def interviews_timeline(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    # Never the notes: the timeline is read by auditors too.
    day = today()
    entries = []
    for interview in household.interviews.select_related("social_worker"):
        kind = {"kind": interview.get_kind_display()}
        # A date still to come is an appointment: it is listed with what is upcoming.
        planned = interview.held_on > day
        entries.append(
            TimelineEntry(
                on=interview.held_on,
                title=(_("Interview planned: %(kind)s") if planned else _("Interview: %(kind)s"))
                % kind,
                detail=_detail(interview),
                url=reverse("interviews:detail", args=[interview.pk]),
                kind="interview",
                at=interview.created_at,
                planned=planned,
            )
        )
    return entries

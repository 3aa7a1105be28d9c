"""The household timeline entries of mobility plans and relocations (one query)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import user_access
from households.signals import timeline_requested
from households.timeline import TimelineEntry


@receiver(timeline_requested, dispatch_uid="plans_timeline")
def plans_timeline(sender, *, household, user, **kwargs) -> list[TimelineEntry]:
    show_notes = user_access(user).reads_free_text
    entries = []
    for plan in household.mobility_plans.select_related(
        "interview", "relocation", "relocation__departement"
    ):
        url = reverse("mobility_plans:detail", args=[plan.pk])
        lever = plan.get_lever_display()
        entries.append(
            TimelineEntry(
                on=plan.interview.held_on
                if plan.interview
                else timezone.localtime(plan.created_at).date(),
                title=_("Mobility plan drawn up (%(lever)s)") % {"lever": lever},
                url=url,
                kind="plan",
                at=plan.created_at,
            )
        )
        if plan.signed_on:
            entries.append(
                TimelineEntry(
                    on=plan.signed_on, title=_("Mobility plan signed"), url=url, kind="plan"
                )
            )
        if plan.abandoned_on:
            entries.append(
                TimelineEntry(
                    on=plan.abandoned_on,
                    title=_("Mobility plan abandoned"),
                    # The reason is free text about the household: hidden from auditors.
                    detail=plan.abandon_reason if show_notes else "",
                    url=url,
                    kind="plan",
                )
            )
        relocation = getattr(plan, "relocation", None)
        if relocation is not None:
            entries.append(
                TimelineEntry(
                    on=relocation.moved_on,
                    title=_("Moved to %(commune)s (%(departement)s)")
                    % {"commune": relocation.commune, "departement": relocation.departement},
                    url=url,
                    kind="relocation",
                    at=relocation.recorded_at,
                )
            )
    return entries

"""How reporting keeps the milestone rows equal to the events (see milestones.py).

Connected in ReportingConfig.ready(); every receiver runs inside the sender's transaction.
"""

from django.dispatch import receiver

from households.signals import milestones_changed
from interviews.signals import interview_recorded
from workshops.models import Attendance, Workshop, WorkshopRegistration
from workshops.signals import session_saved

from .milestones import milestones_refresh


@receiver(milestones_changed, dispatch_uid="reporting_milestones_changed")
def refresh_milestones(sender, *, household_ids, **kwargs):
    milestones_refresh(household_ids)


@receiver(interview_recorded, dispatch_uid="reporting_milestones_interview")
def refresh_after_interview(sender, *, interview, **kwargs):
    """An interview recorded or re-dated may be the household's first information."""
    milestones_refresh([interview.household_id])


@receiver(session_saved, dispatch_uid="reporting_milestones_workshop")
def refresh_after_workshop(sender, *, session, **kwargs):
    """A workshop moved to another day moves the first information of those who attended."""
    if sender is not Workshop:
        return
    present = WorkshopRegistration.objects.filter(workshop=session, attendance=Attendance.PRESENT)
    milestones_refresh(present.values_list("person__household", flat=True))

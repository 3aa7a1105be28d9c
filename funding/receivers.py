"""What the money side does when a lower app announces an event (see households/signals.py).

Each receiver only calls a service of this app; a FundingRuleError it raises undoes the
activity's change, whose service sent the signal inside its transaction.
"""

from django.dispatch import receiver

from interviews.signals import interview_recorded
from workshops.signals import session_cancelled, session_saved

from .services.time import time_entries_follow_interview, time_entries_follow_session


@receiver(interview_recorded, dispatch_uid="funding_time_of_interview")
def time_of_interview(sender, *, interview, by, **kwargs):
    """The social worker's hours of the interview."""
    time_entries_follow_interview(interview=interview, by=by)


@receiver(session_saved, dispatch_uid="funding_time_of_session")
@receiver(session_cancelled, dispatch_uid="funding_time_of_cancelled_session")
def time_of_session(sender, *, session, by, **kwargs):
    """The facilitators' or trainers' hours of the session; none once it is cancelled."""
    time_entries_follow_session(session=session, by=by)

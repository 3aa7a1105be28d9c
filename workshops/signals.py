"""What the workshops app announces to the apps above it, and how it reacts to those below.

The mechanism is explained in households/signals.py.
"""

from django.dispatch import Signal, receiver

from mobility_plans.signals import relocation_recorded

from .relocation_services import workshop_registrations_clear_after_move

# Sent with the Workshop or ProfessionalTraining class as sender by workshop_create,
# workshop_update, training_create and training_update (session=…, by=…) inside their
# transaction, once the session and its facilitators or trainers are saved: a receiver that
# raises undoes the change. Receiver: funding.receivers writes each facilitator's hours (end −
# start) or each trainer's (duration_hours) on the session's date, one entry per person and
# session, updated on every save; it raises FundingRuleError when a month concerned is
# countersigned (locked) or a day would pass 24 hours.
session_saved = Signal()

# Sent by workshop_cancel(session=…, by=…) inside its transaction, once the workshop is
# cancelled: a receiver that raises undoes the cancellation. Receiver: funding.receivers
# removes the facilitators' hours of the session (refused, FundingRuleError, when their month
# is locked).
session_cancelled = Signal()


@receiver(relocation_recorded, dispatch_uid="workshops_clear_registrations_after_relocation")
def clear_registrations_after_relocation(sender, *, relocation, by, **kwargs):
    """A household that has moved no longer comes to the workshops ahead: its seats are freed
    in the transaction of the move (a move undone keeps them)."""
    workshop_registrations_clear_after_move(household=relocation.household, by=by)

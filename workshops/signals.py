"""What the workshops app announces to the apps above it (see households/signals.py)."""

from django.dispatch import Signal

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

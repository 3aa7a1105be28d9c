"""What the mobility plans app announces to the apps above it (see households/signals.py)."""

from django.dispatch import Signal

# Sent by services.relocation_record(relocation=…, by=…) inside its transaction, once the move
# is saved: a receiver that raises undoes the move. Receiver: followups.receivers schedules the
# +1/+3/+6/+12-month follow-ups.
relocation_recorded = Signal()

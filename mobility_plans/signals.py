"""What the mobility plans app announces to the apps above it (see households/signals.py)."""

from django.dispatch import Signal

# Sent by services.relocation_record(relocation=…, by=…, historical=…) inside its transaction,
# once the move is saved: a receiver that raises undoes the move. `historical` is True for a
# move entered as history (an import). Receiver: followups.receivers schedules the
# +1/+3/+6/+12-month follow-ups (for a historical move, those already due are created as
# "not recorded (imported)").
relocation_recorded = Signal()

# Sent by selectors.relocation_prefill(plan=…) when the form recording the move is opened,
# before anything is typed. Each receiver returns a dict of what it knows of the move, among
# the form's fields (commune, region and departement as INSEE codes, lever_used,
# housing_obtained, job_or_training), or an empty dict; these start the form, the user
# corrects them. Receiver: partners.relocation_prefill (the plan's accepted referrals).
relocation_prefill_requested = Signal()

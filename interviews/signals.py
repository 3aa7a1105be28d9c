"""What the interviews app announces to the apps above it (see households/signals.py)."""

from django.dispatch import Signal

# Sent by services.interview_record(interview=…, by=…) inside its transaction, once the
# interview is saved: a receiver that raises undoes the interview. Receiver: funding.receivers
# writes the social worker's hours (duration ÷ 60 on the interview's date); it raises
# FundingRuleError when that month's timesheet is countersigned (locked) or the day would
# pass 24 hours.
interview_recorded = Signal()

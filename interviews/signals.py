"""What the interviews app announces to the apps above it (see households/signals.py)."""

from django.dispatch import Signal

# Sent by services.interview_record(interview=…, by=…) inside its transaction, once the
# interview is saved, and again by services.interview_correct once a correction is saved (the
# receivers make their rows match the interview as it now stands): a receiver that raises
# undoes the interview or the correction. Receiver: funding.receivers
# writes the social worker's hours (duration ÷ 60 on the interview's date); it raises
# FundingRuleError when that month's timesheet is countersigned (locked) or the day would
# pass 24 hours.
interview_recorded = Signal()

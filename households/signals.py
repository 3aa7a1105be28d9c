"""What the households app announces to the apps above it.

Cross-app reactions in this project go one way only: a lower app declares a Django signal in
its `signals.py` and sends it from a service; a higher app connects a receiver in its
`AppConfig.ready()`. The lower app never imports the higher one.
"""

from django.dispatch import Signal

# Sent by households.timeline.timeline_for_household(household=…, user=…). Each receiver
# returns a list of TimelineEntry for that household, as that user may see it, in a fixed
# number of queries. Receivers: every funnel app's timeline.py.
timeline_requested = Signal()

# Sent by funnel.household_close(household=…) inside its transaction, the household row
# locked, before anything is written. Each receiver returns a list of sentences (translated,
# possibly empty), each saying what still keeps the case open and how to end it, e.g. "The
# household still has 2 scheduled follow-up(s): …". Any sentence refuses the closing, unless a
# coordinator of the household's site closes it with a reason. Receiver: followups.receivers.
close_requested = Signal()

# Sent by services.household_milestones_changed(household_ids=…) inside the transaction of
# every service that writes or re-dates a household's dated events or what the indicators
# group it by (registration, status change, referral date, site, social worker, members,
# workshop attendance, interview, a plan's signature, an import), once they are written.
# The receiver recomputes those households' milestone rows from their events in the same
# transaction, so a figure never reads a row older than the events. Receiver:
# reporting.receivers.
milestones_changed = Signal()

# Sent by services.consent_withdraw(consent=…, by=…) inside its transaction, once the consent
# is marked withdrawn. A receiver stops at once what the consent allowed. Receiver:
# partners.referral_links (the answer links sent to partners).
consent_withdrawn = Signal()

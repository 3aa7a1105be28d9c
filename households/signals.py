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

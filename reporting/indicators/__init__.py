"""The programme's evaluation indicators, for any period and any set of sites.

Every figure is a handful of aggregate queries (COUNT/SUM with FILTER, GROUP BY): the cost does
not grow with a Python loop over households, only with what the database scans. Each figure is
dated by the event behind it (the move, the workshop, the interview, the status change), never
by the day the row was typed in, so cases entered later with past dates (imports of the
programme's history) count in the year they happened.

The figures about a household's path (funnel steps, durations, withdrawals, caseload) read its
milestone row (reporting.models.HouseholdMilestones: the first date of each step, its closing
or withdrawal, its first information, its site and social worker), which the services keep
equal to the events in their own transaction (reporting.milestones): one narrow row per
household instead of grouping the whole status history on each request.

This package's public API is what it re-exports below: import it from `reporting.indicators`.
Inside, one module a family: querysets (the Scope of a request and the querysets behind the
figures, shared with the drill-down lists, so a figure and its list can never disagree),
definitions (what each figure counts), relocations, information (workshops), funnel
(interviews and funnel steps), reception_centres, trainings, durations, outcomes
(follow-ups), withdrawals (and caseload), headline, grant_targets (a grant's targets against
what was achieved), and compute (every family at once). ids holds the one-parameter id set
behind the grant limit. What each figure counts under a grant: see querysets.
"""

from .compute import compute_indicators, indicators_for_scope
from .definitions import DEFINITIONS, GRANT_DEFINITIONS
from .durations import duration_indicators
from .funnel import funnel_indicators, interview_indicators, interviews_by_kind
from .grant_targets import grant_of, grant_targets, rate
from .headline import headline_counts, headline_for_scope
from .information import workshop_indicators, workshops_held
from .outcomes import followup_indicators
from .querysets import (
    FOLLOWUP_MONTHS,
    FUNNEL_STEPS,
    Scope,
    followup_outcomes,
    followups_queryset,
    funnel_households,
    interviews_queryset,
    make_scope,
    milestones_queryset,
    open_households_queryset,
    present_registrations,
    reception_centres_queryset,
    relocation_history,
    relocations_queryset,
    steps_from,
    supported_households_queryset,
    trainee_presences,
    trainings_held_queryset,
    withdrawals_queryset,
    workshops_held_queryset,
)
from .reception_centres import reception_centre_indicators
from .relocations import relocation_indicators, relocation_totals
from .trainings import training_indicators
from .withdrawals import caseload_indicators, withdrawal_indicators

__all__ = [
    "DEFINITIONS",
    "FOLLOWUP_MONTHS",
    "FUNNEL_STEPS",
    "GRANT_DEFINITIONS",
    "Scope",
    "caseload_indicators",
    "compute_indicators",
    "duration_indicators",
    "followup_indicators",
    "followup_outcomes",
    "followups_queryset",
    "funnel_households",
    "funnel_indicators",
    "grant_of",
    "grant_targets",
    "headline_counts",
    "headline_for_scope",
    "indicators_for_scope",
    "interview_indicators",
    "interviews_by_kind",
    "interviews_queryset",
    "make_scope",
    "milestones_queryset",
    "open_households_queryset",
    "present_registrations",
    "rate",
    "reception_centre_indicators",
    "reception_centres_queryset",
    "relocation_history",
    "relocation_indicators",
    "relocation_totals",
    "relocations_queryset",
    "steps_from",
    "supported_households_queryset",
    "trainee_presences",
    "training_indicators",
    "trainings_held_queryset",
    "withdrawal_indicators",
    "withdrawals_queryset",
    "workshop_indicators",
    "workshops_held",
    "workshops_held_queryset",
]

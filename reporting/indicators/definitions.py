"""What each figure counts, in the words of the methodology page (label, explanation).

The dashboard, the PDF and the indicator tables take their labels from here, so a figure is
named and explained the same way wherever it is shown.
"""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = {
    "referred": (
        _("Households referred"),
        _("Households whose referral (first step of the funnel) is dated within the period."),
    ),
    "relocated": (
        _("Households relocated"),
        _(
            "Households with a move recorded within the period (moving date), whatever the "
            "year they entered the programme. A household that moved twice counts once."
        ),
    ),
    "persons_relocated": (
        _("Persons relocated"),
        _(
            "Members ticked as having moved in those relocations; members who stayed behind "
            "are not counted."
        ),
    ),
    "by_lever": (
        _("Relocations by lever"),
        _("The lever actually used for the move: a job, a training course or housing."),
    ),
    "by_region": (
        _("Relocations by region"),
        _("Region of the destination département of the move."),
    ),
    "by_protection": (
        _("Persons relocated by protection status"),
        _("Protection or residence status of each person who moved."),
    ),
    "by_year": (
        _("Relocations per year"),
        _(
            "Households relocated each calendar year, from the first recorded move to the end "
            "of the period."
        ),
    ),
    "workshops": (
        _("Awareness workshops held"),
        _(
            "Workshops dated within the period, not cancelled, where at least one person was "
            "recorded present."
        ),
    ),
    "attendances": (
        _("Attendances"),
        _(
            "Persons recorded present at those workshops (one person at two workshops counts "
            "twice)."
        ),
    ),
    "informed": (
        _("Households informed"),
        _("Distinct households with at least one member present at a workshop of the period."),
    ),
    "persons_informed": (
        _("Persons informed"),
        _("Distinct persons present at a workshop of the period."),
    ),
    "interviews": (
        _("Interviews held"),
        _(
            "Interviews dated within the period, by kind: diagnostic (interview 1), mobility "
            "plan (interview 2) and other talks."
        ),
    ),
    "funnel": (
        _("Households reaching each step"),
        _(
            "A household reaches a step on the first date it was recorded at that step or a "
            "later one (a household may skip the workshop). “During the period” counts the "
            "steps reached within the period. The conversion rate follows the households "
            "referred during the period (all households since the programme began in the "
            "cumulative mode): the share of those at one step who reached the next one by the "
            "end of the period."
        ),
    ),
    "reception_centres": (
        _("Reception centres participating"),
        _(
            "Reception centres (CADA, CPH, HUDA, CAES) that referred a household during the "
            "period, or whose staff attended a professional training held during the period."
        ),
    ),
    "trainings": (
        _("Training sessions held"),
        _("Professional trainings dated within the period with at least one trainee present."),
    ),
    "professionals": (
        _("Professionals trained"),
        _("Distinct professionals recorded present at a training of the period."),
    ),
    "training_hours": (
        _("Training hours"),
        _(
            "Sum of the durations of the sessions held; trainee hours multiply each session's "
            "duration by the professionals present."
        ),
    ),
    "duration": (
        _("Relocation duration"),
        _(
            "Months from the first information (first workshop attended or first interview, "
            "whichever is earlier; the first step after the referral for cases entered without "
            "them) to the move, for the moves of the period. A month counts 30.44 days."
        ),
    ),
    "followups": (
        _("Follow-up outcomes"),
        _(
            "Follow-ups at 3, 6 and 12 months after the move recorded as done within the "
            "period, and among them the households still housed, with a member employed, in "
            "training, still in the target region, or back in Île-de-France."
        ),
    ),
    "withdrawals": (
        _("Withdrawals by reason"),
        _("Households withdrawn during the period, by the reason given at the withdrawal."),
    ),
    "caseload": (
        _("Caseload per social worker"),
        _(
            "Households open at some point in the period (referred before its end, not "
            "closed or withdrawn before its start), by their current social worker."
        ),
    ),
    "grant": (
        _("Limited to a grant"),
        _(
            "The period is cut to the grant's and the sites to those it covers. Figures about "
            "households count only the grant's eligible households: a member whose status the "
            "grant covers holds evidence valid on the household's first activity in the "
            "grant's period, and the household had an activity (workshop attended, interview, "
            "referral to a partner, move, follow-up) within the period. A workshop counts when "
            "at least one member of an eligible household was present. Professional trainings, "
            "professionals trained and training hours count every training held at the "
            "grant's sites within the period. “Since the programme began” becomes since the "
            "grant began."
        ),
    ),
    "supported": (
        _("Households supported"),
        _(
            "Under a grant: its eligible households with an activity within the period, at "
            "its sites."
        ),
    ),
    "grant_targets": (
        _("Grant targets"),
        _(
            "Each target of the grant agreement against the figure achieved under the grant, "
            "and the rate: achieved divided by the target, as a percentage with one decimal "
            "(none when the target is 0). Training hours are the hours of the sessions held."
        ),
    ),
    "cumulative": (
        _("Since the programme began"),
        _(
            "The same figures from the first recorded event to the end of the period, cases "
            "imported from the programme's history included."
        ),
    ),
}

# Shown in the methodology only when the figures are limited to a grant.
GRANT_DEFINITIONS = ("grant", "supported", "grant_targets")

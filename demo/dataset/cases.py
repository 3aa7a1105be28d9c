"""One household's story along the funnel, drawn at random but always consistent.

Pure Python: nothing here touches the database. A Case (drafts.py) holds plain values (dates,
choices, indexes into its own persons) that the writer turns into rows. Every step is dated
after the one before it, never before the referral and never after today; a step whose date
falls in the future is not reached yet, so recent households are still in progress.
"""

import datetime
import random

from households.models import Accommodation, Status, WithdrawalReason

from . import pools
from .drafts import Case
from .moves import draw_followups, draw_relocation
from .people import DAY, draw_members, weighted
from .plans import draw_diagnostic, draw_plan, draw_referrals, settle_plan
from .setup import Context

ACCOMMODATIONS = (
    (Accommodation.EMERGENCY_SHELTER, 12), (Accommodation.CADA, 10), (Accommodation.CPH, 12),
    (Accommodation.HUDA, 10), (Accommodation.CAES, 4), (Accommodation.HOSTED, 18),
    (Accommodation.HOTEL, 12), (Accommodation.STREET, 3), (Accommodation.PRIVATE_RENTAL, 8),
    (Accommodation.SOCIAL_HOUSING, 3), (Accommodation.HOSTEL, 6), (Accommodation.OTHER, 2),
)  # fmt: skip
WITHDRAWALS = (
    (WithdrawalReason.SOLUTION_IN_IDF, 25), (WithdrawalReason.NO_LONGER_WILLING, 25),
    (WithdrawalReason.LOST_CONTACT, 25), (WithdrawalReason.REFUSED_OFFERS, 8),
    (WithdrawalReason.NOT_ELIGIBLE, 5), (WithdrawalReason.HEALTH_FAMILY, 8),
    (WithdrawalReason.OTHER, 4),
)  # fmt: skip
HOLD_COMMENTS = (
    "Hospitalisation d'un membre du ménage",
    "Attente du renouvellement du titre de séjour",
    "Naissance attendue",
    "Formation linguistique en cours en Île-de-France",
)


class CaseFactory:
    """Draws cases with one random generator, so that a seed always gives the same cases.

    `context` gives what the cases point at: sites and their social workers, partners by kind
    and region, towns by region (see setup.Context). The stages past the diagnostic are drawn
    in plans.py and moves.py.
    """

    def __init__(self, rng: random.Random, today: datetime.date, context: Context):
        self.rng = rng
        self.today = today
        self.ctx = context

    def case(self, referral_date: datetime.date) -> Case:
        rng, ctx = self.rng, self.ctx
        site = (
            0 if len(ctx.site_ids) == 1 or rng.random() < 0.6 else rng.randrange(len(ctx.site_ids))
        )
        commune, departement = rng.choice(pools.IDF_COMMUNES)
        referrer = None
        if ctx.reception_centre_ids and rng.random() < 0.72:
            referrer = rng.choice(ctx.reception_centre_ids)
        case = Case(
            referral_date=referral_date,
            site=site,
            social_worker=rng.choice(ctx.workers_by_site[site]),
            referring_partner=referrer,
            commune=commune,
            departement=departement,
            accommodation=weighted(rng, ACCOMMODATIONS),
            mobility_wishes=rng.choice(pools.MOBILITY_WISHES),
            constraints=rng.choice(pools.CONSTRAINTS) if rng.random() < 0.3 else "",
        )
        case.persons = draw_members(self.rng, referral_date)
        case.steps.append((Status.REFERRED, referral_date, "registration"))
        self._funnel(case)
        case.status = case.steps[-1][0]
        return case

    def _funnel(self, case: Case) -> None:
        """Walk the household along the funnel until it stops, then end it realistically."""
        rng, ctx, today = self.rng, self.ctx, self.today
        r = case.referral_date
        informed = False
        if rng.random() < 0.75:
            day = self._workshop_day(r + rng.randint(7, 50) * DAY)
            if day > today:
                if day <= today + 45 * DAY:  # registered for an upcoming workshop
                    case.workshop = (day, self._workshop_attendees(case, day, upcoming=True))
                return  # still referred: nothing more can have happened yet
            case.workshop = (day, self._workshop_attendees(case, day))
            case.steps.append((Status.INFORMED, day, "workshop"))
            informed = True
        elif rng.random() < 0.15:
            day = self._workshop_day(r + rng.randint(7, 50) * DAY)
            if day <= today:  # registered but did not come
                case.workshop = (day, [(0, "absent")])

        # Interview 1 (diagnostic).
        if rng.random() >= (0.7 if informed else 0.45):
            self._stop(case, after=case.last_date)
            return
        day = case.last_date + rng.randint(10, 45) * DAY
        if day > today:
            return  # the interview is still to come
        case.interviews.append(draw_diagnostic(rng, case, day))
        case.steps.append((Status.DIAGNOSED, day, "interview"))

        # Interview 2 builds the plan; the household signs it a few days later.
        goes_on = rng.random() < 0.6
        drafted = goes_on or rng.random() < 0.35
        interview_day = day + rng.randint(14, 50) * DAY
        if interview_day > today and goes_on:
            return
        if not drafted or interview_day > today:
            self._stop(case, after=day)
            return
        plan = draw_plan(rng, ctx, case, interview_day)
        signed_on = interview_day + rng.randint(0, 14) * DAY
        if signed_on > today and goes_on:
            settle_plan(rng, today, case, plan)
            return
        if not goes_on:
            self._stop(case, after=interview_day)
            settle_plan(rng, today, case, plan)
            return
        plan.status, plan.signed_on = "signed", signed_on
        case.steps.append((Status.PLAN_SIGNED, signed_on, "mobility_plan"))

        # The move.
        moved = rng.random() < 0.65
        moved_on = signed_on + rng.randint(25, 130) * DAY
        if not moved or moved_on > today:
            if not moved:
                self._stop(case, after=signed_on)
            settle_plan(rng, today, case, plan)
            until = case.last_date if case.last_date > signed_on else today
            draw_referrals(rng, ctx, plan, until=until, accepted=False)
            return
        draw_relocation(rng, ctx, case, plan, moved_on)
        draw_followups(rng, today, case)

    def _workshop_day(self, day: datetime.date) -> datetime.date:
        # Workshops are held on Tuesdays and Thursdays.
        while day.weekday() not in (1, 3):
            day += DAY
        return day

    def _workshop_attendees(self, case: Case, day, upcoming: bool = False):
        attendees = [(0, "unknown" if upcoming else "present")]
        for index, person in enumerate(case.persons[1:], start=1):
            if person.age_on(day) < 16:
                continue
            draw = self.rng.random()
            if draw < 0.55:
                attendees.append((index, "unknown" if upcoming else "present"))
            elif draw < 0.65:
                attendees.append((index, "unknown" if upcoming else "absent"))
        return attendees

    def _stop(self, case: Case, *, after: datetime.date) -> None:
        """The household goes no further than its last event (`after`): old cases are
        withdrawn, some are put on hold, recent ones stay in progress."""
        rng, today = self.rng, self.today
        end = after + rng.randint(30, 200) * DAY
        # Nothing stays open for years: a case stalled for over a year has been withdrawn.
        if end <= today and (end <= today - 365 * DAY or rng.random() < 0.85):
            case.withdrawal_reason = weighted(rng, WITHDRAWALS)
            case.status_comment = "" if rng.random() < 0.7 else "Ménage informé par téléphone."
            case.steps.append((Status.WITHDRAWN, end, "manual"))
        elif rng.random() < 0.3 and after + 10 * DAY <= today:
            hold = after + rng.randint(10, max(10, min(120, (today - after).days))) * DAY
            case.status_before_hold = case.steps[-1][0]
            case.status_comment = rng.choice(HOLD_COMMENTS)
            case.steps.append((Status.ON_HOLD, hold, "manual"))

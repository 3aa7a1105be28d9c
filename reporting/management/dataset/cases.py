"""One household's story along the funnel, drawn at random but always consistent.

Pure Python: nothing here touches the database. A Case holds plain values (dates, choices,
indexes into its own persons) that the writer turns into rows. Every step is dated after the
one before it, never before the referral and never after today; a step whose date falls in
the future is not reached yet, so recent households are still in progress.
"""

import datetime
from dataclasses import dataclass, field

from households.models import Accommodation, Employment, Relation, Status, WithdrawalReason

from . import pools
from .people import DAY, PersonDraft, add_months, draw_members, weighted

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
# Housing obtained at the move → kind of housing found at a follow-up.
HOUSING_KINDS = {
    "social": "social",
    "private": "private",
    "hostel": "hostel",
    "temporary": "temporary",
}
# Levers as the programme reports them: about as many moves through housing as through a job.
LEVERS = (("employment", 45), ("housing", 45), ("training", 10))


@dataclass
class InterviewDraft:
    kind: str
    held_on: datetime.date
    persons: list[int]
    mode: str = "in_person"
    duration: int = 60
    interpreter: bool = False
    assessment: dict | None = None


@dataclass
class ReferralDraft:
    partner_id: int
    sent_on: datetime.date
    channel: str
    answer: str
    answered_on: datetime.date | None
    refusal_reason: str = ""
    visit_on: datetime.date | None = None
    outcome: str = ""
    offer_id: int | None = None


@dataclass
class PlanDraft:
    status: str
    lever: str
    interview: int  # index in Case.interviews
    targets: list[tuple[str, str | None]]  # (region code, département code or None)
    signed_on: datetime.date | None = None
    abandoned_on: datetime.date | None = None
    abandon_reason: str = ""
    steps: list[tuple[str, str, datetime.date, datetime.date | None]] = field(default_factory=list)
    referrals: list[ReferralDraft] = field(default_factory=list)


@dataclass
class RelocationDraft:
    moved_on: datetime.date
    commune: str
    departement: str
    lever_used: str
    housing_obtained: str
    job_or_training: str
    persons: list[int]


@dataclass
class FollowUpDraft:
    months_after: int
    due_on: datetime.date
    status: str
    done_on: datetime.date | None = None
    outcome: dict = field(default_factory=dict)


@dataclass
class Case:
    referral_date: datetime.date
    site: int  # index into the context's sites
    social_worker: int  # user id
    referring_partner: int | None
    commune: str
    departement: str
    accommodation: str
    mobility_wishes: str
    constraints: str
    persons: list[PersonDraft] = field(default_factory=list)
    steps: list[tuple[str, datetime.date, str]] = field(default_factory=list)
    status: str = Status.REFERRED
    status_before_hold: str = ""
    withdrawal_reason: str = ""
    status_comment: str = ""
    # (workshop date, [(person index, attendance)])
    workshop: tuple[datetime.date, list[tuple[int, str]]] | None = None
    interviews: list[InterviewDraft] = field(default_factory=list)
    plans: list[PlanDraft] = field(default_factory=list)
    relocation: RelocationDraft | None = None
    followups: list[FollowUpDraft] = field(default_factory=list)

    @property
    def last_date(self) -> datetime.date:
        return self.steps[-1][1]


class CaseFactory:
    """Draws cases with one random generator, so that a seed always gives the same cases.

    `context` gives what the cases point at: sites and their social workers, partners by kind
    and region, towns by region (see setup.Context).
    """

    def __init__(self, rng, today: datetime.date, context, *, with_workshops: bool,
                 with_interviews: bool, with_plans: bool, with_followups: bool):  # fmt: skip
        self.rng = rng
        self.today = today
        self.ctx = context
        self.with_workshops = with_workshops
        self.with_interviews = with_interviews
        self.with_plans = with_plans and with_interviews
        self.with_followups = with_followups and self.with_plans

    # Households -------------------------------------------------------------

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

    # The funnel -------------------------------------------------------------------------

    def _funnel(self, case: Case) -> None:
        """Walk the household along the funnel until it stops, then end it realistically."""
        rng, today = self.rng, self.today
        r = case.referral_date
        informed = False
        if self.with_workshops and rng.random() < 0.75:
            day = self._workshop_day(r + rng.randint(7, 50) * DAY)
            if day > today:
                if day <= today + 45 * DAY:  # registered for an upcoming workshop
                    case.workshop = (day, self._workshop_attendees(case, day, upcoming=True))
                return  # still referred: nothing more can have happened yet
            case.workshop = (day, self._workshop_attendees(case, day))
            case.steps.append((Status.INFORMED, day, "workshop"))
            informed = True
        elif self.with_workshops and rng.random() < 0.15:
            day = self._workshop_day(r + rng.randint(7, 50) * DAY)
            if day <= today:  # registered but did not come
                case.workshop = (day, [(0, "absent")])

        if not self.with_interviews:
            self._stop(case, after=case.last_date)
            return
        # Interview 1 (diagnostic).
        if rng.random() >= (0.7 if informed else 0.45):
            self._stop(case, after=case.last_date)
            return
        day = case.last_date + rng.randint(10, 45) * DAY
        if day > today:
            return  # the interview is still to come
        case.interviews.append(self._diagnostic(case, day))
        case.steps.append((Status.DIAGNOSED, day, "interview"))

        if not self.with_plans:
            self._stop(case, after=day)
            return
        # Interview 2 builds the plan; the household signs it a few days later.
        goes_on = rng.random() < 0.6
        drafted = goes_on or rng.random() < 0.35
        interview_day = day + rng.randint(14, 50) * DAY
        if interview_day > today and goes_on:
            return
        if not drafted or interview_day > today:
            self._stop(case, after=day)
            return
        plan = self._plan(case, interview_day)
        signed_on = interview_day + rng.randint(0, 14) * DAY
        if signed_on > today and goes_on:
            self._settle_plan(case, plan)
            return
        if not goes_on:
            self._stop(case, after=interview_day)
            self._settle_plan(case, plan)
            return
        plan.status, plan.signed_on = "signed", signed_on
        case.steps.append((Status.PLAN_SIGNED, signed_on, "mobility_plan"))

        # The move.
        moved = rng.random() < 0.65
        moved_on = signed_on + rng.randint(25, 130) * DAY
        if not moved or moved_on > today:
            if not moved:
                self._stop(case, after=signed_on)
            self._settle_plan(case, plan)
            until = case.last_date if case.last_date > signed_on else today
            self._referrals(case, plan, until=until, accepted=False)
            return
        self._relocate(case, plan, moved_on)
        self._after_move(case)

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

    def _adults(self, case: Case, day) -> list[int]:
        return [i for i, p in enumerate(case.persons) if i == 0 or p.age_on(day) >= 18]

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

    # Interviews and plans ---------------------------------------------------------------

    def _diagnostic(self, case: Case, day) -> InterviewDraft:
        rng = self.rng
        head = case.persons[0]
        willing = rng.choices(("yes", "hesitant", "no"), weights=(70, 25, 5))[0]
        assessment = {
            "housing_situation": case.accommodation,
            "housing_difficulties": "Hébergement précaire, suroccupation."
            if rng.random() < 0.5
            else "",
            "employment_situation": head.employment_situation,
            "french_level": head.french_level,
            "driving_licence": head.driving_licence,
            "health_insurance": rng.choices(("covered", "pending", "none"), weights=(80, 15, 5))[0],
            "willingness_to_move": willing,
            "accepts_city": rng.random() < 0.85,
            "accepts_town": rng.random() < 0.7,
            "accepts_small_town": rng.random() < 0.4,
            "accepts_rural": rng.random() < 0.15,
        }
        return InterviewDraft(
            kind="diagnostic",
            held_on=day,
            persons=self._adults(case, day),
            mode="in_person" if rng.random() < 0.85 else "phone",
            duration=rng.choice((60, 75, 90, 120)),
            interpreter=rng.random() < 0.4,
            assessment=assessment,
        )

    def _plan(self, case: Case, day) -> PlanDraft:
        rng, ctx = self.rng, self.ctx
        case.interviews.append(
            InterviewDraft(
                kind="mobility_plan",
                held_on=day,
                persons=self._adults(case, day),
                duration=rng.choice((60, 90)),
                interpreter=rng.random() < 0.4,
            )
        )
        regions = rng.sample(ctx.target_regions, k=min(len(ctx.target_regions), rng.randint(1, 3)))
        targets = []
        for region in regions:
            departement = rng.choice(ctx.towns_by_region[region])[1] if rng.random() < 0.6 else None
            targets.append((region, departement))
        plan = PlanDraft(
            status="draft",
            lever=weighted(rng, LEVERS),
            interview=len(case.interviews) - 1,
            targets=targets,
        )
        for action, owner in rng.sample(pools.PLAN_STEPS, k=rng.randint(2, 4)):
            plan.steps.append((action, owner, day + rng.randint(15, 90) * DAY, None))
        case.plans.append(plan)
        return plan

    def _settle_plan(self, case: Case, plan: PlanDraft) -> None:
        """A plan of a household that stopped: abandoned when it left, else still active."""
        rng, today = self.rng, self.today
        if case.steps[-1][0] == Status.WITHDRAWN:
            plan.status = "abandoned"
            plan.abandoned_on = case.last_date
            plan.abandon_reason = "Le ménage a quitté le programme."
            end = case.last_date
        else:
            end = today
        plan.steps = [
            (action, owner, due, due if due <= end and rng.random() < 0.7 else None)
            for action, owner, due, _done in plan.steps
        ]

    def _referrals(self, case: Case, plan: PlanDraft, *, until, accepted: bool) -> None:
        """Contacts with partners between the signature and the move (or today).

        When the household moved, the last contact is the partner who said yes.
        """
        rng, ctx = self.rng, self.ctx
        start = plan.signed_on
        if start is None or until < start:
            return
        region = plan.targets[0][0]
        candidates = ctx.partners_by_lever_region.get((plan.lever, region))
        candidates = candidates or ctx.partners_by_lever.get(plan.lever)
        if not candidates:
            return
        count = rng.randint(1, 3)
        last_sent = max(start, until - rng.randint(15, 60) * DAY) if accepted else until
        for number in range(count):
            last = accepted and number == count - 1
            span = (last_sent - start).days
            sent = last_sent if last else start + rng.randint(0, span) * DAY
            partner = rng.choice(candidates)
            offers = ctx.offers_by_partner.get(partner)
            referral = ReferralDraft(
                partner_id=partner,
                sent_on=sent,
                channel=rng.choices(
                    ("email", "phone", "platform", "meeting"), weights=(50, 30, 10, 10)
                )[0],
                answer="pending",
                answered_on=None,
                offer_id=rng.choice(offers) if offers and rng.random() < 0.5 else None,
            )
            answered = sent + rng.randint(3, 20) * DAY
            if last:
                referral.answer, referral.answered_on = "accepted", min(answered, until)
                referral.visit_on = min(answered + rng.randint(0, 10) * DAY, until)
                referral.outcome = {"employment": "hired", "housing": "housed"}.get(
                    plan.lever, "enrolled"
                )
            elif answered <= until:
                referral.answer = rng.choices(("refused", "no_answer"), weights=(60, 40))[0]
                referral.answered_on = answered
                if referral.answer == "refused":
                    referral.refusal_reason = rng.choice(pools.REFUSAL_REASONS)
            plan.referrals.append(referral)
        plan.referrals.sort(key=lambda r: r.sent_on)

    # The move and after -----------------------------------------------------------------

    def _relocate(self, case: Case, plan: PlanDraft, moved_on) -> None:
        rng, ctx = self.rng, self.ctx
        region, departement = plan.targets[0]
        towns = ctx.towns_by_region[region]
        if departement:
            towns = [t for t in towns if t[1] == departement] or towns
        commune, departement = rng.choice(towns)
        lever = plan.lever if rng.random() < 0.9 else weighted(rng, LEVERS)
        housing = {
            "housing": (("social", 70), ("private", 30)),
            "employment": (("private", 35), ("hostel", 30), ("social", 20), ("temporary", 15)),
            "training": (("hostel", 50), ("temporary", 40), ("other", 10)),
        }[lever]
        job = ""
        if lever == "employment":
            job = rng.choice(pools.SECTORS)[1]
        elif lever == "training":
            job = rng.choice(pools.TRAINING_DOMAINS)
        persons = list(range(len(case.persons)))
        if len(persons) > 1 and rng.random() < 0.12:  # one member stays in Île-de-France
            persons.remove(rng.choice(persons[1:]))
        plan.steps = [
            (action, owner, due, min(due, moved_on) if rng.random() < 0.9 else None)
            for action, owner, due, _done in plan.steps
        ]
        self._referrals(case, plan, until=moved_on, accepted=True)
        if rng.random() < 0.4:
            span = max(1, (moved_on - plan.signed_on).days)
            case.interviews.append(
                InterviewDraft(
                    kind="other",
                    held_on=plan.signed_on + rng.randrange(span) * DAY,
                    persons=[0],
                    mode="phone",
                    duration=30,
                )
            )
        plan.status = "realised"
        case.relocation = RelocationDraft(
            moved_on=moved_on,
            commune=commune,
            departement=departement,
            lever_used=lever,
            housing_obtained=weighted(rng, housing),
            job_or_training=job,
            persons=persons,
        )
        case.steps.append((Status.RELOCATED, moved_on, "relocation"))

    def _after_move(self, case: Case) -> None:
        """Follow-ups at +1/+3/+6/+12 months, then the case is closed."""
        rng, today = self.rng, self.today
        relocation = case.relocation
        moved_on = relocation.moved_on
        if not self.with_followups:
            followed = moved_on + rng.randint(25, 45) * DAY
            if followed <= today and rng.random() < 0.85:
                case.steps.append((Status.FOLLOWED_UP, followed, "followup"))
            closed = add_months(moved_on, 12) + rng.randint(0, 45) * DAY
            if closed <= today and (closed <= today - 365 * DAY or rng.random() < 0.9):
                case.steps.append((Status.CLOSED, closed, "followup_close"))
            return
        returned = rng.random() < 0.08
        for months in (1, 3, 6, 12):
            due = add_months(moved_on, months)
            draft = FollowUpDraft(months_after=months, due_on=due, status="scheduled")
            done_on = max(moved_on, due + rng.randint(-3, 21) * DAY)
            if done_on <= today and rng.random() < 0.88:
                draft.status, draft.done_on = "done", done_on
                draft.outcome = self._outcome(case, months, returned)
            elif due + 30 * DAY < today:
                draft.status = "missed"
            case.followups.append(draft)
        done = [f.done_on for f in case.followups if f.status == "done"]
        if done:
            case.steps.append((Status.FOLLOWED_UP, min(done), "followup"))
        last_due = case.followups[-1].due_on
        closed = max([last_due, *done]) + rng.randint(0, 45) * DAY
        if closed <= today and (closed <= today - 365 * DAY or rng.random() < 0.9):
            for followup in case.followups:
                if followup.status == "scheduled":
                    followup.status = "missed"
            case.steps.append((Status.CLOSED, closed, "followup_close"))

    def _outcome(self, case: Case, months: int, returned: bool) -> dict:
        rng = self.rng
        relocation = case.relocation
        back = returned and months >= 6  # returned to Île-de-France after a few months
        kept = not back and rng.random() < 0.9
        employed = rng.random() < {1: 0.45, 3: 0.55, 6: 0.6, 12: 0.65}[months]
        if relocation.lever_used == "employment":
            employed = employed or rng.random() < 0.6
        if back:
            location = "returned_idf"
        else:
            location = "elsewhere" if rng.random() < 0.03 else "target_region"
        has_children = any(p.relation == Relation.CHILD for p in case.persons)
        return {
            "method": rng.choices(("phone", "visit", "partner_report"), weights=(60, 30, 10))[0],
            "housing_kept": kept,
            "housing_kind": HOUSING_KINDS.get(relocation.housing_obtained, "other") if kept else "",
            "employment": Employment.EMPLOYED if employed else Employment.JOB_SEEKER,
            "in_training": relocation.lever_used == "training" and months <= 6,
            "children_at_school": True if has_children else None,
            "health_insurance_opened": rng.random() < 0.9,
            "family_benefits_opened": has_children and rng.random() < 0.9,
            "employment_service_registered": rng.random() < 0.8,
            "location": location,
        }

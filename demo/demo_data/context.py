"""What every phase of the demo shares: the running state, the calendar and one case file."""

import datetime
import random
from dataclasses import dataclass

from accounts.models import Site, User
from demo.demo_data.data import HOLIDAYS
from households.models import Household, Person, Relation
from partners.models import Offer, OfferKind
from territories.models import Departement, Region
from workshops.models import Workshop


def days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    """A random number of days between `low` and `high`, drawn from the demo's generator."""
    return datetime.timedelta(days=rng.randint(low, high))


def working_day(day: datetime.date, *, not_before: datetime.date | None = None) -> datetime.date:
    """The day itself, or the last working day before it (but never before `not_before`)."""
    while day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
        day -= datetime.timedelta(days=1)
    return max(day, not_before) if not_before else day


def site_code_of(index: int) -> str:
    """Two households in three are followed in Paris, the others in Créteil."""
    return "paris" if index % 3 else "creteil"


@dataclass
class Journey:
    """The dates of one household's events, drawn backwards from today so none is in the future."""

    referral: datetime.date
    workshop: datetime.date | None = None
    diagnostic: datetime.date | None = None
    plan_interview: datetime.date | None = None
    signed: datetime.date | None = None
    moved: datetime.date | None = None
    stopped: datetime.date | None = None  # withdrawn or put on hold


@dataclass
class Case:
    """A demo household and what the builder needs to know about it along the way."""

    index: int
    household: Household
    target: str
    worker: User
    site_code: str
    country: str
    members: list[Person]
    journey: Journey
    lever: str | None  # of its mobility plan, if it gets one

    @property
    def adults(self) -> list[Person]:
        return [p for p in self.members if p.relation in (Relation.HEAD, Relation.SPOUSE)]

    @property
    def has_children(self) -> bool:
        return any(p.relation == Relation.CHILD for p in self.members)


class Demo:
    """The state the phases share while the demo is written: who acts, what exists so far.

    One random generator serves every phase in turn, so the phases must keep being called in
    the same order for the demo to stay the same from one load to the next.
    """

    def __init__(self, *, sites: dict[str, Site], users: dict[str, User], today: datetime.date):
        self.sites = sites
        self.today = today
        self.rng = random.Random(2026)  # demo data, reproducible on purpose
        self.coordinator = users["coordination"]
        self.workers = {"paris": users["ts.paris"], "creteil": users["ts.creteil"]}
        # Who runs the workshops of each site: the coordinator in Paris, the antenna's social
        # worker in Créteil (which has no coordinator).
        self.organisers = {"paris": users["coordination"], "creteil": users["ts.creteil"]}
        self.regions = {region.code: region for region in Region.objects.all()}
        self.departements = {d.code: d for d in Departement.objects.all()}
        self.workshops: dict[tuple[str, datetime.date], Workshop] = {}
        self.offers: dict[str, list[Offer]] = {}
        # Offers taken for moves come from the front of each list, those of plans still in
        # progress from the back, so that a filled offer is never referred to afterwards.
        self.offers_taken = {kind: [0, 0] for kind in OfferKind.values}
        self.plans_in_progress = 0

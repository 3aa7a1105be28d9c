"""Demo data: two sites, one login per role and thirty households along the funnel.

Idempotent: running it again changes nothing once the demo households exist. Every household
reaches its status through the programme's real events, written by each app's own services:
it attends an awareness workshop (informed), has its diagnostic interview (diagnosed), signs a
mobility plan at the second interview (plan signed), is referred to partners, moves (relocated,
which schedules its follow-ups), is followed up and finally closed. The dates run backwards
from today over about fourteen months, in funnel order and never in the future, so that the
dashboards of this year and of the previous one both have figures behind them.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, Site, User
from followups.models import FollowUpStatus, HousingKind, Location, Method
from followups.services import followup_record, household_close
from households import services
from households.models import (
    Accommodation,
    ConsentScope,
    Employment,
    Household,
    Person,
    ProtectionStatus,
    Relation,
    Status,
    WithdrawalReason,
)
from interviews.models import HealthInsurance, Kind, Mode, Willingness
from interviews.services import interview_record
from mobility_plans.models import HousingObtained, Lever, MobilityPlan
from mobility_plans.services import plan_step_set_done, relocation_record
from partners.models import (
    Answer,
    Channel,
    ContractType,
    HousingType,
    Offer,
    OfferKind,
    OfferStatus,
    Outcome,
    Partner,
    PartnerKind,
)
from partners.services import (
    contact_create,
    offer_create,
    offer_set_status,
    partner_create,
    referral_record_answer,
    referral_send,
)
from territories.models import Departement, Region
from workshops.models import Attendance, Workshop
from workshops.services import (
    trainee_create,
    training_create,
    training_record_attendance,
    training_register_trainee,
    workshop_create,
    workshop_household_present,
    workshop_record_attendance,
    workshop_register_person,
)

DEMO_PASSWORD = "Clef-de-France-2026"  # documented in the README; demo machines only

SITES = [
    ("paris", "Paris — Porte de la Villette", "15 rue de Flandre, 75019 Paris"),
    ("creteil", "Créteil — Val-de-Marne", "4 avenue du Général de Gaulle, 94000 Créteil"),
]

USERS = [
    # username, first, last, [(site code, role)], superuser
    ("ts.paris", "Camille", "Moreau", [("paris", Role.SOCIAL_WORKER)], False),
    ("ts.creteil", "Yanis", "Benali", [("creteil", Role.SOCIAL_WORKER)], False),
    ("coordination", "Claire", "Dubois", [("paris", Role.COORDINATOR)], False),
    ("direction", "Marc", "Lefèvre", [("paris", Role.DIRECTOR)], False),
    ("audit", "Sophie", "Garnier", [("paris", Role.AUDITOR)], False),
    ("admin", "Admin", "Clef de France", [], True),
]

PARTNERS = [
    ("CADA de Créteil", PartnerKind.RECEPTION_CENTRE, "Créteil", "94"),
    ("CPH Paris 18e", PartnerKind.RECEPTION_CENTRE, "Paris", "75"),
    ("HUDA de Vitry-sur-Seine", PartnerKind.RECEPTION_CENTRE, "Vitry-sur-Seine", "94"),
    ("CAES de Cergy", PartnerKind.RECEPTION_CENTRE, "Cergy", "95"),
    ("Plateforme d'accueil de Saint-Denis", PartnerKind.ASSOCIATION, "Saint-Denis", "93"),
]

FAMILIES = [
    ("Rahimi", "AF", ["Ahmad", "Mariam", "Sana", "Omid"]),
    ("Osman", "SD", ["Abdelrahman"]),
    ("Tesfay", "ER", ["Senait", "Yonas"]),
    ("Al Hassan", "SY", ["Khaled", "Rania", "Lina", "Karim", "Nour"]),
    ("Haidari", "AF", ["Zahra", "Ali"]),
    ("Nkurunziza", "BI", ["Jean-Claude", "Espérance", "Divine"]),
    ("Mohamed Ali", "SO", ["Hodan"]),
    ("Kebede", "ET", ["Hiwot", "Dawit", "Liya"]),
    ("Yilmaz", "TR", ["Mehmet", "Ayşe"]),
    ("Diallo", "GN", ["Mamadou"]),
    ("Popescu", "MD", ["Ion", "Elena", "Andrei"]),
    ("Ibrahim", "SD", ["Adam", "Fatma", "Mona", "Yousif"]),
    ("Sahak", "AF", ["Farid"]),
    ("Bakr", "SY", ["Omar", "Hiba"]),
    ("Ngoy", "CD", ["Grâce", "Christelle", "Josué"]),
    ("Habtom", "ER", ["Tekle"]),
    ("Sultani", "AF", ["Nasrin", "Yasmin", "Reza"]),
    ("Kaya", "TR", ["Deniz", "Ece"]),
    ("Abdi", "SO", ["Hamza", "Amina", "Ilhan", "Said"]),
    ("Touré", "ML", ["Aminata", "Oumar"]),
    ("Hakimi", "AF", ["Jawad"]),
    ("Ahmadzai", "AF", ["Gul", "Parwana"]),
    ("Mahmoud", "PS", ["Yasser", "Dina", "Adam"]),
    ("Berhane", "ER", ["Helen"]),
    ("Chaudhry", "PK", ["Bilal", "Sadia"]),
    ("Ismail", "SD", ["Mustafa"]),
    ("Darwish", "SY", ["Samer", "Layla", "Tarek", "Maya"]),
    ("Okafor", "NG", ["Chinedu", "Ngozi"]),
    ("Samadi", "IR", ["Parisa", "Arash"]),
    ("Gebremedhin", "ER", ["Mulu", "Abel", "Ruth"]),
]

COMMUNES = [
    ("Paris", "75"),
    ("Montreuil", "93"),
    ("Saint-Denis", "93"),
    ("Aubervilliers", "93"),
    ("Créteil", "94"),
    ("Ivry-sur-Seine", "94"),
    ("Vitry-sur-Seine", "94"),
    ("Nanterre", "92"),
    ("Argenteuil", "95"),
    ("Évry-Courcouronnes", "91"),
]

# How far along the funnel each demo household goes, spread so every list has something.
TARGETS = [
    Status.REFERRED,
    Status.REFERRED,
    Status.REFERRED,
    Status.REFERRED,
    Status.INFORMED,
    Status.INFORMED,
    Status.INFORMED,
    Status.INFORMED,
    Status.DIAGNOSED,
    Status.DIAGNOSED,
    Status.DIAGNOSED,
    Status.DIAGNOSED,
    Status.PLAN_SIGNED,
    Status.PLAN_SIGNED,
    Status.PLAN_SIGNED,
    Status.RELOCATED,
    Status.RELOCATED,
    Status.RELOCATED,
    Status.FOLLOWED_UP,
    Status.FOLLOWED_UP,
    Status.CLOSED,
    Status.CLOSED,
    Status.WITHDRAWN,
    Status.WITHDRAWN,
    Status.ON_HOLD,
    Status.REFERRED,
    Status.INFORMED,
    Status.DIAGNOSED,
    Status.PLAN_SIGNED,
    Status.RELOCATED,
]
PATH = [
    Status.INFORMED,
    Status.DIAGNOSED,
    Status.PLAN_SIGNED,
    Status.RELOCATED,
    Status.FOLLOWED_UP,
    Status.CLOSED,
]
PROTECTIONS = [
    ProtectionStatus.REFUGEE,
    ProtectionStatus.REFUGEE,
    ProtectionStatus.SUBSIDIARY,
    ProtectionStatus.FAMILY_REUNIFICATION,
    ProtectionStatus.REGULARISED,
    ProtectionStatus.STATELESS,
]
ACCOMMODATIONS = [
    Accommodation.CADA,
    Accommodation.CPH,
    Accommodation.HUDA,
    Accommodation.HOTEL,
    Accommodation.HOSTED,
    Accommodation.EMERGENCY_SHELTER,
]


# The lever of each mobility plan, in the order the plans are built (about as many moves
# through housing as through a job, a few through a training course, as in the programme).
LEVERS = [
    Lever.EMPLOYMENT,
    Lever.HOUSING,
    Lever.TRAINING,
    Lever.EMPLOYMENT,
    Lever.HOUSING,
    Lever.EMPLOYMENT,
    Lever.HOUSING,
    Lever.TRAINING,
    Lever.EMPLOYMENT,
    Lever.HOUSING,
    Lever.HOUSING,
    Lever.HOUSING,
]
WITH_PLAN = {Status.PLAN_SIGNED, Status.RELOCATED, Status.FOLLOWED_UP, Status.CLOSED}
OFFER_KIND = {
    Lever.EMPLOYMENT: OfferKind.JOB,
    Lever.HOUSING: OfferKind.HOUSING,
    Lever.TRAINING: OfferKind.TRAINING,
}
# By position in FAMILIES / TARGETS: households whose first information is the diagnostic
# interview itself (no workshop), and the withdrawn one that had its diagnostic first.
WITHOUT_WORKSHOP = {13, 27}
WITHDRAWN_AFTER_DIAGNOSTIC = 23


def _job(title: str, sector: str, contract: str, hours: int, **extra) -> dict:
    return {"kind": OfferKind.JOB, "title": title, "sector": sector,
            "contract_type": contract, "hours_per_week": hours, **extra}  # fmt: skip


def _home(title: str, commune: str, rooms: int, rent: str, capacity: int) -> dict:
    return {"kind": OfferKind.HOUSING, "title": title, "commune": commune,
            "housing_type": HousingType.SOCIAL, "rooms": rooms, "rent": Decimal(rent),
            "capacity": capacity}  # fmt: skip


def _course(title: str, domain: str, allowance: str) -> dict:
    return {"kind": OfferKind.TRAINING, "title": title, "domain": domain,
            "allowance": Decimal(allowance)}  # fmt: skip


# Partners in the regions households move to, with the offers they put forward:
# name, kind, commune, postcode, département, contact (name, position), offers.
REGIONAL_PARTNERS = [
    ("Menuiserie du Bocage", PartnerKind.EMPLOYER, "Les Herbiers", "85500", "85",
     ("Sandrine Poupeau", "Responsable des ressources humaines"),
     [_job("Agent de production en menuiserie (H/F)", "Industrie du bois", ContractType.CDI, 35,
           french_level_required="A2"),
      _job("Cariste (H/F)", "Logistique", ContractType.CDD, 35, driving_licence_required=True)]),
    ("Fromagerie des Plateaux du Jura", PartnerKind.EMPLOYER, "Poligny", "39800", "39",
     ("Jean-Marc Vuillet", "Directeur de production"),
     [_job("Opérateur de fabrication fromagère (H/F)", "Agroalimentaire", ContractType.CDI, 35,
           french_level_required="A1")]),
    ("Centre hospitalier de Guéret", PartnerKind.EMPLOYER, "Guéret", "23000", "23",
     ("Isabelle Aubusson", "Chargée de recrutement"),
     [_job("Agent de service hospitalier (H/F)", "Santé", ContractType.CDD, 35,
           french_level_required="A2"),
      _job("Agent d'entretien des espaces verts (H/F)", "Services techniques",
           ContractType.SUBSIDISED, 26)]),
    ("Creuse Habitat", PartnerKind.SOCIAL_LANDLORD, "Guéret", "23000", "23",
     ("Laurent Desmoulins", "Chargé d'attribution"),
     [_home("T3 quartier de l'Albatros", "Guéret", 3, "385.00", 4),
      _home("T4 avec jardin", "Aubusson", 4, "430.00", 6),
      _home("T2 proche de la gare", "La Souterraine", 2, "290.00", 2)]),
    ("Nièvre Habitat", PartnerKind.SOCIAL_LANDLORD, "Nevers", "58000", "58",
     ("Nathalie Berthier", "Responsable de la gestion locative"),
     [_home("T3 résidence du Banlay", "Nevers", 3, "360.00", 4),
      _home("T4 centre-ville", "Cosne-Cours-sur-Loire", 4, "410.00", 5)]),
    ("Office vendéen de l'habitat", PartnerKind.SOCIAL_LANDLORD, "La Roche-sur-Yon", "85000", "85",
     ("Émilie Guérin", "Conseillère sociale"),
     [_home("T3 quartier des Forges", "La Roche-sur-Yon", 3, "395.00", 4),
      _home("T5 maison de ville", "Les Herbiers", 5, "520.00", 7)]),
    ("Habitat de l'Orne", PartnerKind.SOCIAL_LANDLORD, "Alençon", "61000", "61",
     ("Olivier Lemonnier", "Chargé de clientèle"),
     [_home("T3 quartier de Perseigne", "Alençon", 3, "340.00", 4)]),
    ("Centre de formation du bâtiment de Limoges", PartnerKind.TRAINING_BODY, "Limoges", "87000",
     "87", ("Patrick Chabrol", "Responsable des admissions"),
     [_course("Titre professionnel maçon", "Bâtiment", "685.00"),
      _course("CAP peintre applicateur de revêtements", "Bâtiment", "685.00")]),
    ("Institut de formation sanitaire et sociale de Bourges", PartnerKind.TRAINING_BODY, "Bourges",
     "18000", "18", ("Sylvie Marchais", "Coordinatrice pédagogique"),
     # The next session starts in a few weeks: an open place to refer households to.
     [{**_course("Titre professionnel assistant de vie aux familles", "Aide à la personne",
                 "650.00"), "starts_in_days": 45, "lasts_days": 210}]),
]  # fmt: skip

# Regions shown at the awareness workshops, three at a time in turn.
WORKSHOP_REGIONS = ["52", "27", "75", "24", "28", "53"]
WORKSHOP_TOPICS = [
    "Vivre et travailler en région : emploi et logement hors Île-de-France",
    "Découvrir les régions : témoignages de familles installées",
]
# Workshops follow a four-week calendar, on Tuesdays in Paris and Thursdays in Créteil.
WORKSHOP_CALENDAR = {"paris": datetime.date(2024, 1, 9), "creteil": datetime.date(2024, 1, 18)}
WORKSHOP_PLACES = {
    "paris": "Salle Flandre — 15 rue de Flandre, 75019 Paris",
    "creteil": "Salle de réunion — 4 avenue du Général de Gaulle, 94000 Créteil",
}

TRAINEES = [
    # name, organisation (a reception centre above), job title
    ("Nadia Belkacem", "CADA de Créteil", "Travailleuse sociale"),
    ("Julien Marchand", "CADA de Créteil", "Intervenant social"),
    ("Fatou Sissoko", "CPH Paris 18e", "Conseillère en insertion professionnelle"),
    ("Thomas Girard", "CPH Paris 18e", "Chef de service"),
    ("Amélie Roussel", "HUDA de Vitry-sur-Seine", "Travailleuse sociale"),
    ("Karim Haddad", "HUDA de Vitry-sur-Seine", "Intervenant social"),
    ("Émilie Lambert", "CAES de Cergy", "Coordinatrice sociale"),
    ("Pierre-Yves Le Gall", "CAES de Cergy", "Travailleur social"),
]
# Trainees who did not come to the training (the others were present).
TRAINEES_NOT_PRESENT = {"Karim Haddad": Attendance.ABSENT, "Thomas Girard": Attendance.EXCUSED}

INTERVIEW_LANGUAGES = {
    "AF": "dari",
    "IR": "persan",
    "SY": "arabe",
    "SD": "arabe",
    "PS": "arabe",
    "ER": "tigrigna",
    "ET": "amharique",
    "SO": "somali",
    "TR": "turc",
    "MD": "roumain",
    "PK": "ourdou",
    "NG": "anglais",
}

PLAN_STEPS = {
    Lever.EMPLOYMENT: [
        ("Mettre à jour le CV et préparer l'entretien d'embauche", "Ménage", 7),
        ("Organiser la visite de l'entreprise et du logement", "Travailleur social", 14),
        ("Ouvrir les droits CAF et CPAM dans le nouveau département", "Ménage", 40),
    ],
    Lever.HOUSING: [
        ("Constituer le dossier de demande de logement social", "Ménage", 7),
        ("Visiter le logement proposé avec le bailleur", "Ménage", 21),
        ("S'inscrire auprès de France Travail dans le nouveau département", "Ménage", 45),
    ],
    Lever.TRAINING: [
        ("Passer les tests de positionnement du centre de formation", "Ménage", 10),
        ("Chercher un hébergement près du centre de formation", "Travailleur social", 21),
        ("Demander la rémunération de stagiaire de la formation professionnelle", "Ménage", 35),
    ],
}
PLAN_OBJECTIVES = {
    Lever.EMPLOYMENT: "Prendre le poste « {title} » chez {partner} à {commune} "
                      "et se loger à proximité.",
    Lever.HOUSING: "Accéder au logement social « {title} » ({partner}) à {commune} "
                   "et y chercher un emploi.",
    Lever.TRAINING: "Suivre la formation « {title} » à {commune} "
                    "et se loger pendant la formation.",
}  # fmt: skip
# What came of the accepted referral, the housing found and the housing kept, by lever.
OUTCOMES = {Lever.EMPLOYMENT: Outcome.HIRED, Lever.HOUSING: Outcome.HOUSED,
            Lever.TRAINING: Outcome.ENROLLED}  # fmt: skip
HOUSING_OBTAINED = {Lever.EMPLOYMENT: HousingObtained.PRIVATE,
                    Lever.HOUSING: HousingObtained.SOCIAL,
                    Lever.TRAINING: HousingObtained.HOSTEL}  # fmt: skip
FOLLOWUP_HOUSING = {Lever.EMPLOYMENT: HousingKind.PRIVATE, Lever.HOUSING: HousingKind.SOCIAL,
                    Lever.TRAINING: HousingKind.HOSTEL}  # fmt: skip
# What each follow-up found, by months after the move: difficulties, next actions.
FOLLOWUP_NOTES = {
    1: ("Démarches en cours : CAF, carte de transport.", "Accompagner l'ouverture des droits."),
    3: ("Isolement les premières semaines.", "Orienter vers les cours de français."),
    6: ("Pas de difficulté particulière.", "Prochain point à 12 mois."),
    12: ("Installation réussie, ménage autonome.", "Clôture de l'accompagnement."),
}


# Days the offices are closed besides weekends (fixed-date public holidays).
HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _working_day(day: datetime.date, *, not_before: datetime.date | None = None) -> datetime.date:
    """The day itself, or the last working day before it (but never before `not_before`)."""
    while day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
        day -= datetime.timedelta(days=1)
    return max(day, not_before) if not_before else day


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


class Command(BaseCommand):
    help = (
        "Load demo sites, one login per role and thirty households along the funnel (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        sites = self._sites()
        users = self._users(sites)
        if Household.objects.filter(site__in=sites.values()).exists():
            self.stdout.write("Demo data already loaded.")
            return
        builder = DemoBuilder(sites=sites, users=users, today=timezone.localdate())
        builder.build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(FAMILIES)} households, "
                f"{len(builder.workshops)} workshops, one professional training."
            )
        )

    def _sites(self) -> dict[str, Site]:
        sites = {}
        for code, name, address in SITES:
            sites[code], _ = Site.objects.get_or_create(
                code=code, defaults={"name": name, "address": address}
            )
        return sites

    def _users(self, sites) -> dict[str, User]:
        users = {}
        for username, first, last, memberships, superuser in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@clef-de-france.invalid",
                    "is_superuser": superuser,
                    "is_staff": superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for site_code, role in memberships:
                Membership.objects.get_or_create(user=user, site=sites[site_code], role=role)
            users[username] = user
        return users


class DemoBuilder:
    """Writes the demo case files event by event, through each app's public services."""

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

    # --- the whole demo ----------------------------------------------------------------------

    def build(self) -> None:
        referrers = self._referring_partners()
        self._regional_partners()
        plans = [index for index, target in enumerate(TARGETS) if target in WITH_PLAN]
        journeys = [
            self._journey(index, target, self._site_code(index))
            for index, target in enumerate(TARGETS)
        ]
        # Registered in the order they were referred, so references follow the dates; then
        # taken through the funnel in that order too.
        order = sorted(range(len(FAMILIES)), key=lambda index: (journeys[index].referral, index))
        cases = [
            self._register(
                index,
                FAMILIES[index],
                TARGETS[index],
                journeys[index],
                LEVERS[plans.index(index) % len(LEVERS)] if index in plans else None,
                referrers,
            )
            for index in order
        ]
        for case in cases:
            self._advance(case)
        self._upcoming_workshop(cases)
        self._professional_training(referrers)

    @staticmethod
    def _site_code(index: int) -> str:
        return "paris" if index % 3 else "creteil"

    # --- partners ------------------------------------------------------------------------------

    def _partner(self, *, name: str, **fields) -> Partner:
        existing = Partner.objects.filter(name=name).first()
        return existing or partner_create(by=self.coordinator, name=name, **fields)

    def _referring_partners(self) -> dict[str, Partner]:
        return {
            name: self._partner(
                name=name, kind=kind, commune=commune, departement=self.departements[dep]
            )
            for name, kind, commune, dep in PARTNERS
        }

    def _regional_partners(self) -> None:
        by_kind: dict[str, list[list[Offer]]] = {}
        for name, kind, commune, postcode, dep, contact, offer_specs in REGIONAL_PARTNERS:
            departement = self.departements[dep]
            partner = self._partner(
                name=name,
                kind=kind,
                commune=commune,
                postcode=postcode,
                departement=departement,
                agreement_signed_on=self.today - _days(self.rng, 450, 900),
            )
            contact_create(partner=partner, by=self.coordinator, name=contact[0], role=contact[1])
            offers: dict[str, list[Offer]] = {}
            for spec in offer_specs:
                offer = self._offer(partner, departement, commune, dict(spec))
                offers.setdefault(offer.kind, []).append(offer)
            for offer_kind, kind_offers in offers.items():
                by_kind.setdefault(offer_kind, []).append(kind_offers)
        # One partner after the other, so that successive moves go to different places.
        for offer_kind, per_partner in by_kind.items():
            depth = max(len(offers) for offers in per_partner)
            self.offers[offer_kind] = [
                offers[rank]
                for rank in range(depth)
                for offers in per_partner
                if rank < len(offers)
            ]

    def _offer(self, partner: Partner, departement, commune: str, spec: dict) -> Offer:
        starts_in = spec.pop("starts_in_days", None)
        lasts = spec.pop("lasts_days", 0)
        if starts_in is not None:
            spec["starts_on"] = self.today + datetime.timedelta(days=starts_in)
            spec["ends_on"] = spec["starts_on"] + datetime.timedelta(days=lasts)
        spec.setdefault("commune", commune)
        return offer_create(partner=partner, by=self.coordinator, departement=departement, **spec)

    def _offer_for(self, lever: str, *, moving: bool) -> Offer:
        kind = OFFER_KIND[lever]
        pool, taken = self.offers[kind], self.offers_taken[kind]
        if moving:
            offer = pool[taken[0] % len(pool)]
            taken[0] += 1
        else:
            offer = pool[-1 - taken[1] % len(pool)]
            taken[1] += 1
        return offer

    # --- registration --------------------------------------------------------------------------

    def _register(
        self, index: int, family: tuple, target: str, journey: Journey, lever, referrers: dict
    ) -> Case:
        name, country, first_names = family
        rng, today = self.rng, self.today
        site_code = self._site_code(index)
        worker = self.workers[site_code]
        commune, dep = COMMUNES[index % len(COMMUNES)]
        # A few new cases wait for a social worker; cases further along always have one.
        unassigned = index % 7 == 0 and target in (Status.REFERRED, Status.INFORMED)
        household = services.household_create(
            by=worker,
            site=self.sites[site_code],
            referral_date=journey.referral,
            social_worker=None if unassigned else worker,
            referring_partner=list(referrers.values())[index % len(referrers)],
            commune=commune,
            departement=self.departements[dep],
            accommodation=ACCOMMODATIONS[index % len(ACCOMMODATIONS)],
            mobility_wishes="Souhaite une ville moyenne avec des possibilités d'emploi.",
        )
        protection = PROTECTIONS[index % len(PROTECTIONS)]
        members = []
        for rank, first_name in enumerate(first_names):
            adult = rank < 2 and not (rank == 1 and len(first_names) == 2 and index % 2)
            age = rng.randint(24, 52) if adult else rng.randint(1, 16)
            members.append(
                services.person_add(
                    household=household,
                    by=worker,
                    first_name=first_name,
                    last_name=name,
                    sex="M" if rng.random() < 0.5 else "F",
                    birth_date=today.replace(year=today.year - age, day=1)
                    - datetime.timedelta(days=rng.randint(0, 300)),
                    nationality=country,
                    relation=Relation.HEAD
                    if rank == 0
                    else (Relation.SPOUSE if adult else Relation.CHILD),
                    protection_status=protection,
                    french_level=rng.choice(["A1", "A2", "B1", "none"]) if adult else "",
                    languages="arabe, anglais" if country in ("SY", "SD", "PS") else "",
                )
            )
        services.consent_record(
            household=household, scope=ConsentScope.PROCESSING, given_on=journey.referral, by=worker
        )
        return Case(index, household, target, worker, site_code, country, members, journey, lever)

    def _journey(self, index: int, target: str, site_code: str) -> Journey:
        """Dates drawn backwards from the last event, so each step follows the one before.

        Office events fall on working days; a household that has just reached a step may have
        waited there for months, so the last event of each target is spread over the year.
        """
        rng, today = self.rng, self.today
        week = datetime.timedelta(days=7)
        if target == Status.REFERRED:
            return Journey(referral=_working_day(today - _days(rng, 3, 45)))
        journey = Journey(referral=today)
        if target in (Status.WITHDRAWN, Status.ON_HOLD):
            journey.stopped = before = _working_day(today - _days(rng, 5, 300))
            if index == WITHDRAWN_AFTER_DIAGNOSTIC:
                journey.diagnostic = before = _working_day(journey.stopped - _days(rng, 10, 30))
            journey.workshop = self._workshop_day(site_code, before - week)
        elif target == Status.INFORMED:
            journey.workshop = self._workshop_day(site_code, today - _days(rng, 1, 150))
        else:
            # Closed cases moved over a year ago, so that their four follow-ups are done, and
            # went through the funnel quickly.
            closed = target == Status.CLOSED
            if target in (Status.RELOCATED, Status.FOLLOWED_UP, Status.CLOSED):
                low, high = {
                    Status.RELOCATED: (5, 45),
                    Status.FOLLOWED_UP: (40, 280),
                    Status.CLOSED: (367, 372),
                }[target]
                journey.moved = today - _days(rng, low, high)
                journey.signed = _working_day(
                    journey.moved - (_days(rng, 25, 35) if closed else _days(rng, 40, 100))
                )
            elif target == Status.PLAN_SIGNED:
                journey.signed = _working_day(today - _days(rng, 12, 150))
            if journey.signed:
                journey.plan_interview = _working_day(
                    journey.signed - datetime.timedelta(days=rng.choice([0, 0, 0, 1, 3]))
                )
                journey.diagnostic = _working_day(
                    journey.plan_interview - (_days(rng, 14, 21) if closed else _days(rng, 21, 50))
                )
            else:
                journey.diagnostic = _working_day(today - _days(rng, 3, 150))
            if index not in WITHOUT_WORKSHOP:
                journey.workshop = self._workshop_day(site_code, journey.diagnostic - week)
        first_information = journey.workshop or journey.diagnostic
        journey.referral = _working_day(
            first_information
            - (_days(rng, 3, 10) if target == Status.CLOSED else _days(rng, 4, 25))
        )
        return journey

    # --- the funnel, event by event ------------------------------------------------------------

    def _advance(self, case: Case) -> None:
        journey = case.journey
        if journey.workshop:
            self._attend_workshop(case, journey.workshop)
        if journey.diagnostic:
            self._diagnostic_interview(case)
        if journey.signed:
            plan, offer, lever = self._plan_interview(case)
            if journey.moved:
                relocation = self._relocate(case, plan, offer, lever)
                if case.target in (Status.FOLLOWED_UP, Status.CLOSED):
                    self._follow_up(case, relocation, lever)
                if case.target == Status.CLOSED:
                    household_close(household=case.household, by=case.worker)
        if case.target == Status.WITHDRAWN:
            after_diagnostic = case.index == WITHDRAWN_AFTER_DIAGNOSTIC
            services.household_transition(
                household=case.household,
                to_status=Status.WITHDRAWN,
                by=case.worker,
                occurred_on=journey.stopped,
                reason=WithdrawalReason.NO_LONGER_WILLING
                if after_diagnostic
                else WithdrawalReason.SOLUTION_IN_IDF,
                comment="La famille préfère rester près de ses proches en Île-de-France."
                if after_diagnostic
                else "",
            )
        elif case.target == Status.ON_HOLD:
            services.household_transition(
                household=case.household,
                to_status=Status.ON_HOLD,
                by=case.worker,
                occurred_on=journey.stopped,
                comment="Hospitalisation d'un enfant.",
            )

    def _workshop_day(self, site_code: str, on_or_before: datetime.date) -> datetime.date:
        first = WORKSHOP_CALENDAR[site_code]
        return first + datetime.timedelta(days=28 * ((on_or_before - first).days // 28))

    def _workshop(self, site_code: str, day: datetime.date) -> Workshop:
        """The site's workshop of that day, scheduled the first time a household needs it."""
        key = (site_code, day)
        if key not in self.workshops:
            number = len(self.workshops)
            organiser, worker = self.organisers[site_code], self.workers[site_code]
            codes = [WORKSHOP_REGIONS[(number + i) % len(WORKSHOP_REGIONS)] for i in range(3)]
            interpreter = number % 2 == 0
            self.workshops[key] = workshop_create(
                by=organiser,
                site=self.sites[site_code],
                date=day,
                place=WORKSHOP_PLACES[site_code],
                capacity=20,
                topic=WORKSHOP_TOPICS[number % len(WORKSHOP_TOPICS)],
                start_time=datetime.time(9, 30),
                end_time=datetime.time(12, 0),
                language="français, interprètes dari et arabe" if interpreter else "français",
                interpreter_booked=interpreter,
                regions_presented=[self.regions[code] for code in codes],
                facilitators=list({organiser, worker}),
            )
        return self.workshops[key]

    def _attend_workshop(self, case: Case, day: datetime.date) -> None:
        workshop = self._workshop(case.site_code, day)
        organiser = self.organisers[case.site_code]
        for person in case.adults:
            workshop_register_person(workshop=workshop, person=person, by=organiser)
        # Present at the workshop: the household is informed, on the workshop's day.
        workshop_household_present(workshop=workshop, household=case.household, by=organiser)

    def _interview_fields(self, case: Case, *, minutes: int, notes: str) -> dict:
        language = INTERVIEW_LANGUAGES.get(case.country, "français")
        return {
            "duration_minutes": minutes,
            "language": language,
            "interpreter_used": language not in ("français", "anglais")
            and case.members[0].french_level in ("none", "A1"),
            "mode": Mode.IN_PERSON,
            "place": self.sites[case.site_code].name,
            "notes": notes,
        }

    def _diagnostic_interview(self, case: Case) -> None:
        rng = self.rng
        hesitant = case.target in (Status.WITHDRAWN, Status.ON_HOLD)
        interview_record(
            household=case.household,
            by=case.worker,
            kind=Kind.DIAGNOSTIC,
            held_on=case.journey.diagnostic,
            social_worker=case.worker,
            persons_present=case.adults,
            assessment={
                "housing_situation": case.household.accommodation,
                "housing_difficulties": "Hébergement temporaire, sans proposition de logement "
                "pérenne en Île-de-France.",
                "employment_situation": Employment.JOB_SEEKER,
                "employment_difficulties": "Peu d'offres accessibles sans expérience en France ; "
                "longs trajets.",
                "french_level": case.members[0].french_level,
                "children_schooling": "Enfants scolarisés ; changement d'école à prévoir."
                if case.has_children
                else "",
                "family_ties": "Quelques connaissances en Île-de-France, pas de famille proche.",
                "health_insurance": HealthInsurance.COVERED,
                "willingness_to_move": Willingness.HESITANT if hesitant else Willingness.YES,
                "accepts_city": rng.random() < 0.5,
                "accepts_town": True,
                "accepts_small_town": rng.random() < 0.6,
                "accepts_rural": rng.random() < 0.3,
                "places_comment": "Souhaite une ville moyenne desservie par le train.",
            },
            **self._interview_fields(
                case,
                minutes=90,
                notes="Premier entretien : situation actuelle, freins à l'emploi et au logement "
                "en Île-de-France, souhaits de mobilité.",
            ),
        )

    def _plan_interview(self, case: Case) -> tuple[MobilityPlan, Offer, str]:
        """Interview 2 builds and signs the plan; the household then agrees to be referred."""
        journey, worker = case.journey, case.worker
        lever = case.lever
        moving = journey.moved is not None
        offer = self._offer_for(lever, moving=moving)
        region = offer.departement.region
        others = [code for code in WORKSHOP_REGIONS if code != region.pk]
        second = self.regions[others[case.index % len(others)]]
        held_on = journey.plan_interview
        interview = interview_record(
            household=case.household,
            by=worker,
            kind=Kind.MOBILITY_PLAN,
            held_on=held_on,
            social_worker=worker,
            persons_present=case.adults,
            plan={
                "lever": lever,
                "targets": [
                    {"region": region, "departement": offer.departement},
                    {"region": second},
                ],
                "persons": case.members,
                "objectives": PLAN_OBJECTIVES[lever].format(
                    title=offer.title, partner=offer.partner.name, commune=offer.commune
                ),
                "signed_on": journey.signed,
                "steps": [
                    {
                        "action": action,
                        "owner": owner,
                        "due_on": held_on + datetime.timedelta(days=d),
                    }
                    for action, owner, d in PLAN_STEPS[lever]
                ],
            },
            **self._interview_fields(
                case,
                minutes=75,
                notes="Deuxième entretien : construction du projet de mobilité, choix des "
                "territoires et signature du plan.",
            ),
        )
        plan = interview.plan
        services.consent_record(
            household=case.household,
            scope=ConsentScope.PARTNER_SHARING,
            given_on=held_on,
            by=worker,
        )
        if moving:
            self._referrals_before_move(case, plan, offer, lever)
            for step in plan.steps.all():
                plan_step_set_done(
                    step=step, by=worker, done=True, done_on=min(step.due_on, journey.moved)
                )
        else:
            self._referral_in_progress(case, plan, offer)
        return plan, offer, lever

    def _referrals_before_move(self, case: Case, plan, offer: Offer, lever: str) -> None:
        rng, signed, worker = self.rng, case.journey.signed, case.worker
        if lever == Lever.HOUSING:
            # A first landlord had nothing for a family of that size.
            other = next(
                o for o in self.offers[OfferKind.HOUSING] if o.partner_id != offer.partner_id
            )
            refused = referral_send(
                plan=plan,
                partner=other.partner,
                by=worker,
                sent_on=_working_day(signed + _days(rng, 0, 2), not_before=signed),
                channel=Channel.EMAIL,
                persons=case.adults,
                shared_information="Composition du ménage, ressources et projet de mobilité.",
            )
            referral_record_answer(
                referral=refused,
                by=worker,
                answer=Answer.REFUSED,
                answered_on=_working_day(
                    refused.sent_on + _days(rng, 4, 8), not_before=refused.sent_on
                ),
                refusal_reason="Aucun logement adapté à la taille du ménage pour le moment.",
            )
        sent = _working_day(signed + _days(rng, 2, 7), not_before=signed)
        referral = referral_send(
            plan=plan,
            partner=offer.partner,
            by=worker,
            sent_on=sent,
            channel=Channel.EMAIL,
            offer=offer,
            persons=case.adults,
            shared_information="CV, composition du ménage et projet de mobilité.",
        )
        visit = _working_day(sent + _days(rng, 2, 5), not_before=sent)
        referral_record_answer(
            referral=referral,
            by=worker,
            answer=Answer.ACCEPTED,
            answered_on=_working_day(visit + _days(rng, 1, 4), not_before=visit),
            visit_or_interview_on=visit,
            outcome=OUTCOMES[lever],
            outcome_comment=f"Installation prévue le {case.journey.moved:%d/%m/%Y}.",
        )

    def _referral_in_progress(self, case: Case, plan, offer: Offer) -> None:
        """Plans still in progress show every kind of answer: pending, accepted, none, refused."""
        rng, today, worker = self.rng, self.today, case.worker
        signed = case.journey.signed
        sent = _working_day(signed + _days(rng, 2, 7), not_before=signed)
        referral = referral_send(
            plan=plan,
            partner=offer.partner,
            by=worker,
            sent_on=sent,
            channel=Channel.EMAIL if self.plans_in_progress % 2 else Channel.PHONE,
            offer=offer if offer.is_open else None,
            persons=case.adults,
            shared_information="CV, composition du ménage et projet de mobilité.",
        )
        answered_on = min(_working_day(sent + _days(rng, 3, 10), not_before=sent), today)
        answer = self.plans_in_progress % 4
        self.plans_in_progress += 1
        if answer == 1:
            referral_record_answer(
                referral=referral,
                by=worker,
                answer=Answer.ACCEPTED,
                answered_on=answered_on,
                visit_or_interview_on=_working_day(today + _days(rng, 5, 15)),
            )
        elif answer == 2:
            referral_record_answer(
                referral=referral, by=worker, answer=Answer.NO_ANSWER, answered_on=answered_on
            )
        elif answer == 3:
            referral_record_answer(
                referral=referral,
                by=worker,
                answer=Answer.REFUSED,
                answered_on=answered_on,
                refusal_reason="Candidature retenue pour un autre ménage.",
            )
        first_step = plan.steps.order_by("due_on", "id").first()
        if first_step and first_step.due_on <= today:
            plan_step_set_done(step=first_step, by=worker, done=True, done_on=first_step.due_on)
        talk = _working_day(signed + _days(rng, 10, 20), not_before=signed)
        if talk < today:
            interview_record(
                household=case.household,
                by=worker,
                kind=Kind.OTHER,
                held_on=talk,
                social_worker=worker,
                persons_present=case.adults[:1],
                duration_minutes=20,
                mode=Mode.PHONE,
                notes="Point téléphonique sur les candidatures en cours.",
            )

    def _relocate(self, case: Case, plan, offer: Offer, lever: str):
        """The move realises the plan; the follow-ups app schedules +1/+3/+6/+12 months."""
        relocation = relocation_record(
            plan=plan,
            by=case.worker,
            moved_on=case.journey.moved,
            commune=offer.commune,
            departement=offer.departement,
            lever_used=lever,
            housing_obtained=HOUSING_OBTAINED[lever],
            job_or_training=""
            if lever == Lever.HOUSING
            else f"{offer.title} — {offer.partner.name}",
            persons=case.members,
        )
        if offer.kind in (OfferKind.JOB, OfferKind.HOUSING):
            offer_set_status(offer=offer, status=OfferStatus.FILLED, by=self.coordinator)
        return relocation

    def _follow_up(self, case: Case, relocation, lever: str) -> None:
        """Record each follow-up already due (the one at 12 months only for closed cases)."""
        for followup in relocation.followups.filter(status=FollowUpStatus.SCHEDULED):
            months = followup.months_after
            if followup.due_on > self.today or (months == 12 and case.target != Status.CLOSED):
                continue
            employed = lever == Lever.EMPLOYMENT or (lever == Lever.HOUSING and months >= 6)
            if employed:
                employment = Employment.EMPLOYED
            elif lever == Lever.TRAINING:
                employment = Employment.IN_TRAINING
            else:
                employment = Employment.JOB_SEEKER
            difficulties, next_actions = FOLLOWUP_NOTES[months]
            followup_record(
                followup=followup,
                by=case.worker,
                done_on=min(_working_day(followup.due_on + _days(self.rng, 0, 6)), self.today),
                method=Method.PHONE if months in (1, 6) else Method.VISIT,
                housing_kept=True,
                housing_kind=FOLLOWUP_HOUSING[lever],
                employment=employment,
                in_training=lever == Lever.TRAINING and months < 12,
                children_at_school=True if case.has_children else None,
                health_insurance_opened=True,
                family_benefits_opened=case.has_children,
                employment_service_registered=True,
                location=Location.TARGET_REGION,
                difficulties=difficulties,
                next_actions=next_actions,
            )

    # --- sessions without a household behind them --------------------------------------------

    def _upcoming_workshop(self, cases: list[Case]) -> None:
        """Paris's next workshop, with the new households registered; one of them had missed
        the previous one."""
        organiser = self.organisers["paris"]
        upcoming = self._workshop(
            "paris", self._workshop_day("paris", self.today + datetime.timedelta(days=34))
        )
        missed_one = False
        for case in cases:
            if case.target != Status.REFERRED or case.site_code != "paris":
                continue
            past = [
                workshop
                for (site_code, day), workshop in self.workshops.items()
                if site_code == "paris" and case.journey.referral < day < self.today
            ]
            if past and not missed_one:
                missed_one = True
                for person in case.adults:
                    registration = workshop_register_person(
                        workshop=past[0], person=person, by=organiser
                    )
                    workshop_record_attendance(
                        registration=registration, attendance=Attendance.ABSENT, by=organiser
                    )
            for person in case.adults:
                workshop_register_person(workshop=upcoming, person=person, by=organiser)

    def _professional_training(self, referrers: dict[str, Partner]) -> None:
        """A training day for the reception centres' staff, attendance taken."""
        day = _working_day(self.today - datetime.timedelta(days=70))
        by = self.coordinator
        training = training_create(
            by=by,
            site=self.sites["paris"],
            date=day,
            place=WORKSHOP_PLACES["paris"],
            capacity=16,
            topic="Accompagner un projet de mobilité géographique hors Île-de-France",
            duration_hours=Decimal("6.00"),
            trainers=[by, self.workers["paris"]],
        )
        for name, organisation, job_title in TRAINEES:
            trainee = trainee_create(
                by=by, name=name, organisation=referrers[organisation], job_title=job_title
            )
            registration = training_register_trainee(training=training, trainee=trainee, by=by)
            training_record_attendance(
                registration=registration,
                attendance=TRAINEES_NOT_PRESENT.get(name, Attendance.PRESENT),
                by=by,
            )

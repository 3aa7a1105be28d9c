"""Demo data: two sites, one login per role and about thirty households along the funnel.

Idempotent: running it again changes nothing once the demo households exist. Built with the
real services so that every status date and history row is what the app itself would write.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, Site, User
from households import services
from households.models import (
    Accommodation,
    ConsentScope,
    Household,
    ProtectionStatus,
    Relation,
    Status,
    WithdrawalReason,
)
from partners.models import Partner, PartnerKind
from territories.models import Departement

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


class Command(BaseCommand):
    help = "Load demo sites, one login per role and about thirty households (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        sites = self._sites()
        users = self._users(sites)
        if Household.objects.filter(site__in=sites.values()).exists():
            self.stdout.write("Demo data already loaded.")
            return
        partners = self._partners()
        self._households(sites, users, partners)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {len(FAMILIES)} households."))

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

    def _partners(self) -> list[Partner]:
        partners = []
        for name, kind, commune, dep in PARTNERS:
            partner, _ = Partner.objects.get_or_create(
                name=name,
                defaults={"kind": kind, "commune": commune, "departement_id": dep},
            )
            partners.append(partner)
        return partners

    def _households(self, sites, users, partners) -> None:
        rng = random.Random(2026)  # demo data, reproducible on purpose
        today = timezone.localdate()
        departements = {d.code: d for d in Departement.objects.filter(region_id="11")}
        for index, ((family, country, first_names), target) in enumerate(
            zip(FAMILIES, TARGETS, strict=True)
        ):
            site_code = "paris" if index % 3 else "creteil"
            worker = users["ts.paris"] if site_code == "paris" else users["ts.creteil"]
            by = worker
            commune, dep = COMMUNES[index % len(COMMUNES)]
            referral = today - datetime.timedelta(days=30 + rng.randint(0, 420))
            household = services.household_create(
                by=by,
                site=sites[site_code],
                referral_date=referral,
                social_worker=worker if index % 7 else None,
                referring_partner=partners[index % len(partners)],
                commune=commune,
                departement=departements[dep],
                accommodation=ACCOMMODATIONS[index % len(ACCOMMODATIONS)],
                mobility_wishes="Souhaite une ville moyenne avec des possibilités d'emploi.",
            )
            protection = PROTECTIONS[index % len(PROTECTIONS)]
            for rank, first_name in enumerate(first_names):
                adult = rank < 2 and not (rank == 1 and len(first_names) == 2 and index % 2)
                age = rng.randint(24, 52) if adult else rng.randint(1, 16)
                services.person_add(
                    household=household,
                    by=by,
                    first_name=first_name,
                    last_name=family,
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
            services.consent_record(
                household=household, scope=ConsentScope.PROCESSING, given_on=referral, by=by
            )
            self._advance(household, target, referral, today, by, rng)

    def _advance(self, household, target, referral, today, by, rng) -> None:
        if target == Status.REFERRED:
            return
        if target in (Status.WITHDRAWN, Status.ON_HOLD):
            services.household_reach_step(
                household=household,
                status=Status.INFORMED,
                by=by,
                occurred_on=referral + datetime.timedelta(days=10),
                source="demo",
            )
            services.household_transition(
                household=household,
                to_status=target,
                by=by,
                occurred_on=min(today, referral + datetime.timedelta(days=25)),
                reason=WithdrawalReason.SOLUTION_IN_IDF if target == Status.WITHDRAWN else "",
                comment="" if target == Status.WITHDRAWN else "Hospitalisation d'un enfant.",
            )
            return
        steps = PATH[: PATH.index(target) + 1]
        span = max(1, (today - referral).days - 1)
        gaps = sorted(rng.sample(range(1, span), k=min(len(steps), span - 1)))
        for step, gap in zip(steps, gaps, strict=False):
            services.household_transition(
                household=household,
                to_status=step,
                by=by,
                occurred_on=referral + datetime.timedelta(days=gap),
                source="demo",
            )

"""The demo's fixed tables: sites, logins, partners and their offers, families, places, dates.

Everything the demo writes is drawn from these tables and one seeded random generator, so two
loads on the same day give the same case files.
"""

import datetime
from decimal import Decimal

from accounts.models import Role
from followups.models import HousingKind
from households.models import Accommodation, ProtectionStatus, Status
from mobility_plans.models import HousingObtained, Lever
from partners.models import ContractType, HousingType, OfferKind, Outcome, PartnerKind
from workshops.models import Attendance

# The README gives this password for every demo login; demo machines only, never production.
DEMO_PASSWORD = "Clef-de-France-2026"  # noqa: S105

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

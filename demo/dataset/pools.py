"""Names, places and phrases the generated data set draws from.

Plain tuples, so that a draw depends only on the random generator and the order of these lists:
the same seed always gives the same data. The longer tables (origins, communes, towns) are in
pools.toml.
"""

import tomllib
from pathlib import Path

with (Path(__file__).parent / "pools.toml").open("rb") as _file:
    _TABLES = tomllib.load(_file)

# (ISO country, languages spoken, male first names, female first names, last names)
ORIGINS = tuple(
    (
        origin["country"],
        origin["languages"],
        tuple(origin["male_first_names"]),
        tuple(origin["female_first_names"]),
        tuple(origin["last_names"]),
    )
    for origin in _TABLES["origin"]
)
# How often each origin appears, in the order of ORIGINS.
ORIGIN_WEIGHTS = tuple(origin["weight"] for origin in _TABLES["origin"])
# (commune, département) in Île-de-France, where households live when referred.
IDF_COMMUNES = tuple(tuple(pair) for pair in _TABLES["idf_communes"])
# (commune, département) outside Île-de-France, where households move and partners work.
TOWNS = tuple(tuple(pair) for pair in _TABLES["towns"])

# French staff and trainees of partner organisations.
FRENCH_FIRST_NAMES = (
    "Camille", "Claire", "Sophie", "Julie", "Élodie", "Nathalie", "Isabelle", "Aurélie",
    "Marc", "Thomas", "Nicolas", "Julien", "Yanis", "Karim", "Pierre", "Antoine", "Sarah",
    "Inès", "Léa", "Mathieu", "Laurent", "Céline", "Hélène", "Fatou", "Rachid", "Amandine",
)  # fmt: skip
FRENCH_LAST_NAMES = (
    "Moreau", "Dubois", "Lefèvre", "Garnier", "Benali", "Martin", "Bernard", "Petit",
    "Durand", "Leroy", "Roux", "Fontaine", "Chevalier", "Girard", "Mercier", "Blanc",
    "Guérin", "Faure", "Rousseau", "Lambert", "Bonnet", "Henry", "Morel", "Nguyen",
)  # fmt: skip

RECEPTION_CENTRE_TYPES = ("CADA", "CPH", "HUDA", "CAES")
EMPLOYER_NAMES = (
    "Boulangerie {town}", "Transports {town}", "Logistique {town}", "Propreté {town}",
    "Bâtiment {town}", "Restaurant Le Relais de {town}", "Maraîchage {town}",
    "Hôpital de {town}", "EHPAD de {town}", "Agroalimentaire {town}", "Métallurgie {town}",
    "Hôtel du Centre {town}", "Abattoir de {town}", "Services à la personne {town}",
)  # fmt: skip
LANDLORD_NAMES = ("{town} Habitat", "Logement social de {town}", "Office public de {town}")
HOUSING_ASSOCIATION_NAMES = (
    "Résidence sociale de {town}",
    "Foyer de jeunes travailleurs de {town}",
)
TRAINING_BODY_NAMES = (
    "AFPA {town}", "GRETA de {town}", "Centre de formation du bâtiment de {town}",
    "École de la deuxième chance de {town}",
)  # fmt: skip

SECTORS = (
    ("Logistique", "Préparateur de commandes"),
    ("Bâtiment", "Maçon"),
    ("Bâtiment", "Peintre en bâtiment"),
    ("Restauration", "Commis de cuisine"),
    ("Restauration", "Plongeur"),
    ("Propreté", "Agent d'entretien"),
    ("Santé", "Agent de service hospitalier"),
    ("Aide à la personne", "Auxiliaire de vie"),
    ("Agriculture", "Ouvrier agricole"),
    ("Industrie", "Opérateur de production"),
    ("Transport", "Chauffeur livreur"),
    ("Commerce", "Employé de libre-service"),
)
TRAINING_DOMAINS = (
    "Titre professionnel agent de propreté",
    "CAP cuisine",
    "Français à visée professionnelle",
    "Titre professionnel maçon",
    "Permis poids lourd",
    "Titre professionnel assistant de vie aux familles",
    "CACES cariste",
)

WORKSHOP_TOPICS = (
    "Vivre et travailler en région",
    "Découvrir les régions : emploi et logement",
    "Quitter l'Île-de-France : pourquoi, comment ?",
    "Métiers qui recrutent hors de l'Île-de-France",
)
WORKSHOP_LANGUAGES = ("français", "français", "arabe", "dari", "anglais", "tigrinya")
TRAINING_TOPICS = (
    "Présenter le programme de mobilité aux personnes accueillies",
    "Repérer les ménages prêts à une mobilité",
    "Droits des bénéficiaires d'une protection internationale",
    "Accompagner un projet de mobilité géographique",
)
TRAINEE_JOB_TITLES = (
    "Travailleur social", "Intervenante sociale", "Conseiller en insertion professionnelle",
    "Chef de service", "Éducatrice spécialisée", "Chargée d'accompagnement",
)  # fmt: skip

OCCUPATIONS = (
    "Agriculteur", "Commerçant", "Chauffeur", "Enseignant", "Couturière", "Maçon", "Cuisinier",
    "Infirmière", "Mécanicien", "Électricien", "Coiffeuse", "Comptable", "Étudiant", "",
)  # fmt: skip
MOBILITY_WISHES = (
    "Ouverts à toutes les régions.",
    "Une ville moyenne avec des écoles proches.",
    "Près d'une grande ville, avec des transports.",
    "Dans l'Ouest, où vit un cousin.",
    "Un emploi dans le bâtiment, peu importe la région.",
    "",
)
CONSTRAINTS = (
    "Suivi médical régulier à l'hôpital.",
    "Enfants scolarisés : déménager pendant les vacances.",
    "Pas de permis de conduire.",
    "",
)
PLAN_STEPS = (
    ("Ouvrir les droits CAF dans la région d'arrivée", "ménage"),
    ("Rédiger un CV en français", "ménage"),
    ("Préparer l'entretien d'embauche", "travailleur social"),
    ("Visiter le logement proposé", "ménage"),
    ("Constituer le dossier de demande de logement", "travailleur social"),
    ("Organiser le déménagement", "travailleur social"),
    ("Inscrire les enfants à l'école", "ménage"),
    ("Prendre contact avec le partenaire local", "partenaire"),
)
REFUSAL_REASONS = (
    "Poste pourvu",
    "Logement attribué à un autre ménage",
    "Niveau de français insuffisant pour le poste",
    "Pas de places disponibles",
    "",
)
CANCELLATION_REASONS = ("Intervenant absent", "Trop peu d'inscrits", "Salle indisponible")

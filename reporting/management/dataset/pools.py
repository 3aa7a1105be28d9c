"""Names, places and phrases the generated data set draws from.

Plain tuples, so that a draw depends only on the random generator and the order of these lists:
the same seed always gives the same data.
"""

# (ISO country, languages spoken, male first names, female first names, last names)
ORIGINS = (
    (
        "AF",
        "dari, pachto",
        ("Ahmad", "Ali", "Farid", "Jawad", "Reza", "Omid", "Hamid", "Nasir", "Wahid", "Karim"),
        ("Zahra", "Mariam", "Nasrin", "Parwana", "Sana", "Fatima", "Shabnam", "Yasmin", "Gul"),
        ("Rahimi", "Haidari", "Sultani", "Ahmadzai", "Hakimi", "Sahak", "Noori", "Amiri", "Popal"),
    ),
    (
        "SY",
        "arabe",
        ("Khaled", "Omar", "Samer", "Tarek", "Karim", "Yousef", "Bassel", "Hassan", "Fadi"),
        ("Rania", "Layla", "Hiba", "Maya", "Lina", "Nour", "Reem", "Dima", "Salma"),
        ("Al Hassan", "Bakr", "Darwish", "Haddad", "Khalil", "Saleh", "Mansour", "Nasser"),
    ),
    (
        "SD",
        "arabe",
        ("Abdelrahman", "Mustafa", "Adam", "Yousif", "Osman", "Ibrahim", "Mohamed", "Hamid"),
        ("Fatma", "Mona", "Amna", "Samia", "Hawa", "Sara", "Nafisa", "Rabab"),
        ("Osman", "Ibrahim", "Ismail", "Abdallah", "Elnour", "Babiker", "Yagoub", "Adam"),
    ),
    (
        "ER",
        "tigrinya",
        ("Yonas", "Tekle", "Dawit", "Merhawi", "Filmon", "Samuel", "Robel", "Biniam"),
        ("Senait", "Helen", "Saba", "Winta", "Luwam", "Feven", "Rahel", "Selam"),
        ("Tesfay", "Habtom", "Berhane", "Ghebre", "Kidane", "Tekeste", "Weldu", "Mehari"),
    ),
    (
        "ET",
        "amharique",
        ("Dawit", "Abebe", "Bereket", "Henok", "Kaleb", "Yared", "Tewodros", "Mulugeta"),
        ("Hiwot", "Liya", "Tigist", "Meron", "Bethlehem", "Selamawit", "Mekdes", "Almaz"),
        ("Kebede", "Tadesse", "Alemu", "Girma", "Bekele", "Haile", "Mengistu", "Assefa"),
    ),
    (
        "SO",
        "somali",
        ("Hamza", "Said", "Abdi", "Liban", "Mahad", "Farah", "Guled", "Yusuf"),
        ("Hodan", "Amina", "Ilhan", "Ayaan", "Sahra", "Ifrah", "Nimco", "Hawo"),
        ("Abdi", "Mohamed Ali", "Warsame", "Hirsi", "Jama", "Osman", "Farah", "Aden"),
    ),
    (
        "GN",
        "peul, soussou",
        ("Mamadou", "Alpha", "Ibrahima", "Thierno", "Ousmane", "Sekou", "Boubacar", "Lansana"),
        ("Aminata", "Mariama", "Fatoumata", "Kadiatou", "Hadja", "Aissatou", "Djenabou"),
        ("Diallo", "Barry", "Bah", "Camara", "Sow", "Condé", "Keïta", "Soumah"),
    ),
    (
        "CD",
        "lingala, français",
        ("Jean-Claude", "Josué", "Patrick", "Héritier", "Christian", "Fiston", "Guy", "Trésor"),
        ("Grâce", "Christelle", "Divine", "Espérance", "Nadège", "Merveille", "Ruth", "Sarah"),
        ("Ngoy", "Mukendi", "Kabila", "Tshibanda", "Ilunga", "Mbuyi", "Kalala", "Nzuzi"),
    ),
    (
        "CI",
        "dioula, français",
        ("Koffi", "Yao", "Moussa", "Drissa", "Serge", "Arsène", "Kouamé", "Adama"),
        ("Awa", "Aya", "Mariam", "Affoué", "Nadia", "Fanta", "Akissi", "Salimata"),
        ("Touré", "Kouassi", "Ouattara", "Koné", "Traoré", "Yao", "Bamba", "Coulibaly"),
    ),
    (
        "TR",
        "kurde, turc",
        ("Mehmet", "Deniz", "Ahmet", "Mustafa", "Emre", "Baran", "Serhat", "Kemal"),
        ("Ayşe", "Ece", "Zeynep", "Elif", "Rojda", "Berfin", "Hatice", "Gülay"),
        ("Yilmaz", "Kaya", "Demir", "Aydın", "Şahin", "Çelik", "Doğan", "Arslan"),
    ),
    (
        "IQ",
        "arabe, kurde",
        ("Haider", "Ali", "Mohammed", "Mustafa", "Hussein", "Ahmed", "Karwan", "Zaid"),
        ("Zainab", "Noor", "Shahad", "Rusul", "Hawre", "Sara", "Ban", "Huda"),
        ("Al Jabouri", "Kareem", "Hussein", "Abbas", "Rashid", "Salih", "Hamad", "Taha"),
    ),
    (
        "UA",
        "ukrainien, russe",
        ("Oleksandr", "Andriy", "Dmytro", "Serhiy", "Mykola", "Ivan", "Taras", "Yuriy"),
        ("Olena", "Iryna", "Natalia", "Oksana", "Tetiana", "Yulia", "Kateryna", "Svitlana"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Boyko"),
    ),
    (
        "BD",
        "bengali",
        ("Rahim", "Karim", "Sabbir", "Tanvir", "Shakil", "Imran", "Rakib", "Jahid"),
        ("Nasreen", "Fahmida", "Sumaiya", "Taslima", "Rupa", "Shirin", "Mitu", "Jannat"),
        ("Hossain", "Rahman", "Islam", "Uddin", "Akter", "Miah", "Chowdhury", "Sarker"),
    ),
)
# How often each origin appears, in the order of ORIGINS.
ORIGIN_WEIGHTS = (22, 12, 12, 10, 5, 6, 8, 6, 5, 4, 4, 3, 3)

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

# Communes in Île-de-France where households live when referred: (commune, département).
IDF_COMMUNES = (
    ("Paris", "75"), ("Paris", "75"), ("Paris", "75"), ("Saint-Denis", "93"),
    ("Montreuil", "93"), ("Aubervilliers", "93"), ("Bobigny", "93"), ("Créteil", "94"),
    ("Vitry-sur-Seine", "94"), ("Ivry-sur-Seine", "94"), ("Nanterre", "92"),
    ("Gennevilliers", "92"), ("Colombes", "92"), ("Argenteuil", "95"), ("Cergy", "95"),
    ("Sarcelles", "95"), ("Évry-Courcouronnes", "91"), ("Massy", "91"), ("Meaux", "77"),
    ("Melun", "77"), ("Versailles", "78"), ("Mantes-la-Jolie", "78"), ("Trappes", "78"),
)  # fmt: skip

# Towns outside Île-de-France where households move and partners work: (commune, département).
TOWNS = (
    ("Lyon", "69"), ("Villeurbanne", "69"), ("Saint-Étienne", "42"), ("Grenoble", "38"),
    ("Clermont-Ferrand", "63"), ("Chambéry", "73"), ("Valence", "26"), ("Dijon", "21"),
    ("Besançon", "25"), ("Chalon-sur-Saône", "71"), ("Auxerre", "89"), ("Rennes", "35"),
    ("Brest", "29"), ("Lorient", "56"), ("Saint-Brieuc", "22"), ("Tours", "37"),
    ("Orléans", "45"), ("Bourges", "18"), ("Chartres", "28"), ("Blois", "41"),
    ("Strasbourg", "67"), ("Mulhouse", "68"), ("Reims", "51"), ("Metz", "57"), ("Nancy", "54"),
    ("Troyes", "10"), ("Lille", "59"), ("Roubaix", "59"), ("Amiens", "80"), ("Arras", "62"),
    ("Beauvais", "60"), ("Saint-Quentin", "02"), ("Rouen", "76"), ("Le Havre", "76"),
    ("Caen", "14"), ("Cherbourg-en-Cotentin", "50"), ("Évreux", "27"), ("Alençon", "61"),
    ("Bordeaux", "33"), ("Limoges", "87"), ("Poitiers", "86"), ("Pau", "64"),
    ("La Rochelle", "17"), ("Angoulême", "16"), ("Niort", "79"), ("Toulouse", "31"),
    ("Montpellier", "34"), ("Nîmes", "30"), ("Perpignan", "66"), ("Albi", "81"),
    ("Tarbes", "65"), ("Rodez", "12"), ("Nantes", "44"), ("Angers", "49"), ("Le Mans", "72"),
    ("Saint-Nazaire", "44"), ("Laval", "53"), ("La Roche-sur-Yon", "85"), ("Marseille", "13"),
    ("Nice", "06"), ("Toulon", "83"), ("Avignon", "84"), ("Gap", "05"), ("Bastia", "2B"),
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

"""The file of past cases `import_history.py` imports: N realistic households, seeded.

One row per person under the template's headings (history_import/columns.py), as a site's
archive would give them; written here, never read from the tests, so the benchmark stands alone.
"""

import csv
import datetime
import io
import random

# --- The file -----------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LAST_NAMES = _words(
    "Haddad Ahmadi Hussaini Mohammadi Tesfaye Abdullahi Osman Yusuf Karimi Rahimi Nouri Hassan "
    "Ibrahim Mahamat Diallo Camara Kouyaté Traoré Bah Sylla Kaba Touré Kone Sangaré Mbemba "
    "Lukusa Kabila Ilunga Tshibanda Kovalenko Shevchenko Bondarenko Melnyk Petrenko Yilmaz "
    "Demir Kaya Aydin Al-Hamdan Al-Khatib Saleh Jaber Mansour Darwish Khalil Barakzai Popal "
    "Sultani Ghani Wardak Stanekzai Habibi Jalali Sediqi Amiri Noorzai Tadesse Girma Bekele "
    "Haile Kidane Mebrahtu Ghebre Woldu Abraha Berhane Mengistu Alemu Ali Omar Farah Warsame "
    "Jama Hersi Dirie Guled Said Adan Nur Abdi Elmi Ahmed Mohamed Mahmoud Fadel Hamid Nasser "
    "Zaher Rashid Sabri Qasim Toma Elias Aziz Boulos Georges Sarkis Hanna Youssef Antoun Petros"
)
FIRST_NAMES = {
    "F": _words(
        "Amina Fatima Mariam Aicha Zahra Leila Samira Hawa Fatoumata Aminata Kadiatou Mariama "
        "Olena Iryna Natalia Oksana Yulia Selam Hiwot Meron Saba Rahel Layla Nour Rania Dina "
        "Hana Sara Yasmin Salma Zainab Khadija Hodan Ayan Fardowsa Shukri Parisa Maryam Shirin "
        "Ferial Nadia Rim Asma Houda"
    ),
    "M": _words(
        "Ahmad Mohammed Ali Hassan Hussein Omar Yusuf Ibrahim Abdullah Karim Rahim Jamal "
        "Mamadou Ousmane Moussa Sekou Boubacar Ibrahima Alpha Lamine Oleksandr Andriy Dmytro "
        "Serhiy Tesfay Dawit Yonas Samuel Daniel Abel Mustafa Khaled Walid Samir Nabil Farid "
        "Reza Hamid Javad Sayed Rahmatullah Najib Bilal Idris Adam"
    ),
}
NATIONALITIES = (
    ("SY", 14),
    ("AF", 22),
    ("ER", 8),
    ("SD", 9),
    ("SO", 5),
    ("GN", 6),
    ("CD", 5),
    ("CI", 3),
    ("UA", 8),
    ("IQ", 4),
    ("TR", 3),
    ("RU", 2),
    ("Afghanistan", 5),
    ("Iran", 3),
    ("Ukraine", 3),
)
CENTRES = [
    f"{kind} de {town}"
    for kind in ("CADA", "HUDA", "CPH", "CHRS")
    for town in ("Créteil", "Bobigny", "Montreuil", "Nanterre", "Cergy", "Évry", "Melun")
]
WORKERS = [f"ts.bench{n}" for n in range(1, 7)]
# (region name or code as an archive writes it, département code, towns of arrival)
DESTINATIONS = (
    ("Auvergne-Rhône-Alpes", "69", ("Lyon", "Villeurbanne", "Vénissieux")),
    ("84", "38", ("Grenoble", "Échirolles", "Vienne")),
    ("Bretagne", "35", ("Rennes", "Saint-Malo", "Fougères")),
    ("53", "29", ("Brest", "Quimper", "Morlaix")),
    ("Nouvelle-Aquitaine", "33", ("Bordeaux", "Mérignac", "Pessac")),
    ("Nouvelle-Aquitaine", "87", ("Limoges", "Saint-Junien")),
    ("Occitanie", "31", ("Toulouse", "Colomiers", "Muret")),
    ("Grand Est", "67", ("Strasbourg", "Haguenau")),
    ("Hauts-de-France", "59", ("Lille", "Roubaix", "Douai")),
    ("Pays de la Loire", "44", ("Nantes", "Saint-Nazaire")),
    ("Normandie", "76", ("Rouen", "Le Havre", "Dieppe")),
    ("Centre-Val de Loire", "45", ("Orléans", "Montargis")),
    ("Bourgogne-Franche-Comté", "21", ("Dijon", "Beaune")),
)
REASONS = _words(
    "solution_idf not_willing not_willing lost_contact lost_contact lost_contact "
    "refused_offers health_family not_eligible other"
)
EMPLOYMENT = _words("employed employed employed job_seeker job_seeker in_training inactive")


class CaseFile:
    """Rows ({column name: cell}) of past cases as a site's archive would hold them."""

    def __init__(self, seed: int, today: datetime.date):
        self.rng = random.Random(seed)
        self.today = today
        self.rows: list[dict] = []
        self.people: set[tuple] = set()  # (first, last, birth date): once per file
        self.stats = {"households": 0, "persons": 0, "moved": 0, "withdrawn": 0, "closed": 0}

    # Dates as cells: most archives write JJ/MM/AAAA, some cases ISO dates.
    def cell(self, day, iso: bool) -> str:
        if day is None:
            return ""
        return day.isoformat() if iso else day.strftime("%d/%m/%Y")

    def past(self, day: datetime.date) -> bool:
        return day < self.today

    def referral(self) -> datetime.date:
        # 2006–2026, more cases in recent years, like generate_dataset.
        year = 2006 + min(20, int(21 * self.rng.random() ** 0.7))
        last = datetime.date(year, 12, 31) if year < self.today.year else self.today
        first = datetime.date(year, 1, 2)
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days - 1))

    def workshop_day(self, after: datetime.date) -> datetime.date:
        # Workshops are held on Tuesdays: households of the same weeks share their day.
        day = after + datetime.timedelta(days=self.rng.randint(7, 40))
        return day + datetime.timedelta(days=(1 - day.weekday()) % 7)

    def persons(self, referral: datetime.date) -> list[dict]:
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5, 6), weights=(22, 20, 25, 20, 9, 4))[0]
        sex = rng.choice("FM")
        relations = [("head", sex, 22, 58)]
        if size >= 2 and rng.random() < 0.65:
            relations.append(("spouse", "M" if sex == "F" else "F", 20, 55))
        while len(relations) < size:
            if rng.random() < 0.9:
                relations.append(("child", rng.choice("FM"), 0, 17))
            else:
                relations.append((rng.choice(("parent", "sibling", "other")), "FM", 18, 75))
        last_name = rng.choice(LAST_NAMES)
        people = []
        for relation, sexes, youngest, oldest in relations:
            person_sex = rng.choice(sexes)
            while True:
                first_name = rng.choice(FIRST_NAMES[person_sex])
                born = None
                if rng.random() > 0.04:  # some archives lost the birth date
                    age = rng.randint(youngest, oldest)
                    born = referral - datetime.timedelta(days=365 * age + rng.randrange(365))
                key = (first_name, last_name, born)
                if born is None or key not in self.people:
                    break
            self.people.add(key)
            people.append(
                {
                    "relation": relation,
                    "sex": person_sex if rng.random() > 0.03 else "",
                    "first_name": first_name,
                    "last_name": last_name,
                    "born": born,
                }
            )
        return people

    def add(self, number: int) -> None:
        rng = self.rng
        iso = rng.random() < 0.1
        referral = self.referral()
        people = self.persons(referral)
        statuses = ("refugee", "subsidiary", "family_reunification", "stateless")
        status = rng.choices(statuses, weights=(60, 28, 9, 3))[0]
        nationality = rng.choices(*zip(*NATIONALITIES, strict=True))[0]
        case = {
            "case": f"{referral.year}-{number:05d}",
            "referral_date": referral,
            "referring_centre": rng.choice(CENTRES) if rng.random() < 0.95 else "",
            "social_worker": rng.choice(WORKERS) if rng.random() < 0.8 else "",
        }
        events = [referral]
        workshops: dict[int, list] = {}
        if rng.random() < 0.75:
            first = self.workshop_day(referral)
            if self.past(first):
                workshops[0] = [first]
                if rng.random() < 0.1:
                    second = first + datetime.timedelta(days=7 * rng.randint(1, 4))
                    if self.past(second):
                        workshops[0].append(second)
                for index, person in enumerate(people[1:], start=1):
                    if person["relation"] != "child" and rng.random() < 0.6:
                        workshops[index] = [first]
                events += workshops[0]
        moved_on = None
        if rng.random() < 0.86:
            diagnostic = max(events) + datetime.timedelta(days=rng.randint(3, 45))
            if self.past(diagnostic):
                case["diagnostic_on"] = diagnostic
                events.append(diagnostic)
                if rng.random() < 0.8:
                    self.plan(case, events, people)
                    moved_on = case.get("moved_on")
        if moved_on:
            self.followups(case, events)
            self.stats["moved"] += 1
        self.end(case, events, moved_on)
        self.write(case, people, workshops, status, nationality, iso)

    def plan(self, case: dict, events: list, people: list) -> None:
        rng = self.rng
        interview = max(events) + datetime.timedelta(days=rng.randint(10, 60))
        if not self.past(interview):
            return
        case["plan_interview_on"] = interview
        events.append(interview)
        region, departement, towns = rng.choice(DESTINATIONS)
        if rng.random() < 0.9:
            case["lever"] = rng.choices(("employment", "housing", "training"), (45, 45, 10))[0]
        if rng.random() < 0.85:
            case["target_region"] = region
            if rng.random() < 0.7:
                case["target_departement"] = departement
        signed = interview
        if rng.random() < 0.5:
            signed = interview + datetime.timedelta(days=rng.randint(0, 20))
            if not self.past(signed):
                return
            case["plan_signed_on"] = signed
            events.append(signed)
        if rng.random() > 0.9:  # a plan that never led to a move
            return
        moved_on = signed + datetime.timedelta(days=rng.randint(30, 200))
        if not self.past(moved_on):
            return
        case["moved_on"] = moved_on
        events.append(moved_on)
        if rng.random() >= 0.85:  # moved elsewhere than the plan aimed at
            _region, departement, towns = rng.choice(DESTINATIONS)
        case["destination_departement"] = departement
        case["destination_commune"] = rng.choice(towns)
        if rng.random() < 0.2:
            case["lever_used"] = rng.choice(("employment", "housing", "training"))
        elif not case.get("lever"):
            case["lever_used"] = "employment"
        if rng.random() < 0.85:
            case["housing_obtained"] = rng.choices(
                ("social", "private", "hostel", "temporary", "other"), (50, 20, 10, 15, 5)
            )[0]
        # Now and then a grown-up relative stays in Île-de-France.
        for person in people[1:]:
            if person["relation"] != "child" and rng.random() < 0.1:
                person["moved"] = "non"

    def followups(self, case: dict, events: list) -> None:
        from core.dates import add_months

        rng = self.rng
        for months in (1, 3, 6, 12):
            due = add_months(case["moved_on"], months)
            if due + datetime.timedelta(days=15) >= self.today:
                return
            draw = rng.random()
            if draw < 0.85:
                done = max(case["moved_on"], due + datetime.timedelta(days=rng.randint(-10, 12)))
                case[f"followup_{months}"] = done
                case[f"followup_{months}_housing"] = "oui" if rng.random() < 0.9 else "non"
                case[f"followup_{months}_employment"] = rng.choice(EMPLOYMENT)
                if rng.random() < 0.3:
                    case[f"followup_{months}_training"] = "oui" if rng.random() < 0.3 else "non"
                case[f"followup_{months}_location"] = rng.choices(
                    ("target_region", "returned_idf", "elsewhere"), (90, 6, 4)
                )[0]
                events.append(done)
            elif draw < 0.95:
                missed_on = due + datetime.timedelta(days=rng.randint(0, 20))
                if rng.random() < 0.5:
                    case[f"followup_{months}"] = f"manqué {missed_on:%d/%m/%Y}"
                    events.append(missed_on)
                else:
                    case[f"followup_{months}"] = "manqué"

    def end(self, case: dict, events: list, moved_on) -> None:
        rng = self.rng
        last = max(events)
        if moved_on:
            # Closed once the 12-month follow-up is past.
            if "followup_12" in case or last + datetime.timedelta(days=400) < self.today:
                closed = last + datetime.timedelta(days=rng.randint(5, 60))
                if self.past(closed) and rng.random() < 0.9:
                    case["closed_on"] = closed
                    self.stats["closed"] += 1
            return
        old = case["referral_date"] + datetime.timedelta(days=540) < self.today
        if old or rng.random() < 0.3:
            withdrawn = last + datetime.timedelta(days=rng.randint(15, 240))
            withdrawn = min(withdrawn, self.today - datetime.timedelta(days=1))
            case["withdrawn_on"] = withdrawn
            case["withdrawal_reason"] = rng.choice(REASONS)
            self.stats["withdrawn"] += 1

    def write(self, case, people, workshops, status, nationality, iso) -> None:
        rng = self.rng
        household = {
            name: self.cell(value, iso) if isinstance(value, datetime.date) else value
            for name, value in case.items()
        }
        repeat = rng.random() < 0.5  # household cells on every row of the case, or the first
        for index, person in enumerate(people):
            row = dict(household) if index == 0 or repeat else {"case": case["case"]}
            row.update(
                last_name=person["last_name"],
                first_name=person["first_name"],
                sex=person["sex"],
                birth_date=self.cell(person["born"], iso),
                relation=person["relation"],
                nationality=nationality,
                protection_status=status if person["relation"] != "child" else "",
                workshop_dates=", ".join(self.cell(d, iso) for d in workshops.get(index, [])),
                moved=person.get("moved", "oui" if case.get("moved_on") else ""),
            )
            if person["relation"] in ("head", "spouse") and rng.random() < 0.9:
                self.evidence(row, case["referral_date"], status, iso)
            self.rows.append(row)
        self.stats["households"] += 1
        self.stats["persons"] += len(people)

    def evidence(self, row: dict, referral: datetime.date, status: str, iso: bool) -> None:
        from core.dates import add_months

        rng = self.rng
        issued = referral - datetime.timedelta(days=rng.randint(20, 700))
        if status == "refugee" and rng.random() < 0.5:
            kind, expires = "ofpra_decision", None
        elif status == "refugee":
            kind, expires = "refugee_resident_card", add_months(issued, 120)
        elif status == "subsidiary":
            kind, expires = "subsidiary_card", add_months(issued, 48)
        elif status == "family_reunification":
            kind, expires = "family_reunification_visa", issued + datetime.timedelta(days=365)
        else:
            kind, expires = "other_permit", None
        row.update(
            evidence_kind=kind,
            evidence_number=f"{kind[:3].upper()}-{issued.year}-{rng.randrange(10**6):06d}",
            evidence_issued_on=self.cell(issued, iso),
            evidence_expires_on=self.cell(expires, iso),
        )

    def csv_bytes(self) -> bytes:
        from history_import.columns import COLUMNS

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([column.heading for column in COLUMNS])
        for row in self.rows:
            writer.writerow([row.get(column.name, "") for column in COLUMNS])
        return out.getvalue().encode("utf-8")


def case_file(households: int, seed: int, today: datetime.date) -> tuple[bytes, dict]:
    cases = CaseFile(seed, today)
    for number in range(1, households + 1):
        cases.add(number)
    return cases.csv_bytes(), {**cases.stats, "rows": len(cases.rows)}

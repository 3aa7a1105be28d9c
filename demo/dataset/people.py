"""The members of a generated household: who they are, where they come from, their status."""

import datetime
from dataclasses import dataclass

from core.dates import add_months, age_on
from households.models import (
    DrivingLicence,
    Education,
    Employment,
    FrenchLevel,
    PermitType,
    ProtectionStatus,
    Relation,
    Sex,
)

from . import pools

DAY = datetime.timedelta(days=1)


def weighted(rng, pairs):
    """One value of [(value, weight), ...]."""
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def years_before(day: datetime.date, years: int, extra_days: int) -> datetime.date:
    try:
        base = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        base = day.replace(year=day.year - years, day=28)
    return base - extra_days * DAY


HOUSEHOLD_SIZES = ((1, 38), (2, 14), (3, 16), (4, 16), (5, 10), (6, 4), (7, 2))
PROTECTIONS = (
    (ProtectionStatus.REFUGEE, 52), (ProtectionStatus.SUBSIDIARY, 25),
    (ProtectionStatus.FAMILY_REUNIFICATION, 7), (ProtectionStatus.REGULARISED, 8),
    (ProtectionStatus.STATELESS, 3), (ProtectionStatus.OTHER, 5),
)  # fmt: skip
PERMITS = {
    ProtectionStatus.REFUGEE: (PermitType.RESIDENT_CARD, 10),
    ProtectionStatus.SUBSIDIARY: (PermitType.MULTI_YEAR, 4),
    ProtectionStatus.FAMILY_REUNIFICATION: (PermitType.MULTI_YEAR, 4),
    ProtectionStatus.REGULARISED: (PermitType.TEMPORARY, 1),
    ProtectionStatus.STATELESS: (PermitType.MULTI_YEAR, 4),
    ProtectionStatus.OTHER: (PermitType.APS, 1),
}
FRENCH_LEVELS = (
    (FrenchLevel.NONE, 15), (FrenchLevel.A1, 30), (FrenchLevel.A2, 25), (FrenchLevel.B1, 18),
    (FrenchLevel.B2, 8), (FrenchLevel.C1, 4),
)  # fmt: skip
EDUCATIONS = (
    (Education.NONE, 15), (Education.PRIMARY, 25), (Education.SECONDARY, 35),
    (Education.VOCATIONAL, 10), (Education.HIGHER, 15),
)  # fmt: skip
EMPLOYMENTS = (
    (Employment.JOB_SEEKER, 45), (Employment.EMPLOYED, 20), (Employment.INACTIVE, 20),
    (Employment.IN_TRAINING, 15),
)  # fmt: skip
LICENCES = (
    (DrivingLicence.NONE, 55), (DrivingLicence.FOREIGN, 20), (DrivingLicence.FRENCH, 15),
    (DrivingLicence.LEARNING, 10),
)  # fmt: skip


@dataclass
class PersonDraft:
    """One member as drawn; its attributes are households.models.PERSON_FIELDS."""

    first_name: str
    last_name: str
    sex: str
    birth_date: datetime.date
    nationality: str
    relation: str
    protection_status: str
    permit_type: str
    permit_expiry: datetime.date | None
    languages: str
    french_level: str
    education: str
    occupation: str
    employment_situation: str
    driving_licence: str
    skills: str = ""

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)


def draw_members(rng, referral_date: datetime.date) -> list[PersonDraft]:
    """A household as it is referred: a head, often a spouse, children, sometimes a parent."""
    origin = rng.choices(pools.ORIGINS, weights=pools.ORIGIN_WEIGHTS)[0]
    country, languages, male_names, female_names, last_names = origin
    size = weighted(rng, HOUSEHOLD_SIZES)
    head_age = int(rng.triangular(19, 60, 32))
    head_sex = Sex.MALE if rng.random() < 0.62 else Sex.FEMALE
    family_name = rng.choice(last_names)
    protection = ProtectionStatus.OTHER if country == "UA" else weighted(rng, PROTECTIONS)

    def person(sex, age, relation, last_name, status):
        adult = age >= 18
        permit, years = PERMITS[status] if adult else (PermitType.NONE, 0)
        names = male_names if sex == Sex.MALE else female_names
        return PersonDraft(
            first_name=rng.choice(names),
            last_name=last_name,
            sex=sex,
            birth_date=years_before(referral_date, age, rng.randrange(365)),
            nationality=country,
            relation=relation,
            protection_status=status,
            permit_type=permit,
            permit_expiry=add_months(referral_date, 12 * years + rng.randrange(12))
            if adult
            else None,
            languages=languages + (", anglais" if rng.random() < 0.2 else ""),
            french_level=weighted(rng, FRENCH_LEVELS) if age >= 6 else "",
            education=weighted(rng, EDUCATIONS) if adult else Education.IN_SCHOOL,
            occupation=rng.choice(pools.OCCUPATIONS) if adult else "",
            employment_situation=weighted(rng, EMPLOYMENTS)
            if adult
            else (Employment.STUDENT if age >= 3 else ""),
            driving_licence=weighted(rng, LICENCES) if adult else "",
        )

    members = [person(head_sex, head_age, Relation.HEAD, family_name, protection)]
    remaining = size - 1
    if remaining and head_age >= 21 and rng.random() < 0.75:
        other_sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
        spouse_age = max(18, head_age + rng.randint(-6, 6))
        spouse_name = family_name if rng.random() < 0.4 else rng.choice(last_names)
        spouse_status = protection if rng.random() < 0.7 else ProtectionStatus.FAMILY_REUNIFICATION
        members.append(person(other_sex, spouse_age, Relation.SPOUSE, spouse_name, spouse_status))
        remaining -= 1
    if remaining >= 3 and rng.random() < 0.15:
        relation = Relation.PARENT if rng.random() < 0.5 else Relation.SIBLING
        age = (
            head_age + rng.randint(20, 30)
            if relation == Relation.PARENT
            else head_age + rng.randint(-5, 5)
        )
        members.append(
            person(
                rng.choice((Sex.MALE, Sex.FEMALE)),
                max(age, 18),
                relation,
                family_name,
                protection,
            )
        )
        remaining -= 1
    oldest_child = max(0, min(17, head_age - 18))
    for _ in range(remaining):
        members.append(
            person(
                rng.choice((Sex.MALE, Sex.FEMALE)),
                rng.randint(0, oldest_child),
                Relation.CHILD,
                family_name,
                protection,
            )
        )
    return members

"""A member of a household: identity, residence status, languages, schooling and work."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.names import validate_name

from .household import Household

# What a user types about a person: the forms, the services and the data-set writer all take
# this list (household.HOUSEHOLD_FIELDS for a household), so a new field is added here once.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "sex",
    "birth_date",
    "nationality",
    "relation",
    "protection_status",
    "permit_type",
    "permit_expiry",
    "languages",
    "french_level",
    "education",
    "occupation",
    "skills",
    "employment_situation",
    "driving_licence",
)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / not stated")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other relative")


class ProtectionStatus(models.TextChoices):
    REFUGEE = "refugee", _("Refugee")
    SUBSIDIARY = "subsidiary", _("Subsidiary protection")
    STATELESS = "stateless", _("Stateless")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    REGULARISED = "regularised", _("Regularised")
    OTHER = "other", _("Other")


class PermitType(models.TextChoices):
    RESIDENT_CARD = "resident_card", _("Resident card (10 years)")
    MULTI_YEAR = "multi_year", _("Multi-year residence permit")
    TEMPORARY = "temporary", _("Temporary residence permit (1 year)")
    RECEIPT = "receipt", _("Receipt (récépissé)")
    APS = "aps", _("Provisional residence authorisation (APS)")
    NONE = "none", _("None (minor)")
    OTHER = "other", _("Other")


class FrenchLevel(models.TextChoices):
    NONE = "none", _("None")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    VOCATIONAL = "vocational", _("Vocational")
    HIGHER = "higher", _("Higher education")
    IN_SCHOOL = "in_school", _("Currently at school")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    IN_TRAINING = "in_training", _("In training")
    INACTIVE = "inactive", _("Inactive")
    STUDENT = "student", _("Pupil or student")
    RETIRED = "retired", _("Retired")


class DrivingLicence(models.TextChoices):
    NONE = "none", _("None")
    FRENCH = "french", _("French licence")
    FOREIGN = "foreign", _("Foreign licence (to exchange)")
    LEARNING = "learning", _("Learning")


class Person(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    # No invisible or control character (core.names): checked by every form of the model and
    # the admin through the field, and by the services for the other callers.
    first_name = models.CharField(_("first name"), max_length=100, validators=[validate_name])
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_name])
    # Both are asked of every hand entry (PersonForm); blank only for a person imported from
    # an archive that did not record them: unknown, never guessed.
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    relation = models.CharField(
        _("relation to the head of household"), max_length=20, choices=Relation.choices
    )
    protection_status = models.CharField(
        _("protection or residence status"),
        max_length=30,
        choices=ProtectionStatus.choices,
        blank=True,
    )
    permit_type = models.CharField(
        _("residence permit"), max_length=20, choices=PermitType.choices, blank=True
    )
    permit_expiry = models.DateField(_("permit expiry"), null=True, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    french_level = models.CharField(
        _("French level"), max_length=5, choices=FrenchLevel.choices, blank=True
    )
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    employment_situation = models.CharField(
        _("employment situation"), max_length=20, choices=Employment.choices, blank=True
    )
    driving_licence = models.CharField(
        _("driving licence"), max_length=10, choices=DrivingLicence.choices, blank=True
    )
    # First and last name without accents or case, for duplicate detection and search.
    normalized_name = models.CharField(max_length=210, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["normalized_name", "version"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["birth_date", "id"]
        indexes = [models.Index(fields=["normalized_name", "birth_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relation="head"),
                name="person_one_head_per_household",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.querysets import SiteScopedQuerySet
from core.uploads import random_name
from households.models import FrenchLevel


class PartnerKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service")
    SOCIAL_LANDLORD = "social_landlord", _("Social landlord")
    HOUSING_ASSOCIATION = "housing_association", _("Housing association")
    TRAINING_BODY = "training_body", _("Training body")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre (CADA, CPH, HUDA, CAES)")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    PUBLIC_SERVICE = "public_service", _("Public service")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Other")


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The partner directory is shared by every site: any signed-in user may read it.
        return self if user.is_authenticated else self.none()

    def active(self):
        return self.filter(is_active=True)


def agreement_upload_to(instance, filename):
    # A random name: the original one may name a person, and the next would be guessable.
    return random_name("partners/agreements", filename)


class Partner(models.Model):
    """An organisation the programme works with: referrer, employer, landlord, trainer…"""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("département"),
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_document = models.FileField(
        _("agreement document"), upload_to=agreement_upload_to, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Name and commune without accents or case, so "Gieres" finds "Gières".
    search_name = models.CharField(max_length=330, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    # Stale-edit protection of the edit form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.pk])


class Contact(models.Model):
    """A person to call or write to at a partner."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # A contact has no page of its own: it is listed on its partner's page.
        return reverse("partners:detail", args=[self.partner_id])


class OfferKind(models.TextChoices):
    JOB = "job", _("Job")
    HOUSING = "housing", _("Housing")
    TRAINING = "training", _("Training place")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer status", "Open")
    FILLED = "filled", pgettext_lazy("offer status", "Filled")
    WITHDRAWN = "withdrawn", pgettext_lazy("offer status", "Withdrawn")


class ContractType(models.TextChoices):
    CDI = "cdi", _("Permanent contract (CDI)")
    CDD = "cdd", _("Fixed-term contract (CDD)")
    TEMPORARY = "temporary", _("Temporary work (intérim)")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship or work-study")
    SUBSIDISED = "subsidised", _("Subsidised contract (PEC, IAE)")
    OTHER = "other", _("Other")


class HousingType(models.TextChoices):
    SOCIAL = "social", _("Social housing")
    PRIVATE = "private", _("Private rental")
    SHARED = "shared", _("Shared flat")
    RESIDENCE = "residence", _("Residence or hostel")
    TEMPORARY = "temporary", _("Temporary or transitional housing")
    OTHER = "other", _("Other")


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Offers belong to the shared directory: every signed-in user may read them.
        return self if user.is_authenticated else self.none()

    def open(self):
        return self.filter(status=OfferStatus.OPEN)


class Offer(models.Model):
    """What a partner puts forward: a job, a home or a training place, in one place."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="offers", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=OfferKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("département"),
    )
    # Job start, housing availability or first day of training.
    starts_on = models.DateField(_("start or availability date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # Job
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    driving_licence_required = models.BooleanField(_("driving licence required"), default=False)
    french_level_required = models.CharField(
        _("French level required"), max_length=5, choices=FrenchLevel.choices, blank=True
    )
    # Housing
    housing_type = models.CharField(
        _("housing type"), max_length=20, choices=HousingType.choices, blank=True
    )
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)
    rent = models.DecimalField(
        _("monthly rent (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    capacity = models.PositiveSmallIntegerField(_("for how many persons"), null=True, blank=True)
    # Training
    domain = models.CharField(_("training domain"), max_length=120, blank=True)
    allowance = models.DecimalField(
        _("monthly allowance (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Stale-edit protection of the edit form (core/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "departement"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:offer_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == OfferStatus.OPEN


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    PLATFORM = "platform", _("Online platform")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class Answer(models.TextChoices):
    PENDING = "pending", pgettext_lazy("referral answer", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("referral answer", "Accepted")
    REFUSED = "refused", pgettext_lazy("referral answer", "Refused")
    NO_ANSWER = "no_answer", pgettext_lazy("referral answer", "No answer")


class Outcome(models.TextChoices):
    HIRED = "hired", _("Hired")
    HOUSED = "housed", _("Housed")
    ENROLLED = "enrolled", _("Enrolled in training")
    NOT_RETAINED = "not_retained", _("Not retained after the visit or interview")
    DECLINED = "declined", _("Declined by the household")


# A partner who has not answered within this many days gets a reminder on the referrer's list.
REMINDER_AFTER_DAYS = 14


class ReferralQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: referrals of the households the user may see."""

    site_field = "household__site"


class Referral(models.Model):
    """The household (or some members) put in contact with a partner, and what came of it."""

    plan = models.ForeignKey(
        "mobility_plans.MobilityPlan",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("mobility plan"),
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        related_name="partner_referrals",
        verbose_name=_("household"),
    )
    persons = models.ManyToManyField(
        "households.Person", blank=True, related_name="+", verbose_name=_("persons referred")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("offer"),
    )
    sent_on = models.DateField(_("sent on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    shared_information = models.TextField(_("information shared"), blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING, db_index=True
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for the refusal"), max_length=250, blank=True)
    visit_or_interview_on = models.DateField(_("visit or interview on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    outcome_comment = models.TextField(_("comment on the outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who sent it, who recorded the answer and what it was before. The persons referred are
    # set once, when it is sent: their history would say nothing more.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral to a partner")
        verbose_name_plural = _("referrals to partners")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["answer", "sent_on"])]

    def __str__(self):
        return f"{self.household} → {self.partner}"

    def get_absolute_url(self):
        return reverse("partners:referral_detail", args=[self.pk])


# The answer link lives in its own module; Django finds its models here.
from .link_models import ReferralLink, ReferralLinkOpening  # noqa: E402, F401

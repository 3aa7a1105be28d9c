"""A household, the reference it is given and its moves along the funnel (StatusChange)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.querysets import SiteScopedQuerySet


class Status(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INFORMED = "informed", _("Informed")
    DIAGNOSED = "diagnosed", _("Diagnosed")
    PLAN_SIGNED = "plan_signed", _("Plan signed")
    RELOCATED = "relocated", _("Relocated")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ON_HOLD = "on_hold", _("On hold")


# A household whose case is over: nothing may move it any more.
ENDED = (Status.CLOSED, Status.WITHDRAWN)

# Steps reached only by moving to the target region: what leads up to the move no longer applies.
# The programme's funnel, in order: every indicator of conversion reads this order.
FUNNEL = [
    Status.REFERRED,
    Status.INFORMED,
    Status.DIAGNOSED,
    Status.PLAN_SIGNED,
    Status.RELOCATED,
    Status.FOLLOWED_UP,
    Status.CLOSED,
]
# The steps of a household that has moved: the funnel from the move on.
AFTER_THE_MOVE = tuple(FUNNEL[FUNNEL.index(Status.RELOCATED) :])


# What a user types about a household: the forms, the services and the data-set writer all
# take this list (person.PERSON_FIELDS for a person), so a new field is added here once.
HOUSEHOLD_FIELDS = (
    "site",
    "social_worker",
    "referring_partner",
    "referral_date",
    "commune",
    "departement",
    "accommodation",
    "mobility_wishes",
    "constraints",
)


class WithdrawalReason(models.TextChoices):
    SOLUTION_IN_IDF = "solution_idf", _("Found a solution in Île-de-France")
    NO_LONGER_WILLING = "not_willing", _("No longer willing to move")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    REFUSED_OFFERS = "refused_offers", _("Refused the offers made")
    HEALTH_FAMILY = "health_family", _("Health or family reasons")
    OTHER = "other", _("Other")


class Accommodation(models.TextChoices):
    EMERGENCY_SHELTER = "emergency_shelter", _("Emergency shelter")
    CADA = "cada", _("CADA (asylum seekers' reception centre)")
    CPH = "cph", _("CPH (provisional accommodation centre)")
    HUDA = "huda", _("HUDA (emergency accommodation for asylum seekers)")
    CAES = "caes", _("CAES (reception and assessment centre)")
    HOSTED = "hosted", _("Hosted by a third party")
    HOTEL = "hotel", _("Hotel")
    STREET = "street", _("Street / no fixed abode")
    PRIVATE_RENTAL = "private_rental", _("Private rental")
    SOCIAL_HOUSING = "social_housing", _("Social housing")
    HOSTEL = "hostel", _("Workers' or young workers' hostel")
    OTHER = "other", _("Other")


class HouseholdQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: their sites, or every site for directors and auditors.

    An archived household (privacy.retention: years without contact) is read by directors and
    auditors only, for the funds' controls: for everyone else it is gone from lists, searches,
    work lists and its page. The indicators never start from here, so it still counts.
    """

    def visible_to(self, user):
        rows = super().visible_to(user)
        access = getattr(user, "access", None)
        if access is not None and not access.sees_all_sites:
            rows = rows.filter(archived_at__isnull=True)
        return rows

    def not_archived(self):
        return self.filter(archived_at__isnull=True)


class Household(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    site = models.ForeignKey(
        "accounts.Site", on_delete=models.PROTECT, related_name="households", verbose_name=_("site")
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("social worker"),
    )
    referring_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_households",
        verbose_name=_("referred by"),
    )
    referral_date = models.DateField(_("referral date"))
    commune = models.CharField(_("current commune"), max_length=120, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current département"),
    )
    accommodation = models.CharField(
        _("current accommodation"), max_length=30, choices=Accommodation.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED, db_index=True
    )
    status_before_hold = models.CharField(max_length=20, choices=Status.choices, blank=True)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=30, choices=WithdrawalReason.choices, blank=True
    )
    status_comment = models.TextField(_("reason for the status"), blank=True)
    mobility_wishes = models.TextField(_("mobility wishes"), blank=True)
    constraints = models.TextField(_("constraints"), blank=True)
    # The case number in the spreadsheet it was imported from (history_import); empty for a
    # household registered here. One per site, so importing a file again creates nothing new.
    import_key = models.CharField(
        _("imported case number"), max_length=60, blank=True, editable=False
    )
    # Reference and members' names without accents or case, so a search finds "Zoé" by "zoe".
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The data life cycle (privacy.retention): the last day someone of the programme was in
    # touch with the household (households.services.household_mark_contact), when it was
    # archived for lack of contact, and when what identified its members was erased.
    last_contact_on = models.DateField(
        _("last contact on"), null=True, blank=True, editable=False, db_index=True
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    # The life-cycle dates are written by UPDATEs, never typed: no history of their own.
    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "updated_at",
            "version",
            "last_contact_on",
            "archived_at",
            "anonymised_at",
        ]
    )
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["-referral_date", "-id"]
        indexes = [
            models.Index(fields=["site", "status"]),
            # Households referred within a period (indicators).
            models.Index(fields=["referral_date"]),
            # The work lists: active households per site and social worker, counted and
            # joined without reading the table (the id makes it covering).
            models.Index(
                fields=["site", "social_worker", "id"],
                condition=~models.Q(status__in=ENDED),
                name="household_active_site_worker",
            ),
            # A social worker's households of any status, by site (their referrals waiting).
            models.Index(fields=["social_worker", "site", "id"], name="household_worker_site"),
            # Whether a reception centre referred a household within a period: one probe per
            # centre instead of reading all its households (indicator 4).
            models.Index(
                fields=["referring_partner", "referral_date"], name="household_centre_referral"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "import_key"],
                condition=~models.Q(import_key=""),
                name="household_one_import_key_per_site",
            )
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("households:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status not in ENDED

    @property
    def is_imported(self) -> bool:
        return bool(self.import_key)

    @property
    def has_moved(self) -> bool:
        """Whether the move is recorded: the page then offers only what follows it (no query)."""
        if self.status == Status.ON_HOLD:
            return self.status_before_hold in AFTER_THE_MOVE
        return self.status in AFTER_THE_MOVE


class ReferenceCounter(models.Model):
    """Last household number given in a year; locked row so two registrations never clash."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class StatusChange(models.Model):
    """One move of a household along the funnel; the dates of every milestone come from here."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.CharField(max_length=30, blank=True)
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=50, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["occurred_on", "created_at", "id"]
        indexes = [
            models.Index(fields=["to_status", "occurred_on"]),
            # The first date of each step per household (indicators' funnel and durations).
            models.Index(fields=["household", "to_status", "occurred_on"]),
        ]

    def __str__(self):
        return f"{self.household_id}: {self.from_status} → {self.to_status}"

"""Reference data the recommendations read: the yearly hiring-needs survey and the housing
zoning of communes, each imported as a dataset that keeps its source, year and import.

The programme's own history (moves and where households are at 12 months) is not stored
here: it is computed from the live relocations and follow-ups each time (selectors.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DatasetKind(models.TextChoices):
    HIRING_NEEDS = "hiring_needs", _("Hiring needs (France Travail, BMO survey)")
    HOUSING_ZONES = "housing_zones", _("Housing zoning of communes (A bis to C)")


class Zone(models.TextChoices):
    A_BIS = "Abis", "A bis"
    A = "A", "A"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C = "C", "C"


class DatasetQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(withdrawn_at__isnull=True)

    def current_first(self):
        """An imported file before a sample, then the newest year, then the newest import."""
        return self.order_by("is_sample", "-year", "-imported_at", "-id")


class Dataset(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DatasetKind.choices)
    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    # Empty for the samples shipped with the application.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # What every ranking reads of the whole dataset, added up once at import (its rows never
    # change afterwards): {"families": {code: label}, "totals": {dép.: [hires, difficult
    # hires]}} or {"zones": {dép.: {zone: communes}}}. See services.dataset_summarise.
    summary = models.JSONField(default=dict, editable=False)
    # A dataset imported by mistake (the wrong year, the wrong file) is withdrawn, not deleted:
    # the recommendations stop reading it, and the list keeps who imported and withdrew it.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference dataset")
        verbose_name_plural = _("reference datasets")
        ordering = ["kind", "-year", "-imported_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} · {self.source}"


class HiringNeed(models.Model):
    """One line of the hiring-needs survey: an occupation family in a département."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="hiring_needs", verbose_name=_("dataset")
    )
    family_code = models.CharField(_("occupation family code"), max_length=10)
    family_label = models.CharField(_("occupation family"), max_length=200)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("département"),
    )
    planned_hires = models.PositiveIntegerField(_("planned hires"))
    # Percentages, 0 to 100, as the survey publishes them.
    difficult_share = models.DecimalField(
        _("share judged difficult (%)"), max_digits=5, decimal_places=1
    )
    seasonal_share = models.DecimalField(_("share seasonal (%)"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("hiring need")
        verbose_name_plural = _("hiring needs")
        ordering = ["departement", "family_code"]
        # The ranking reads a dataset's rows of a few families, and its totals per département.
        indexes = [
            models.Index(fields=["dataset", "family_code"]),
            models.Index(fields=["dataset", "departement"]),
        ]

    def __str__(self):
        return f"{self.family_label} · {self.departement_id}"


class HousingZone(models.Model):
    """The housing-tension zone of one commune."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="housing_zones", verbose_name=_("dataset")
    )
    commune_code = models.CharField(_("commune INSEE code"), max_length=5)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("département"),
    )
    zone = models.CharField(_("zone"), max_length=4, choices=Zone.choices)

    class Meta:
        verbose_name = _("housing zone")
        verbose_name_plural = _("housing zones")
        ordering = ["commune_code"]
        indexes = [models.Index(fields=["dataset", "departement"])]

    def __str__(self):
        return f"{self.commune_code} · {self.zone}"


class DatasetUpload(models.Model):
    """A file sent for import, kept between the column-mapping step and the import itself
    (deleted once imported or discarded)."""

    kind = models.CharField(_("kind"), max_length=20, choices=DatasetKind.choices)
    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    # {file heading: column name or ""}, as chosen at the mapping step.
    mapping = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reference file sent")
        verbose_name_plural = _("reference files sent")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

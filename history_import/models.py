"""An import of past cases from a spreadsheet, and each site's column mapping.

An ImportRun follows one uploaded file from its check (the dry run, which writes nothing but
this row) to its import. The file is kept only until it is imported or discarded: what stays
is its name and SHA-256, which every record it created names in its history.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.querysets import SiteScopedQuerySet
from core.uploads import TABLE_EXTENSIONS, random_name


class RunStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Being imported")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


def import_file_path(instance, filename):
    # The original name may carry a person's name: the row keeps it, the disk does not.
    return random_name("imports", filename, extensions=TABLE_EXTENSIONS)


class ImportRunQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: runs of their sites, or every site for those who see them all."""


class ImportRun(models.Model):
    site = models.ForeignKey(
        "accounts.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # {file heading: column name} as chosen on the mapping step ("" = not imported).
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    # The dry run's findings, in the language of the user who asked for it.
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{row, column, message}]
    cases = models.JSONField(_("cases"), default=list, blank=True)  # one line per case
    summary = models.JSONField(_("summary"), default=dict, blank=True)  # counts by record kind
    failure = models.TextField(_("failure"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    language = models.CharField(max_length=10, default="fr", editable=False)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.sha256[:12]})"

    def get_absolute_url(self) -> str:
        return reverse("history_import:detail", args=[self.pk])

    @property
    def is_busy(self) -> bool:
        return self.status in (RunStatus.CHECKING, RunStatus.IMPORTING)

    @property
    def can_import(self) -> bool:
        return self.status == RunStatus.CHECKED and not self.errors and bool(self.file)


class ColumnMapping(models.Model):
    """The headings a site's files use, kept from one import to the next."""

    site = models.OneToOneField(
        "accounts.Site", on_delete=models.CASCADE, related_name="+", verbose_name=_("site")
    )
    mapping = models.JSONField(_("column mapping"), default=dict)  # {heading key: column name}
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return str(self.site)

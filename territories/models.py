from django.db import models
from django.utils.translation import gettext_lazy as _

ILE_DE_FRANCE_CODE = "11"


class Region(models.Model):
    ILE_DE_FRANCE_CODE = ILE_DE_FRANCE_CODE

    # The INSEE code is stable and meaningful, so it serves as the key rather
    # than a surrogate id; other apps and fixtures can then refer to "11".
    code = models.CharField(_("INSEE code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    is_overseas = models.BooleanField(_("overseas"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def is_ile_de_france(self):
        return self.code == ILE_DE_FRANCE_CODE


class Departement(models.Model):
    ILE_DE_FRANCE_CODE = ILE_DE_FRANCE_CODE

    # Three characters: Corsica uses "2A"/"2B" and overseas départements "971".."976".
    code = models.CharField(_("INSEE code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    # PROTECT because regions are reference data: deleting one must never
    # silently take its départements (and anything pointing at them) along.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="departements",
        verbose_name=_("region"),
    )

    class Meta:
        # Codes are compared as strings, which keeps 2A/2B next to 19/21 and
        # the overseas 97x codes at the end, as in INSEE listings.
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_ile_de_france(self):
        # Compare the raw FK value to avoid a query for the related region.
        return self.region_id == ILE_DE_FRANCE_CODE

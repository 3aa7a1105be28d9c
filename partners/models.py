from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Partner(models.Model):
    """An organisation the programme works with: referrer, employer, landlord, trainer…"""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    departement = models.ForeignKey(
        "territories.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("département"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

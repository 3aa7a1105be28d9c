from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.querysets import SiteScopedQuerySet

from .access import Access, user_access
from .roles import Role


class User(AbstractUser):
    """A person who logs in: staff of the programme or an external auditor."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def access(self) -> Access:
        """What this user may see and do (accounts/access.py), computed once per request."""
        return user_access(self)


class SiteQuerySet(SiteScopedQuerySet):
    """`visible_to(user)`: the sites whose data the user may read (all for directors, auditors)."""

    site_field = "pk"


class Site(models.Model):
    """An office or antenna of the programme; households belong to one site."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Gives a user a role on a site. Directors and auditors see every site whatever the site."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("site")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "site", "role"], name="membership_unique_role")
        ]

    def __str__(self):
        return f"{self.user} · {self.site} · {self.get_role_display()}"


class AccessLog(models.Model):
    """Who opened which personal file and when: kept for data-protection requests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs"
    )
    object_type = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField()
    path = models.CharField(max_length=255)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} {self.object_type}#{self.object_id} {self.at:%Y-%m-%d %H:%M}"

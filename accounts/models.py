from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


class AccessEventQuerySet(models.QuerySet):
    """The access log is append-only: the app may add rows and read them, never change them.

    Only the retention purge removes rows, through `_purge_before` (accounts/access_log_purge.py);
    a queryset `update()` or `delete()` anywhere else raises, so a slip cannot rewrite history.
    """

    def update(self, **kwargs):
        raise AccessEventImmutable

    def delete(self):
        raise AccessEventImmutable

    def bulk_update(self, objs, fields, batch_size=None):
        raise AccessEventImmutable

    def update_or_create(self, *args, **kwargs):
        raise AccessEventImmutable

    def _purge_before(self, cutoff) -> int:
        """The one private way out: delete the rows older than `cutoff`, without signals."""
        stale = self.model._base_manager.filter(at__lt=cutoff)
        return stale._raw_delete(using=stale.db)


class AccessEventImmutable(Exception):
    """Raised when code tries to change or delete an access-log row."""

    def __init__(self):
        super().__init__("The access log is append-only; rows are never changed or deleted.")


class AccessEvent(models.Model):
    """Who viewed, exported, printed or downloaded which file, and every login and refusal.

    It keeps ids and URL names only (never a name or a note), so the log itself holds no case
    content; `username` survives the user's deletion. Kept ACCESS_LOG_RETENTION_MONTHS.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        PRINT = "print", _("printed")
        DOWNLOAD = "download", _("downloaded")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOCKOUT = "lockout", _("locked out")
        LOGOUT = "logout", _("logged out")
        REFUSED = "refused", _("access refused")
        SUBJECT_ACCESS = "subject_access", _("right-of-access export")
        ANONYMISE = "anonymise", _("anonymised")
        OTP_FAILED = "otp_failed", _("second factor failed")

    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # Plain ids, not foreign keys: accounts sits below households, and an event outlives the
    # household's anonymisation.
    household_id = models.PositiveBigIntegerField(_("household id"), null=True, blank=True)
    person_id = models.PositiveBigIntegerField(_("person id"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=120, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="accessevent_at"),
            models.Index(fields=["user", "-at"], name="accessevent_user_at"),
            models.Index(fields=["household_id", "-at"], name="accessevent_household_at"),
            models.Index(fields=["person_id", "-at"], name="accessevent_person_at"),
            models.Index(fields=["action", "-at"], name="accessevent_action_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.subject}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AccessEventImmutable
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AccessEventImmutable

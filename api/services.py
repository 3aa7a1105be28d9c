"""Writes of personal API tokens: create (the secret returned once) and revoke."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.rules import RuleError

from .models import ApiToken

# "cdf_" tells a reader (and secret scanners) what the string is.
SECRET_PREFIX = "cdf_"  # noqa: S105 (a visible prefix, not a secret)
DEFAULT_DAYS = 90
MAX_DAYS = 366
# A user keeps a handful of tokens (a script, a spreadsheet, a test); more is a leak waiting.
MAX_USABLE_PER_USER = 20
# How stale "last used at" may be: the write it costs is skipped within this time.
TOUCH_AT_MOST_EVERY = datetime.timedelta(minutes=1)


class TokenRuleError(RuleError):
    """A token could not be created or revoked; nothing was written."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def secret_hash(secret: str) -> str:
    """The stored form of a secret (hex SHA-256)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _check_expiry(expires_on: datetime.date, now: datetime.datetime) -> None:
    today = timezone.localdate(now)
    if expires_on <= today:
        raise TokenRuleError(_("The token must expire after today."))
    if expires_on > today + datetime.timedelta(days=MAX_DAYS):
        raise TokenRuleError(_("A token lasts one year at most."))


@transaction.atomic
def api_token_create(*, user, by, name: str, expires_on: datetime.date | None = None) -> NewToken:
    """Create a token for `user`, valid until the end of `expires_on` (Paris time; default in
    90 days, one year at most). Returns the token and its secret, which is never stored."""
    now = timezone.now()
    if expires_on is None:
        expires_on = timezone.localdate(now) + datetime.timedelta(days=DEFAULT_DAYS)
    _check_expiry(expires_on, now)
    name = name.strip()
    if not name:
        raise TokenRuleError(_("Give the token a name."))
    # The user's row locked first: two tokens made at once count each other.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if ApiToken.objects.filter(user=user).usable(now=now).count() >= MAX_USABLE_PER_USER:
        raise TokenRuleError(
            _("You already have %(count)s valid tokens: revoke one first.")
            % {"count": MAX_USABLE_PER_USER}
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    end_of_day = datetime.datetime.combine(
        expires_on + datetime.timedelta(days=1), datetime.time.min
    )
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[: len(SECRET_PREFIX) + 4],
        secret_hash=secret_hash(secret),
        created_at=now,
        expires_at=timezone.make_aware(end_of_day),
    )
    token._history_user = by
    token.save()
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke the token at once; revoking it again changes nothing."""
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current._history_user = by
        current.save()
    return current


def api_token_touch(*, token: ApiToken, now: datetime.datetime) -> None:
    """Note that the token was used now: one UPDATE, no history (a use changes nothing).

    At most once a minute per token: a client reading page after page would otherwise write a
    row for every read, and "last used" to the minute is all its owner needs to see.
    """
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_AT_MOST_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now

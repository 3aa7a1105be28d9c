"""Reads of personal API tokens: each user sees and revokes only their own."""

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (one query)."""
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(*, user, pk: int) -> ApiToken:
    """The user's own token, or 404 (another user's token does not exist for them)."""
    return get_object_or_404(ApiToken.objects.filter(user=user), pk=pk)


def api_token_for_secret(*, secret_hash: str) -> ApiToken | None:
    """The usable token with this hash and its user, or None (unknown, revoked, expired);
    `user_has_second_factor` says, in the same query, whether its user has one today."""
    return (
        ApiToken.objects.usable(now=timezone.now())
        .select_related("user")
        .annotate(
            user_has_second_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
            )
        )
        .filter(secret_hash=secret_hash)
        .first()
    )

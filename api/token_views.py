"""Each signed-in user's page of personal API tokens: create, list, revoke their own.

Every role may hold tokens (auditors read through them too): a token never reaches further
than its user's pages. Creation and revocation are kept in the token's history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import user_access
from core.rules import RuleError

from . import selectors, services
from .forms import TokenCreateForm, TokenRevokeForm


def _require_member(user) -> None:
    # A user without any role (an account being set up) has nothing to read: no token.
    if not (user_access(user).roles or user_access(user).is_admin):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def token_list(request):
    """The list and the creation form. A created token's secret is shown in this answer only,
    never stored nor put in the session: hence a page rendered here, not a redirect."""
    _require_member(request.user)
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.api_token_create(
                user=request.user,
                by=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "api/token_created.html", {"created": created})
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": selectors.api_token_list(user=request.user)},
    )


@require_POST
def token_revoke(request):
    _require_member(request.user)
    form = TokenRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a token to revoke."))
        return redirect("api:tokens")
    token = selectors.api_token_get_for_user(user=request.user, pk=form.cleaned_data["token"])
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:tokens")

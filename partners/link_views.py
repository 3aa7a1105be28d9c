"""The answer link: the partner's public page, and the staff's buttons to send and revoke it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_write

from . import referral_links, selectors
from .link_forms import LinkAnswerForm, LinkSendForm
from .link_models import OpeningOutcome
from .services import PartnerRuleError


def _gone(request):
    # One page and one status for an unknown, expired, revoked, answered or withdrawn link:
    # nothing tells whether a token ever existed.
    return render(request, "partners/link_gone.html", status=404)


@login_not_required  # the partner has no account: the token is the only key
@never_cache
@require_http_methods(["GET", "POST"])
def link_answer(request, token):
    """Show the partner what the consent allows of the referral, and take its answer."""
    link, outcome = referral_links.referral_link_open(token=token)
    if link is None or outcome != OpeningOutcome.SHOWN:
        return _gone(request)
    # Bound on every POST, an empty one too: the partner then sees what is missing.
    form = LinkAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_links.referral_link_answer(token=token, **form.cleaned_data)
        except referral_links.LinkUnusable:
            return _gone(request)
        except PartnerRuleError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "partners/link_thanks.html")
    return render(
        request,
        "partners/link_answer.html",
        {"form": form, "facts": selectors.link_page_facts(link=link)},
    )


@require_POST
def referral_link_send(request, pk):
    """Send (or send again, replacing the previous one) the answer link to a partner contact."""
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    require_write(request.user, referral.household.site_id)
    form = LinkSendForm(request.POST, partner=referral.partner)
    if form.is_valid():
        try:
            link = referral_links.referral_link_create(
                referral=referral, contact=form.cleaned_data["contact"], by=request.user
            )
        except PartnerRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The answer link is being sent to %(email)s.") % {"email": link.sent_to}
            )
    else:
        messages.error(request, _("Choose a contact of the partner with an e-mail address."))
    return redirect(referral)


@require_POST
def referral_link_revoke(request, pk):
    """Stop an answer link at once."""
    link = selectors.referral_link_get_for_user(user=request.user, pk=pk)
    require_write(request.user, link.referral.household.site_id)
    try:
        referral_links.referral_link_revoke(link=link, by=request.user)
    except PartnerRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The answer link is revoked: it no longer works."))
    return redirect(link.referral)

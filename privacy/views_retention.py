"""The retention pages: what will soon be archived, and the erasure a household asks for."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import user_access
from core.dates import today
from core.views import form_response
from households.selectors import household_get_for_user

from .anonymise import erasure_refusal, household_erase_on_request
from .forms_retention import ErasureForm
from .retention import archiving_day, households_soon_archived


@require_GET
def soon_archived(request):
    """Coordinators see the households of their sites archived within the warning period, so
    that a contact can be recorded in time for those still followed. Two queries: the
    memberships and the list."""
    coordinated = user_access(request.user).coordinated_site_ids()
    if coordinated is not None and not coordinated:
        raise PermissionDenied
    households = list(households_soon_archived(on=today(), site_ids=coordinated))
    for household in households:
        household.archived_on = archiving_day(household.last_contact)
    return render(request, "privacy/soon_archived.html", {"households": households})


@require_http_methods(["GET", "POST"])
def erasure_request(request, pk):
    """A director anonymises a household at once, on its members' request; the page says why
    it cannot be done while a grant's retention runs, and nothing changes then."""
    household = household_get_for_user(user=request.user, pk=pk)
    if not user_access(request.user).is_director:
        raise PermissionDenied
    return form_response(
        request,
        form=ErasureForm(request.POST or None),
        save=lambda form: household_erase_on_request(
            household=household, by=request.user, request=request
        ),
        done=_("The household is anonymised."),
        template="privacy/erasure_request.html",
        context=lambda: {"household": household, "refusal": erasure_refusal(household)},
    )

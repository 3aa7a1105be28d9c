from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_coordinator, require_write, user_access
from core.dates import today
from core.pagination import WindowPaginator
from core.views import form_response, post_action

from . import caseload, funnel, selectors, services
from .filters import HouseholdFilter
from .forms import (
    AssignForm,
    ConsentForm,
    HouseholdForm,
    PersonForm,
    StatusChangeForm,
    TransferSiteForm,
)
from .models import ConsentScope
from .timeline import timeline_for_household, timeline_split

PAGE_SIZE = 25


def household_list(request):
    """Households of the user's sites, filtered, searched (accent-blind) and paginated."""
    filterset = HouseholdFilter(
        request.GET, queryset=selectors.household_list(user=request.user), user=request.user
    )
    # Exact up to 10,000 households, "more than 10,000" beyond (core/pagination.py): a count
    # of every household of a large programme would cost more than the page itself.
    page = WindowPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = (
        "households/_household_table.html" if request.htmx else "households/household_list.html"
    )
    access = user_access(request.user)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "querystring": query.urlencode(),
            # A user of one site knows where every household is: the column would only repeat it.
            "show_site": access.sees_all_sites or len(access.site_ids) > 1,
        },
    )


@require_http_methods(["GET", "POST"])
def household_create(request):
    access = user_access(request.user)
    writable = access.writable_site_ids()
    if access.is_read_only or (writable is not None and not writable):
        raise PermissionDenied
    return form_response(
        request,
        form=HouseholdForm(request.POST or None, writable_site_ids=writable),
        save=lambda form: services.household_register(
            by=request.user,
            consents=form.consent_scopes(),
            consents_given_on=form.cleaned_data["consents_given_on"],
            **form.service_fields(),
        ),
        done=lambda household: (
            _("Household %(ref)s registered. Add its members now.") % {"ref": household.reference}
        ),
        template="households/household_form.html",
    )


def household_detail(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    past, upcoming = timeline_split(timeline_for_household(household=household, user=request.user))
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": household.members.all(),
            "consents": household.consents.select_related("recorded_by"),
            "milestones": selectors.household_milestones(household=household),
            "timeline": past,
            "upcoming": upcoming,
            "history": selectors.household_history(
                household=household, include_notes=access.reads_free_text
            ),
            "days_since_referral": (today() - household.referral_date).days,
            "can_write": access.can_write_site(household.site_id),
            "can_assign": access.coordinates_site(household.site_id),
            "can_move_site": selectors.household_can_move_site(
                user=request.user, household=household
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def household_update(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)

    def save(form):
        fields = form.service_fields()
        # The site is shown, not edited: moving to another site is household_transfer_site.
        fields.pop("site")
        return services.household_update(
            household=household,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            **fields,
        )

    return form_response(
        request,
        form=HouseholdForm(request.POST or None, instance=household),
        save=save,
        done=_("Household updated."),
        template="households/household_form.html",
        context={"household": household},
    )


@require_http_methods(["GET", "POST"])
def household_status(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    return form_response(
        request,
        form=StatusChangeForm(request.POST or None, household=household),
        save=lambda form: funnel.household_transition(
            household=household, by=request.user, **form.cleaned_data
        ),
        done=_("Status changed."),
        template="households/household_status.html",
        context={"household": household},
    )


@require_http_methods(["GET", "POST"])
def household_assign(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, household.site_id)
    return form_response(
        request,
        form=AssignForm(request.POST or None, household=household),
        save=lambda form: caseload.household_assign(
            household=household, by=request.user, **form.cleaned_data
        ),
        done=_("Household assigned."),
        template="households/household_assign.html",
        context={"household": household},
    )


@require_http_methods(["GET", "POST"])
def household_transfer_site(request, pk):
    """Move the household to another site the coordinator also coordinates, with the social
    worker who takes it over there."""
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, household.site_id)
    form = TransferSiteForm(request.POST or None, household=household, user=request.user)
    return form_response(
        request,
        form=form,
        save=lambda form: caseload.household_transfer_site(
            household=household, by=request.user, **form.cleaned_data
        ),
        done=lambda moved: _("Household moved to the site %(site)s.") % {"site": moved.site},
        template="households/household_transfer_site.html",
        context=lambda: {
            "household": household,
            "can_choose": form.fields["to_site"].queryset.exists(),
        },
    )


def _duplicates_for(request, form, exclude_pk=None):
    data = form.cleaned_data
    return selectors.person_duplicate_warnings(
        user=request.user,
        first_name=data["first_name"],
        last_name=data["last_name"],
        birth_date=data["birth_date"],
        exclude_pk=exclude_pk,
    )


@require_http_methods(["GET", "POST"])
def person_create(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    confirming = request.method == "POST" and "confirm_not_duplicate" in request.POST
    form = PersonForm(request.POST or None, show_duplicate_confirmation=confirming)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates_for(request, form)
    # A possible duplicate is shown before saving; the user confirms on the same form.
    hold = bool(duplicates) and not form.cleaned_data.get("confirm_not_duplicate")
    if hold:
        form = PersonForm(request.POST, show_duplicate_confirmation=True)
    next_url = (
        reverse("households:person_create", args=[household.pk])
        if "add_another" in request.POST
        else household.get_absolute_url()
    )
    return form_response(
        request,
        form=form,
        save=lambda form: services.person_add(
            household=household, by=request.user, **form.service_fields()
        ),
        done=lambda person: _("%(name)s added.") % {"name": person},
        next_url=next_url,
        hold=hold,
        template="households/person_form.html",
        context={"household": household, "duplicates": duplicates},
    )


@require_http_methods(["GET", "POST"])
def person_update(request, pk):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    household = person.household
    require_write(request.user, household.site_id)
    return form_response(
        request,
        form=PersonForm(request.POST or None, instance=person),
        save=lambda form: services.person_update(
            person=person,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        ),
        done=lambda person: _("%(name)s updated.") % {"name": person},
        next_url=household.get_absolute_url(),
        template="households/person_form.html",
        context={"household": household, "person": person},
    )


@require_http_methods(["GET", "POST"])
def person_delete(request, pk):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    household = person.household
    require_write(request.user, household.site_id)
    if request.method == "POST":
        return post_action(
            request,
            action=lambda: services.person_remove(person=person, by=request.user),
            done=_("%(name)s removed from the household.") % {"name": person},
            next_url=household.get_absolute_url(),
        )
    return render(
        request, "households/person_confirm_delete.html", {"person": person, "household": household}
    )


def _local_url(value: str) -> str:
    """`value` when it is a page of this site given as a path, else "": a link that carries
    `next` must never send the user to another site."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return value
    return ""


@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    """Record a consent, then go back to the household, or to the form that needed it
    (`next`, e.g. a referral to a partner with what the user had typed)."""
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    back_url = _local_url(request.POST.get("next") or request.GET.get("next", ""))
    initial = {"next": back_url}
    if request.GET.get("scope") in ConsentScope.values:
        initial["scope"] = request.GET["scope"]
    return form_response(
        request,
        form=ConsentForm(request.POST or None, initial=initial),
        save=lambda form: services.consent_record(
            household=household, by=request.user, **form.service_fields()
        ),
        done=_("Consent recorded."),
        next_url=back_url or household.get_absolute_url(),
        template="households/consent_form.html",
        context={"household": household, "back_url": back_url},
    )


@require_POST
def consent_withdraw(request, pk):
    consent = selectors.consent_get_for_user(user=request.user, pk=pk)
    require_write(request.user, consent.household.site_id)
    return post_action(
        request,
        action=lambda: services.consent_withdraw(consent=consent, by=request.user),
        done=_("Consent withdrawn."),
        next_url=consent.household.get_absolute_url(),
    )

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_coordinator, require_write, user_access
from accounts.services import access_log_record
from core.dates import today
from core.rules import RuleError

from . import selectors, services
from .filters import HouseholdFilter
from .forms import AssignForm, ConsentForm, HouseholdForm, PersonForm, StatusChangeForm
from .timeline import timeline_for_household

PAGE_SIZE = 25


def household_list(request):
    """Households of the user's sites, filtered, searched (accent-blind) and paginated."""
    filterset = HouseholdFilter(
        request.GET, queryset=selectors.household_list(user=request.user), user=request.user
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = (
        "households/_household_table.html" if request.htmx else "households/household_list.html"
    )
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "querystring": query.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def household_create(request):
    access = user_access(request.user)
    writable = access.writable_site_ids()
    if access.is_read_only or (writable is not None and not writable):
        raise PermissionDenied
    form = HouseholdForm(request.POST or None, writable_site_ids=writable)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            household = services.household_create(by=request.user, **fields)
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Household %(ref)s registered. Add its members now.")
                % {"ref": household.reference},
            )
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/household_form.html", {"form": form})


def household_detail(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    access_log_record(user=request.user, obj=household, path=request.path)
    access = user_access(request.user)
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": household.members.all(),
            "consents": household.consents.select_related("recorded_by"),
            "milestones": selectors.household_milestones(household=household),
            "timeline": timeline_for_household(household=household, user=request.user),
            "history": selectors.household_history(
                household=household, include_notes=access.sees_notes
            ),
            "days_since_referral": (today() - household.referral_date).days,
            "can_write": access.can_write_site(household.site_id),
            "can_assign": access.coordinates_site(household.site_id),
            "show_notes": access.sees_notes,
        },
    )


@require_http_methods(["GET", "POST"])
def household_update(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    form = HouseholdForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields.pop("site")
        try:
            services.household_update(
                household=household,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **fields,
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Household updated."))
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/household_form.html", {"form": form, "household": household})


@require_http_methods(["GET", "POST"])
def household_status(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    form = StatusChangeForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_transition(
                household=household,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                occurred_on=form.cleaned_data["occurred_on"],
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Status changed."))
            return redirect("households:detail", pk=household.pk)
    return render(
        request, "households/household_status.html", {"form": form, "household": household}
    )


@require_http_methods(["GET", "POST"])
def household_assign(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, household.site_id)
    form = AssignForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_assign(
                household=household,
                social_worker=form.cleaned_data["social_worker"],
                by=request.user,
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Household assigned."))
            return redirect("households:detail", pk=household.pk)
    return render(
        request, "households/household_assign.html", {"form": form, "household": household}
    )


def _duplicates_for(request, form, exclude_pk=None):
    data = form.cleaned_data
    matches = list(
        selectors.person_possible_duplicates(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            exclude_pk=exclude_pk,
        )
    )
    visible = set(
        selectors.household_list(user=request.user)
        .filter(pk__in=[m.household_id for m in matches])
        .values_list("pk", flat=True)
    )
    return [{"person": m, "visible": m.household_id in visible} for m in matches]


@require_http_methods(["GET", "POST"])
def person_create(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    confirming = request.method == "POST" and "confirm_not_duplicate" in request.POST
    form = PersonForm(request.POST or None, show_duplicate_confirmation=confirming)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates_for(request, form)
        if duplicates and not form.cleaned_data.get("confirm_not_duplicate"):
            # Show the match before saving; the user confirms on the same form.
            form = PersonForm(request.POST, show_duplicate_confirmation=True)
            form.is_valid()
        else:
            try:
                person = services.person_add(
                    household=household, by=request.user, **form.service_fields()
                )
            except RuleError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(name)s added.") % {"name": person})
                if "add_another" in request.POST:
                    return redirect("households:person_create", pk=household.pk)
                return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/person_form.html",
        {"form": form, "household": household, "duplicates": duplicates},
    )


@require_http_methods(["GET", "POST"])
def person_update(request, pk):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    household = person.household
    require_write(request.user, household.site_id)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.service_fields(),
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s updated.") % {"name": person})
            return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/person_form.html",
        {"form": form, "household": household, "person": person},
    )


@require_http_methods(["GET", "POST"])
def person_delete(request, pk):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    household = person.household
    require_write(request.user, household.site_id)
    if request.method == "POST":
        services.person_remove(person=person, by=request.user)
        messages.success(request, _("%(name)s removed from the household.") % {"name": person})
        return redirect("households:detail", pk=household.pk)
    return render(
        request, "households/person_confirm_delete.html", {"person": person, "household": household}
    )


@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    household = selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(household=household, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/consent_form.html", {"form": form, "household": household})


@require_POST
def consent_withdraw(request, pk):
    consent = selectors.consent_get_for_user(user=request.user, pk=pk)
    require_write(request.user, consent.household.site_id)
    try:
        services.consent_withdraw(consent=consent, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Consent withdrawn."))
    return redirect("households:detail", pk=consent.household_id)

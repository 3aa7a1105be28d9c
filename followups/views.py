from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import require_coordinator, require_write, user_access
from accounts.selectors import social_workers_of
from core.fields import id_or_none
from core.views import form_response
from households import caseload as household_caseload
from households import funnel as household_funnel
from households import selectors as household_selectors

from . import selectors, services
from .forms import CloseForm, DueDateForm, FollowUpRecordForm, MissedForm, TransferForm
from .models import FollowUp


def caseload(request):
    """The user's own caseload: the social workers' home page (reporting.home_views), and a
    page of its own for coordinators who also follow households themselves."""
    return render(
        request,
        "followups/caseload.html",
        {"caseload": selectors.caseload_for(user=request.user)},
    )


def site_overview(request):
    """The coordinators' home page (reporting.home_views): their sites' late items first."""
    require_coordinator(request.user)
    return render(
        request,
        "followups/site_overview.html",
        selectors.site_overview(user=request.user),
    )


def late_list(request):
    """Every late follow-up and plan step of the coordinator's sites, a page at a time: the
    site overview shows only the latest (selectors.LATE_SHOWN) and links here."""
    require_coordinator(request.user)
    return render(
        request,
        "followups/late_list.html",
        selectors.late_list_page(user=request.user, page_number=request.GET.get("page")),
    )


@require_http_methods(["GET", "POST"])
def caseload_transfer(request):
    """Tick households of one social worker and hand them to a colleague of the same site."""
    require_coordinator(request.user)
    site_ids = selectors.coordinated_site_ids(user=request.user)
    workers = social_workers_of(site_ids)
    from_pk = request.POST.get("from_worker") or request.GET.get("from_worker")
    from_id = id_or_none(from_pk or "")
    from_worker = workers.filter(pk=from_id).first() if from_id else None
    context = {"workers": workers, "from_worker": from_worker}
    if from_worker is None:
        if request.method == "POST":
            messages.error(request, _("Choose whose households to transfer."))
        return render(request, "followups/transfer.html", {"form": None, **context})
    form = TransferForm(
        request.POST if request.method == "POST" else None,
        households=selectors.transferable_households(user=request.user, from_worker=from_worker),
        workers=workers,
        from_worker=from_worker,
    )
    return form_response(
        request,
        form=form,
        save=lambda form: household_caseload.caseload_transfer(
            households=list(form.cleaned_data["households"]),
            to_social_worker=form.cleaned_data["to_social_worker"],
            by=request.user,
        ),
        done=lambda moved: (
            _("%(count)s household(s) transferred to %(user)s.")
            % {"count": moved, "user": form.cleaned_data["to_social_worker"]}
        ),
        next_url=reverse("followups:site_overview"),
        template="followups/transfer.html",
        context=context,
    )


def followup_detail(request, pk):
    followup = selectors.followup_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    return render(
        request,
        "followups/followup_detail.html",
        {
            "followup": followup,
            "household": followup.household,
            "can_write": access.can_write_site(followup.household.site_id)
            and followup.household.is_active,
        },
    )


def _writable_followup(request, pk) -> FollowUp:
    followup = selectors.followup_get_for_user(user=request.user, pk=pk)
    require_write(request.user, followup.household.site_id)
    return followup


def _followup_form(request, form, save, *, done, title, household, followup=None):
    """The one shape of the follow-up forms: they all go back to the household page."""
    return form_response(
        request,
        form=form,
        save=save,
        done=done,
        next_url=household.get_absolute_url(),
        template="followups/followup_form.html",
        context={"followup": followup, "household": household, "title": title},
    )


@require_http_methods(["GET", "POST"])
def followup_record(request, pk):
    """Record what the follow-up found (the overdue lists link here).

    A form opened before someone else's save is refused as stale and shown again with what
    was typed, carrying the version now saved: saving again replaces that change knowingly.
    """
    followup = _writable_followup(request, pk)
    form = FollowUpRecordForm(request.POST or None, instance=followup)
    return _followup_form(
        request,
        form,
        lambda form: services.followup_record(
            followup=followup,
            by=request.user,
            # A missing version is refused as stale: the form always carries one.
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        ),
        done=_("Follow-up recorded."),
        title=_("Record the follow-up"),
        household=followup.household,
        followup=followup,
    )


@require_http_methods(["GET", "POST"])
def followup_reschedule(request, pk):
    followup = _writable_followup(request, pk)
    form = DueDateForm(
        request.POST or None,
        initial={"due_on": followup.due_on},
        submit_label=_("Change the date"),
    )
    return _followup_form(
        request,
        form,
        lambda form: services.followup_reschedule(
            followup=followup, by=request.user, due_on=form.cleaned_data["due_on"]
        ),
        done=_("Follow-up moved to another date."),
        title=_("Change the date of the follow-up"),
        household=followup.household,
        followup=followup,
    )


@require_http_methods(["GET", "POST"])
def followup_missed(request, pk):
    """Say the household could not be reached, and on which day (history entered later)."""
    followup = _writable_followup(request, pk)
    return _followup_form(
        request,
        MissedForm(request.POST or None),
        lambda form: services.followup_mark_missed(
            followup=followup, by=request.user, missed_on=form.cleaned_data["missed_on"]
        ),
        done=_("Follow-up marked as missed."),
        title=_("Mark the follow-up as missed"),
        household=followup.household,
        followup=followup,
    )


@require_http_methods(["GET", "POST"])
def followup_add(request, pk):
    household = household_selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    form = DueDateForm(request.POST or None, submit_label=_("Plan the follow-up"))
    return _followup_form(
        request,
        form,
        lambda form: services.followup_add(
            household=household, by=request.user, due_on=form.cleaned_data["due_on"]
        ),
        done=_("Extra follow-up planned."),
        title=_("Plan an extra follow-up"),
        household=household,
    )


@require_http_methods(["GET", "POST"])
def household_close(request, pk):
    """Close the case; a coordinator may close before the last follow-up, with a reason."""
    household = household_selectors.household_get_for_user(user=request.user, pk=pk)
    require_write(request.user, household.site_id)
    if not household.is_active:
        messages.info(request, _("This household is already closed or withdrawn."))
        return redirect("households:detail", pk=household.pk)
    return form_response(
        request,
        form=CloseForm(request.POST or None),
        save=lambda form: household_funnel.household_close(
            household=household,
            by=request.user,
            reason=form.cleaned_data["reason"],
            closed_on=form.cleaned_data["closed_on"],
        ),
        done=_("Household closed."),
        template="followups/household_close.html",
        context=lambda: {
            "household": household,
            "open_followups": [
                f for f in selectors.followups_for_household(household=household) if f.is_open
            ],
            "can_override": user_access(request.user).coordinates_site(household.site_id),
        },
    )

"""Funders and grants: read by directors, auditors, admins and the coordinators of the sites a
grant covers; recorded and moved on by directors and admins."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import user_access
from core.dates import today
from core.views import form_response, post_action
from households.models import ProtectionStatus

from . import selectors, services, time_selectors
from .forms import FunderForm, GrantForm, GrantIndicatorForm
from .models import GrantStatus


def _require_grant_reader(user) -> None:
    # Social workers never see the money side: a 403, not a list that is always empty.
    if not selectors.may_read_grants(user):
        raise PermissionDenied


def _require_grant_manager(user) -> None:
    # Directors sign the agreements with the funders (is_director is true for admins too).
    if not user_access(user).is_director:
        raise PermissionDenied


def _grant_for_manager(request, pk):
    _require_grant_manager(request.user)
    return selectors.grant_get_for_user(user=request.user, pk=pk)


def _detail_url(grant) -> str:
    return reverse("funding:grant_detail", args=[grant.pk])


def grant_list(request):
    """Every grant the user reads, with its funder and sites: three queries."""
    _require_grant_reader(request.user)
    grants = selectors.grant_list(request.user).prefetch_related("sites")
    return render(
        request,
        "funding/grant_list.html",
        {
            "grants": grants,
            "can_edit": user_access(request.user).is_director,
            "can_read_staff_costs": time_selectors.may_read_staff_costs(request.user),
        },
    )


def grant_detail(request, pk):
    _require_grant_reader(request.user)
    grant = selectors.grant_get_for_user(user=request.user, pk=pk)
    labels = dict(ProtectionStatus.choices)
    can_edit = user_access(request.user).is_director
    indicator_form = None
    if can_edit:
        indicator_form = GrantIndicatorForm()
        indicator_form.helper.form_action = reverse("funding:grant_indicator_set", args=[grant.pk])
    return render(
        request,
        "funding/grant_detail.html",
        {
            "grant": grant,
            "sites": grant.sites.order_by("name"),
            "statuses": [labels.get(value, value) for value in grant.eligible_statuses],
            "indicators": grant.indicators.all(),
            "can_edit": can_edit,
            "indicator_form": indicator_form,
        },
    )


@require_http_methods(["GET", "POST"])
def grant_create(request):
    _require_grant_manager(request.user)
    return form_response(
        request,
        form=GrantForm(request.POST or None),
        save=lambda form: _detail_url(
            services.grant_create(
                by=request.user,
                funder=form.cleaned_data["funder"],
                agreement_reference=form.cleaned_data["agreement_reference"],
                sites=form.cleaned_data["sites"],
                **form.service_fields(),
            )
        ),
        done=_("Grant recorded."),
        template="funding/grant_form.html",
    )


@require_http_methods(["GET", "POST"])
def grant_update(request, pk):
    grant = _grant_for_manager(request, pk)
    return form_response(
        request,
        form=GrantForm(request.POST or None, instance=grant),
        save=lambda form: services.grant_update(
            grant=grant,
            by=request.user,
            sites=form.cleaned_data["sites"],
            # A missing version is refused as stale: the edit form always carries one.
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_fields(),
        ),
        next_url=_detail_url(grant),
        done=_("Grant updated."),
        template="funding/grant_form.html",
        context={"grant": grant},
    )


@require_POST
def grant_sign(request, pk):
    grant = _grant_for_manager(request, pk)
    return post_action(
        request,
        action=partial(
            services.grant_update,
            grant=grant,
            by=request.user,
            status=GrantStatus.SIGNED,
            signed_on=grant.signed_on or today(),
        ),
        done=_("Grant signed."),
        next_url=_detail_url(grant),
    )


@require_POST
def grant_close(request, pk):
    grant = _grant_for_manager(request, pk)
    return post_action(
        request,
        action=partial(
            services.grant_update, grant=grant, by=request.user, status=GrantStatus.CLOSED
        ),
        done=_("Grant closed."),
        next_url=_detail_url(grant),
    )


@require_http_methods(["GET", "POST"])
def grant_indicator_set(request, pk):
    """The target form of the grant page; shown alone again when it is refused."""
    grant = _grant_for_manager(request, pk)
    return form_response(
        request,
        form=GrantIndicatorForm(request.POST or None),
        save=lambda form: services.grant_indicator_set(
            grant=grant, by=request.user, **form.cleaned_data
        ),
        done=_("Target saved."),
        template="funding/grant_indicator_form.html",
        context={"grant": grant},
        next_url=_detail_url(grant),
    )


@require_http_methods(["GET", "POST"])
def funder_create(request):
    _require_grant_manager(request.user)
    return form_response(
        request,
        form=FunderForm(request.POST or None),
        save=lambda form: services.funder_create(by=request.user, **form.cleaned_data),
        done=_("Funder added."),
        template="funding/funder_form.html",
        # Back to the new grant's form, where the funder is now a choice.
        next_url=reverse("funding:grant_create"),
    )

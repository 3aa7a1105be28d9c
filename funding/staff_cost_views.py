"""The staff-cost pages: what each member of staff costs in a year, and its hourly rate.

Salaries are confidential: directors, auditors and admins read them; directors and admins
record them; coordinators and social workers get 403.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.views import form_response

from . import services, time_selectors
from .time_forms import StaffCostForm

PAGE_SIZE = 50


def _require_reader(user) -> None:
    if not time_selectors.may_read_staff_costs(user):
        raise PermissionDenied


def _require_recorder(user) -> None:
    if not time_selectors.may_write_staff_costs(user):
        raise PermissionDenied


def staff_cost_list(request):
    """Every staff cost, newest year first, paginated: two queries (count and page)."""
    _require_reader(request.user)
    page = Paginator(time_selectors.staff_cost_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "funding/staff_cost_list.html",
        {
            "page": page,
            "querystring": "",
            "can_record": time_selectors.may_write_staff_costs(request.user),
        },
    )


def _save(request, form, *, staff, year):
    services.staff_cost_set(by=request.user, staff=staff, year=year, **form.service_fields())
    return reverse("funding:staff_cost_list")


@require_http_methods(["GET", "POST"])
def staff_cost_create(request):
    _require_recorder(request.user)
    return form_response(
        request,
        form=StaffCostForm(request.POST or None),
        save=lambda form: _save(
            request, form, staff=form.cleaned_data["staff"], year=form.cleaned_data["year"]
        ),
        done=_("Staff cost recorded."),
        template="funding/staff_cost_form.html",
        context={"title": _("Record a staff cost")},
    )


@require_http_methods(["GET", "POST"])
def staff_cost_update(request, pk):
    _require_recorder(request.user)
    cost = time_selectors.staff_cost_get_for_user(user=request.user, pk=pk)
    return form_response(
        request,
        form=StaffCostForm(request.POST or None, instance=cost),
        save=lambda form: _save(request, form, staff=cost.staff, year=cost.year),
        done=_("Staff cost updated."),
        template="funding/staff_cost_form.html",
        context={"title": _("Change a staff cost"), "cost": cost},
    )

"""The time pages: "My time" (a month of one's own hours), the timesheets and their signatures.

Who: every member of staff who records activities (social workers, coordinators, directors,
admins) keeps their own time; external auditors have none (403) but read every timesheet.
Timesheets are read by their member of staff, the coordinators of their grant, directors,
auditors and admins (time_selectors.timesheet_list); directors and admins countersign.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.dates import add_months, today
from core.views import form_response, post_action

from . import services, time_selectors
from .models import TimesheetStatus, TimeSource
from .time_forms import (
    MonthForm,
    TimeEntryCorrectionForm,
    TimeEntryForm,
    TimeEntryGrantForm,
    TimesheetFilter,
    TimesheetValidateForm,
)

PAGE_SIZE = 50


def _require_time_keeper(user) -> None:
    # Auditors check the sheets of others and have no hours of their own.
    if not time_selectors.may_keep_time(user):
        raise PermissionDenied


def _entry_for(request, pk):
    _require_time_keeper(request.user)
    return time_selectors.time_entry_get_for_user(user=request.user, pk=pk)


def _month_url(day) -> str:
    return f"{reverse('funding:my_time')}?month={day:%Y-%m}"


def _sheet_url(sheet) -> str:
    return reverse("funding:timesheet_detail", args=[sheet.pk])


def my_time(request):
    """The user's hours of one month, by grant, with the forms that change them."""
    _require_time_keeper(request.user)
    month_form = MonthForm(request.GET or None)
    month = month_form.month_or_current()
    # Today within the current month, the first day of a past one: never a day refused.
    day = today()
    add_form = TimeEntryForm(
        user=request.user, initial={"date": day if month == day.replace(day=1) else min(month, day)}
    )
    add_form.helper.form_action = reverse("funding:time_entry_add")
    return render(
        request,
        "funding/time_month.html",
        {
            "month_form": month_form,
            "month": month,
            "previous_month": add_months(month, -1),
            "next_month": add_months(month, 1),
            "groups": time_selectors.month_time(user=request.user, month=month),
            # One query for every entry's "charge to" list, not one per entry.
            "grants": list(time_selectors.chargeable_grants(request.user)),
            "add_form": add_form,
            "manual": TimeSource.MANUAL,
            "correction": TimeSource.CORRECTION,
        },
    )


@require_http_methods(["GET", "POST"])
def time_entry_add(request):
    """The form of the "My time" page; shown alone again when it is refused."""
    _require_time_keeper(request.user)
    return form_response(
        request,
        form=TimeEntryForm(request.POST or None, user=request.user),
        save=lambda form: _month_url(
            services.time_entry_add(by=request.user, staff=request.user, **form.cleaned_data).date
        ),
        done=_("Hours added."),
        template="funding/time_entry_form.html",
        context={"title": _("Add hours")},
    )


@require_http_methods(["GET", "POST"])
def time_entry_set_grant(request, pk):
    entry = _entry_for(request, pk)
    return form_response(
        request,
        form=TimeEntryGrantForm(
            request.POST or None, user=request.user, initial={"grant": entry.grant_id}
        ),
        save=lambda form: services.time_entry_set_grant(
            entry=entry, grant=form.cleaned_data["grant"], by=request.user
        ),
        done=_("Hours charged."),
        template="funding/time_entry_form.html",
        context={"title": _("Charge the hours to a grant"), "entry": entry},
        next_url=_month_url(entry.date),
    )


@require_POST
def time_entry_delete(request, pk):
    entry = _entry_for(request, pk)
    return post_action(
        request,
        action=partial(services.time_entry_delete, entry=entry, by=request.user),
        done=_("Hours removed."),
        next_url=_month_url(entry.date),
    )


@require_http_methods(["GET", "POST"])
def time_entry_correct(request, pk):
    """A correction of an entry whose month is countersigned, dated today, with its reason."""
    entry = _entry_for(request, pk)
    return form_response(
        request,
        form=TimeEntryCorrectionForm(request.POST or None),
        save=lambda form: _month_url(
            services.time_entry_correct(entry=entry, by=request.user, **form.cleaned_data).date
        ),
        done=_("Correction recorded."),
        template="funding/time_entry_form.html",
        context={"title": _("Correct hours"), "entry": entry},
    )


@require_POST
def timesheet_validate(request):
    """The "Validate my timesheet of this month" button of one grant (My time or the sheet)."""
    _require_time_keeper(request.user)
    form = TimesheetValidateForm(request.POST, user=request.user)
    if not form.is_valid():
        # A hidden field changed by hand: nothing to show but why.
        messages.error(request, _("This timesheet cannot be validated: choose a grant and month."))
        return redirect("funding:my_time")
    grant, month = form.cleaned_data["grant"], form.cleaned_data["month"]
    try:
        sheet = services.timesheet_validate(
            staff=request.user, grant=grant, month=month, by=request.user
        )
    except services.FundingRuleError as error:
        messages.error(request, error.message)
        return redirect(_month_url(month))
    messages.success(request, _("Timesheet validated."))
    back_to_sheet = form.cleaned_data["back"] == "sheet"
    return redirect(_sheet_url(sheet) if back_to_sheet else _month_url(month))


def timesheet_list(request):
    """The sheets the user reads, filtered by month, grant, staff and status, paginated: a
    fixed number of queries whatever the number of sheets (their hours are summed in SQL)."""
    filterset = TimesheetFilter(request.GET, queryset=time_selectors.timesheet_list(request.user))
    page = Paginator(
        filterset.qs.order_by("-month", "staff__last_name", "staff__username", "grant", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "funding/timesheet_list.html",
        {"filter": filterset, "page": page, "querystring": query.urlencode()},
    )


def timesheet_detail(request, pk):
    sheet = time_selectors.timesheet_get_for_user(user=request.user, pk=pk)
    is_own = sheet.staff_id == request.user.pk
    return render(
        request,
        "funding/timesheet_detail.html",
        {
            "sheet": sheet,
            "entries": time_selectors.timesheet_entries(sheet),
            "can_validate": is_own and sheet.status == TimesheetStatus.OPEN,
            "can_countersign": (
                not is_own
                and sheet.status == TimesheetStatus.VALIDATED
                and time_selectors.may_countersign(request.user)
            ),
        },
    )


@require_POST
def timesheet_countersign(request, pk):
    if not time_selectors.may_countersign(request.user):
        raise PermissionDenied
    sheet = time_selectors.timesheet_get_for_user(user=request.user, pk=pk)
    return post_action(
        request,
        action=partial(services.timesheet_countersign, timesheet=sheet, by=request.user),
        done=_("Timesheet countersigned: its month is locked."),
        next_url=_sheet_url(sheet),
    )

"""Awareness workshops: schedule, register, take attendance, print and keep the sheet.

What they share with trainings (training_views.py) is written once in session_views.py.
"""

import datetime
from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_coordinator, require_write, user_access
from core import dates
from core.views import form_response
from households.selectors import household_get_for_user, person_get_for_user

from . import selectors, services, session_views
from .filters import WorkshopFilter
from .forms import CancelForm, DuplicateForm, WorkshopForm
from .models import RegistrationStatus
from .pdf import workshop_sheet_details

WORKSHOP_FORM = session_views.FormPage(
    "workshop", WorkshopForm, create=services.workshop_create, update=services.workshop_update
)
WORKSHOP_REGISTER = session_views.RegisterPage(
    "workshop",
    "workshops:register",
    registered=gettext_lazy("Registered: %(names)s."),
    waiting=gettext_lazy("On the waiting list: %(names)s."),
)


def _month_arg(value: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return dates.today().replace(day=1)


def workshop_list(request):
    """Upcoming workshops first, then the past ones, newest first and paginated."""
    filterset = WorkshopFilter(
        request.GET, queryset=selectors.workshop_list(user=request.user), user=request.user
    )
    today = dates.today()
    upcoming = filterset.qs.filter(date__gte=today).order_by("date", "start_time", "id")
    past = Paginator(
        filterset.qs.filter(date__lt=today).order_by("-date", "-start_time", "-id"),
        session_views.PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "filter": filterset,
            "upcoming": upcoming,
            "past": past,
            "querystring": query.urlencode(),
            "can_create": user_access(request.user).is_coordinator,
        },
    )


def workshop_calendar(request):
    month = _month_arg(request.GET.get("month"))
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "workshops/workshop_calendar.html",
        {
            "weeks": selectors.workshop_calendar(
                user=request.user, year=month.year, month=month.month
            ),
            "month": month,
            "previous": previous,
            "following": following,
            "today": dates.today(),
        },
    )


def workshop_no_shows(request):
    """Persons who missed a workshop and have not come since: to invite again."""
    page = Paginator(selectors.workshop_no_shows(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "workshops/workshop_no_shows.html", {"page": page})


@require_http_methods(["GET", "POST"])
def workshop_create(request):
    require_coordinator(request.user)
    return session_views.form_page(request, WORKSHOP_FORM, done=_("Workshop scheduled."))


def workshop_detail(request, pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "registrations": selectors.workshop_registrations(workshop=workshop),
            "regions": workshop.regions_presented.all(),
            "facilitators": workshop.facilitators.all(),
            "can_write": access.can_write_site(workshop.site_id),
            "can_coordinate": access.coordinates_site(workshop.site_id),
        },
    )


@require_http_methods(["GET", "POST"])
def workshop_update(request, pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, workshop.site_id)
    return session_views.form_page(request, WORKSHOP_FORM, workshop, done=_("Workshop updated."))


@require_http_methods(["GET", "POST"])
def workshop_cancel(request, pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, workshop.site_id)
    return form_response(
        request,
        form=CancelForm(request.POST or None),
        save=lambda form: services.workshop_cancel(
            workshop=workshop, by=request.user, reason=form.cleaned_data["reason"]
        ),
        done=_("Workshop cancelled."),
        template="workshops/workshop_cancel.html",
        context={"workshop": workshop},
    )


@require_http_methods(["GET", "POST"])
def workshop_duplicate(request, pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, workshop.site_id)
    return form_response(
        request,
        form=DuplicateForm(request.POST or None, workshop=workshop),
        save=lambda form: services.workshop_duplicate(
            workshop=workshop, by=request.user, **form.cleaned_data
        ),
        done=_("Workshop duplicated on the new date."),
        template="workshops/workshop_duplicate.html",
        context={"workshop": workshop},
    )


@require_http_methods(["GET", "POST"])
def workshop_register(request, pk):
    """Register a household or one person; when full, offer the waiting list; when already
    informed, ask to confirm."""
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_write(request.user, workshop.site_id)

    # A household already informed is registered once the user has confirmed it.
    options = {"by": request.user, "warn_informed": request.POST.get("confirm") != "1"}

    def book(*, waiting_list: bool) -> list:
        if request.POST.get("household"):
            household = household_get_for_user(
                user=request.user, pk=session_views.int_or_404(request.POST["household"])
            )
            return services.workshop_register_household(
                workshop=workshop, household=household, waiting_list=waiting_list, **options
            )
        person = person_get_for_user(
            user=request.user, pk=session_views.int_or_404(request.POST.get("person"))
        )
        return [
            services.workshop_register_person(
                workshop=workshop, person=person, waiting_list=waiting_list, **options
            )
        ]

    return session_views.register_response(
        request,
        WORKSHOP_REGISTER,
        workshop,
        book=book,
        registrations=selectors.workshop_registrations(workshop=workshop),
    )


def workshop_person_search(request, pk):
    """Search-as-you-type: households and persons of the user's sites matching the query."""
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_write(request.user, workshop.site_id)
    query = request.GET.get("q", "")
    return render(
        request,
        "workshops/_person_search_results.html",
        {
            "workshop": workshop,
            "query": query,
            "results": selectors.workshop_person_search(
                user=request.user, workshop=workshop, query=query
            ),
        },
    )


def workshop_attendance(request, pk):
    """One screen, one click per person: present, absent or excused."""
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_write(request.user, workshop.site_id)
    return render(
        request,
        "workshops/workshop_attendance.html",
        {
            "workshop": workshop,
            "groups": selectors.workshop_attendance_groups(workshop=workshop),
            "states": session_views.MARKABLE,
            "can_write": True,
        },
    )


@require_POST
def workshop_attendance_mark(request, pk):
    registration = selectors.workshop_registration_get_for_user(user=request.user, pk=pk)
    require_write(request.user, registration.workshop.site_id)
    return session_views.attendance_mark_response(
        request,
        registration=registration,
        record=services.workshop_record_attendance,
        back_url=reverse("workshops:attendance", kwargs={"pk": registration.workshop_id}),
    )


@require_POST
def workshop_household_present(request, pk, household_pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_write(request.user, workshop.site_id)
    household = household_get_for_user(user=request.user, pk=household_pk)
    return session_views.attendance_response(
        request,
        record=partial(
            services.workshop_household_present,
            workshop=workshop,
            household=household,
            by=request.user,
        ),
        template="workshops/_attendance_household.html",
        context=lambda: {
            "group": selectors.workshop_household_group(workshop=workshop, household=household),
            "workshop": workshop,
        },
        back_url=reverse("workshops:attendance", kwargs={"pk": workshop.pk}),
    )


@require_POST
def workshop_registration_remove(request, pk):
    registration = selectors.workshop_registration_get_for_user(user=request.user, pk=pk)
    require_write(request.user, registration.workshop.site_id)
    return session_views.registration_remove_response(
        request,
        registration=registration,
        back_url=reverse("workshops:register", kwargs={"pk": registration.workshop_id}),
    )


def workshop_sheet(request, pk):
    """The attendance sheet to print and have signed on the day."""
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    registrations = selectors.workshop_registrations(workshop=workshop).filter(
        status=RegistrationStatus.REGISTERED
    )
    rows = [{"name": r.attendee_name, "extra": r.attendee_detail} for r in registrations]
    return session_views.sheet_pdf_response(
        session=workshop,
        title=_("Attendance sheet — awareness workshop"),
        extra_label=_("Household"),
        details=workshop_sheet_details(workshop),
        rows=rows,
    )


@require_http_methods(["GET", "POST"])
def workshop_signed_sheet(request, pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    require_write(request.user, workshop.site_id)
    return session_views.signed_sheet_response(
        request, session=workshop, template="workshops/signed_sheet_form.html", extra={}
    )


def workshop_signed_sheet_download(request, pk):
    workshop = selectors.workshop_get_for_user(user=request.user, pk=pk)
    return session_views.signed_sheet_download_response(session=workshop)

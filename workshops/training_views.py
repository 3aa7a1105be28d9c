"""Professional trainings: the same registration, attendance and sheet as workshops."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_coordinator, require_write, user_access
from core.dates import today

from . import selectors, services, session_views
from .filters import TrainingFilter
from .forms import TraineeForm, TrainingForm
from .models import RegistrationStatus

TRAINING_FORM = session_views.FormPage(
    "training", TrainingForm, create=services.training_create, update=services.training_update
)
TRAINING_REGISTER = session_views.RegisterPage(
    "training",
    "workshops:training_register",
    registered=gettext_lazy("Registered: %(name)s."),
    waiting=gettext_lazy("On the waiting list: %(name)s."),
)


def training_list(request):
    filterset = TrainingFilter(
        request.GET, queryset=selectors.training_list(user=request.user), user=request.user
    )
    page = Paginator(filterset.qs.order_by("-date", "-id"), session_views.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/training_list.html",
        {
            "filter": filterset,
            "page": page,
            "querystring": query.urlencode(),
            "today": today(),
            "can_create": user_access(request.user).is_coordinator,
        },
    )


@require_http_methods(["GET", "POST"])
def training_create(request):
    require_coordinator(request.user)
    return session_views.form_page(request, TRAINING_FORM, done=_("Training scheduled."))


def training_detail(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    access = user_access(request.user)
    return render(
        request,
        "workshops/training_detail.html",
        {
            "training": training,
            "registrations": selectors.training_registrations(training=training),
            "trainers": training.trainers.all(),
            "can_write": access.can_write_site(training.site_id),
            "can_coordinate": access.coordinates_site(training.site_id),
        },
    )


@require_http_methods(["GET", "POST"])
def training_update(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    require_coordinator(request.user, training.site_id)
    return session_views.form_page(request, TRAINING_FORM, training, done=_("Training updated."))


@require_http_methods(["GET", "POST"])
def training_register(request, pk):
    """Register a professional of the directory, or add a new one and register them."""
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    require_write(request.user, training.site_id)
    form = TraineeForm(request.POST if "name" in request.POST else None)

    def book(*, waiting_list: bool) -> list:
        trainee = (
            services.trainee_create(by=request.user, **form.cleaned_data)
            if form.is_bound
            else selectors.trainee_get(pk=session_views.int_or_404(request.POST.get("trainee")))
        )
        return [
            services.training_register_trainee(
                training=training, trainee=trainee, by=request.user, waiting_list=waiting_list
            )
        ]

    return session_views.register_response(
        request,
        TRAINING_REGISTER,
        training,
        book=book,
        form=form,
        registrations=selectors.training_registrations(training=training),
    )


def training_trainee_search(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    require_write(request.user, training.site_id)
    query = request.GET.get("q", "")
    return render(
        request,
        "workshops/_trainee_search_results.html",
        {
            "training": training,
            "query": query,
            "results": selectors.trainee_search(training=training, query=query),
        },
    )


def training_attendance(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    require_write(request.user, training.site_id)
    return render(
        request,
        "workshops/training_attendance.html",
        {
            "training": training,
            "registrations": selectors.training_registrations(training=training).filter(
                status=RegistrationStatus.REGISTERED
            ),
            "states": session_views.MARKABLE,
            "can_write": True,
        },
    )


@require_POST
def training_attendance_mark(request, pk):
    registration = selectors.trainee_registration_get_for_user(user=request.user, pk=pk)
    require_write(request.user, registration.training.site_id)
    return session_views.attendance_mark_response(
        request,
        registration=registration,
        record=services.training_record_attendance,
        back_url=reverse("workshops:training_attendance", kwargs={"pk": registration.training_id}),
    )


@require_POST
def training_registration_remove(request, pk):
    registration = selectors.trainee_registration_get_for_user(user=request.user, pk=pk)
    require_write(request.user, registration.training.site_id)
    return session_views.registration_remove_response(
        request,
        registration=registration,
        back_url=reverse("workshops:training_register", kwargs={"pk": registration.training_id}),
    )


def training_sheet(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    registrations = selectors.training_registrations(training=training).filter(
        status=RegistrationStatus.REGISTERED
    )
    details = [
        (_("Date"), date_format(training.date, "DATE_FORMAT")),
        (_("Duration"), _("%(hours)s h") % {"hours": number_format(training.duration_hours)}),
        (_("Site"), str(training.site)),
        (_("Place"), training.place),
        (_("Topic"), training.topic),
        (_("Trainers"), ", ".join(str(u) for u in training.trainers.all())),
    ]
    rows = [{"name": r.attendee_name, "extra": r.attendee_detail} for r in registrations]
    return session_views.sheet_pdf_response(
        session=training,
        title=_("Attendance sheet — professional training"),
        extra_label=_("Organisation"),
        details=details,
        rows=rows,
    )


@require_http_methods(["GET", "POST"])
def training_signed_sheet(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    require_write(request.user, training.site_id)
    return session_views.signed_sheet_response(
        request,
        session=training,
        template="workshops/signed_sheet_form.html",
        extra={"training": training},
    )


def training_signed_sheet_download(request, pk):
    training = selectors.training_get_for_user(user=request.user, pk=pk)
    return session_views.signed_sheet_download_response(session=training)

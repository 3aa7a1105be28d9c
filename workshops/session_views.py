"""What the workshop and training pages share: the form page, registering, attendance clicks,
removing a registration, the PDF and the signed sheet work the same way for both kinds of session.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.uploads import file_download_response
from core.views import form_response, post_action

from . import services
from .forms import SessionForm, SignedSheetForm
from .models import Attendance, RegistrationStatus
from .pdf import attendance_sheet_pdf

PAGE_SIZE = 25
MARKABLE = [Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED]


@dataclass(frozen=True)
class FormPage:
    """The page that schedules or changes one kind of session: its form and its services."""

    # "workshop" or "training": the session's name in the template and in the update service.
    name: str
    form_class: type[SessionForm]
    create: Callable  # create(by=…, **fields)
    update: Callable  # update(<name>=session, by=…, **fields)

    @property
    def template(self) -> str:
        return f"workshops/{self.name}_form.html"


def form_page(request, page: FormPage, session=None, *, done: str):
    """Schedule a session (no `session`) or change one, once the view has checked the access.

    A session keeps the site it was scheduled on, its registrations being the site's
    households: a change never sends the site to the service. A change carries the version
    the form was opened on: a stale one is shown again with what was typed (form_response).
    """
    if session is None:
        save = partial(page.create, by=request.user)
        exclude, context = (), {}
    else:
        save = partial(page.update, by=request.user, **{page.name: session})
        exclude, context = ("site",), {page.name: session}
    return form_response(
        request,
        form=page.form_class(request.POST or None, instance=session, user=request.user),
        save=lambda form: save(**form.service_fields(exclude=exclude), **form.version_fields()),
        done=done,
        template=page.template,
        context=context,
    )


@dataclass(frozen=True)
class RegisterPage:
    """The page that registers attendees on one kind of session, and what it says."""

    # "workshop" or "training": the session's name in the template.
    name: str
    url_name: str
    # The names are given as %(names)s, or as %(name)s where one attendee is registered at a time.
    registered: str
    waiting: str

    @property
    def template(self) -> str:
        return f"workshops/{self.name}_register.html"


def register_response(
    request, page: RegisterPage, session, *, book: Callable, registrations, form=None
):
    """Book seats, say who has one and who waits, come back to the page; or show why not.

    `book(waiting_list=…)` calls the service and returns the registrations it made. A full
    session shows the refusal with a button that posts the same data again onto the waiting
    list (`full_offer`); a household already informed shows the warning with a button that
    posts the data again confirmed (`confirm_offer`, `confirm=1`); any other refusal is an
    error message.

    `form` is the form that adds a new attendee, bound when the post adds one: seats are then
    booked once it is valid, and a full session is only said (`full_message`). The new
    attendee is saved by then, so posting the form again would add them twice.
    """
    adds = form is not None and form.is_bound
    full_offer = confirm_offer = None
    if request.method == "POST" and (not adds or form.is_valid()):
        try:
            created = book(waiting_list=request.POST.get("waiting_list") == "1")
        except services.SessionFullError as error:
            full_offer = {"message": error.message, "post": request.POST}
        except services.HouseholdInformedError as error:
            confirm_offer = {"message": error.message, "post": request.POST}
        except services.WorkshopRuleError as error:
            messages.error(request, error.message)
        else:
            names = ", ".join(str(r.attendee) for r in created)
            said = {"names": names, "name": names}
            if created[0].status == RegistrationStatus.WAITING_LIST:
                messages.warning(request, page.waiting % said)
            else:
                messages.success(request, page.registered % said)
            return redirect(page.url_name, pk=session.pk)
    context = {
        page.name: session,
        "registrations": registrations,
        "full_offer": full_offer,
        "confirm_offer": confirm_offer,
    }
    if form is not None:
        context.update(
            form=form,
            full_offer=None if adds else full_offer,
            full_message=full_offer["message"] if adds and full_offer else "",
        )
    return render(request, page.template, context)


def attendance_response(
    request, *, record: Callable, template: str, context: Callable[[], dict], back_url: str
):
    """Record attendance, then redraw the part of the screen it changed (htmx) or go back.

    `context` is a function so that the part is read again only when it is redrawn.
    """
    error = ""
    try:
        record()
    except services.WorkshopRuleError as exc:
        error = exc.message
    if request.htmx:
        return render(
            request,
            template,
            {**context(), "error": error, "can_write": True, "states": MARKABLE},
        )
    if error:
        messages.error(request, error)
    return redirect(back_url)


def attendance_mark_response(request, *, registration, record, back_url):
    """Record one click of the attendance screen and redraw just that row (htmx) or go back."""
    return attendance_response(
        request,
        record=partial(
            record,
            registration=registration,
            attendance=request.POST.get("attendance", ""),
            by=request.user,
        ),
        template="workshops/_attendance_row.html",
        context=lambda: {"registration": registration},
        back_url=back_url,
    )


def registration_remove_response(request, *, registration, back_url):
    """Take an attendee off a session and say who was given the freed seat."""

    def remove():
        promoted = services.session_registration_remove(registration=registration, by=request.user)
        messages.success(request, _("%(name)s removed.") % {"name": registration.attendee})
        if promoted:
            messages.info(
                request,
                _("Given a seat from the waiting list: %(names)s.")
                % {"names": ", ".join(str(r.attendee) for r in promoted)},
            )

    # Who was given the seat is known only once the service has run: `remove` says it all.
    return post_action(request, action=remove, done="", next_url=back_url)


def sheet_pdf_response(*, session, title, details, rows, extra_label) -> HttpResponse:
    pdf = attendance_sheet_pdf(title=title, details=details, rows=rows, extra_label=extra_label)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"emargement-{session.date:%Y-%m-%d}-{slugify(session.topic)[:40]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def signed_sheet_response(request, *, session, template, extra):
    """Upload form for the signed sheet of a workshop or training."""
    return form_response(
        request,
        form=SignedSheetForm(request.POST or None, request.FILES or None),
        save=lambda form: services.session_attach_signed_sheet(
            session=session, upload=form.cleaned_data["sheet"], by=request.user
        ),
        done=_("Signed attendance sheet saved."),
        template=template,
        context={"session": session, **extra},
        next_url=session.get_absolute_url(),
    )


def signed_sheet_download_response(*, session) -> FileResponse:
    # Served through a view, not the media URL, so that only users who see the session get it.
    return file_download_response(
        session.signed_sheet, stem=f"emargement-signe-{session.date:%Y-%m-%d}"
    )


def int_or_404(value) -> int:
    """An id sent by the browser, or a 404 when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None

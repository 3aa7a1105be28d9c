"""What the workshop and training pages share: the form page, attendance clicks, removing a
registration, the PDF and the signed sheet work the same way for both kinds of session.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.views import form_response

from . import services
from .forms import SessionForm, SignedSheetForm
from .models import Attendance
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
    households: a change never sends the site to the service.
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
        save=lambda form: save(**form.service_fields(exclude=exclude)),
        done=done,
        template=page.template,
        context=context,
    )


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
    try:
        promoted = services.session_registration_remove(registration=registration, by=request.user)
    except services.WorkshopRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s removed.") % {"name": registration.attendee})
        if promoted:
            messages.info(
                request,
                _("Given a seat from the waiting list: %(names)s.")
                % {"names": ", ".join(str(r.attendee) for r in promoted)},
            )
    return redirect(back_url)


def sheet_pdf_response(*, session, title, details, rows, extra_label) -> HttpResponse:
    pdf = attendance_sheet_pdf(title=title, details=details, rows=rows, extra_label=extra_label)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"emargement-{session.date:%Y-%m-%d}-{slugify(session.topic)[:40]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def signed_sheet_response(request, *, session, template, extra):
    """Upload form for the signed sheet of a workshop or training."""
    form = SignedSheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_attach_signed_sheet(
                session=session, upload=form.cleaned_data["sheet"], by=request.user
            )
        except services.WorkshopRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Signed attendance sheet saved."))
            return redirect(session.get_absolute_url())
    return render(request, template, {"form": form, "session": session, **extra})


def signed_sheet_download_response(*, session) -> FileResponse:
    # Served through a view, not the media URL, so that only users who see the session get it.
    if not session.signed_sheet or not session.signed_sheet.storage.exists(
        session.signed_sheet.name
    ):
        raise Http404
    extension = session.signed_sheet.name.rsplit(".", 1)[-1]
    return FileResponse(
        session.signed_sheet.open("rb"),
        as_attachment=True,
        filename=f"emargement-signe-{session.date:%Y-%m-%d}.{extension}",
    )


def int_or_404(value) -> int:
    """An id sent by the browser, or a 404 when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None

"""The director's commentary of a yearly report: the one page that writes it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.views import form_response

from . import selectors, services
from .access import may_write_commentary
from .forms import CommentaryForm
from .models import ReportStatus
from .selectors import with_grant_references


@require_http_methods(["GET", "POST"])
def report_commentary(request, pk):
    """The director's commentary of a yearly report: written by directors only, printed in the
    PDF, which is built again when it was finished (services.report_commentary_set)."""
    if not may_write_commentary(request.user):
        raise PermissionDenied
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if report.kind != "yearly_report":
        raise Http404("No commentary for this kind of report")
    form = CommentaryForm(request.POST if request.method == "POST" else None, report=report)

    def save(form):
        # A stale save comes back with the saved text's version: once compared, saving again
        # works (core.views.form_response).
        return services.report_commentary_set(
            report=report,
            by=request.user,
            text=form.cleaned_data["commentary"],
            version=form.cleaned_data["version"],
        )

    return form_response(
        request,
        form=form,
        save=save,
        done=_commentary_saved,
        next_url=f"{reverse('reporting:reports')}#report-{report.pk}",
        template="reporting/report_commentary.html",
        context=lambda: {"report": with_grant_references([report])[0]},
    )


def _commentary_saved(report) -> str:
    report.refresh_from_db(fields=["status"])
    if report.status == ReportStatus.DONE:
        return _("The commentary is saved and the PDF was built again with it.")
    if report.status == ReportStatus.FAILED:
        return _("The commentary is saved; it will be in the PDF once the report is built.")
    return _(
        "The commentary is saved and the PDF queued to be built again with it: its row below "
        "shows when it is ready."
    )

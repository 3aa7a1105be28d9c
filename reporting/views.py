from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import user_access
from core.rules import RuleError
from core.uploads import file_download_response
from core.views import form_response

from . import selectors, services
from .access import (
    may_open_dashboards,
    may_request_control_pack,
    may_write_commentary,
    require_dashboards,
    require_exports,
)
from .control_pack.form import ControlPackForm
from .control_pack.history import ReportHistoryForm
from .drilldown import drilldown_list
from .exporters import EXPORTERS, exporter_get_for_user, exporters_for
from .figures_cache import figures_snapshot
from .figures_warm import scope_opened
from .forms import PeriodForm, ReportRequestForm
from .indicators import indicators_for_scope
from .models import ReportStatus
from .presentation import methodology, present

PAGE_SIZE = 50
# Parameters of the period form, carried from the dashboard to the lists behind its figures.
PERIOD_KEYS = ("year", "start", "end", "sites", "cumulative", "grant")
DRILLDOWN_KEYS = (
    "step", "mode", "lever", "region", "protection", "year_moved", "kind", "reason",
    "social_worker", "months", "outcome", "via",
)  # fmt: skip


def _period_query(form: PeriodForm) -> list[tuple[str, str]]:
    params = form.params()
    pairs = [("sites", str(site)) for site in params.pop("sites")]
    pairs += [(key, str(value).lower() if key == "cumulative" else str(value))
              for key, value in params.items()]  # fmt: skip
    return pairs


def _linker(form: PeriodForm):
    base = _period_query(form)
    url = reverse("reporting:drilldown")

    def link(key: str, **filters) -> str:
        # "year" names the period; a bar of the relocations-per-year chart uses year_moved.
        extra = [("year_moved" if name == "year" else name, str(value))
                 for name, value in filters.items()]  # fmt: skip
        return f"{url}?{urlencode([('key', key), *base, *extra])}"

    return link


@require_GET
def dashboard(request):
    """Key figures, funnel, breakdowns and charts of a period, each linked to its list;
    limited to a grant, its targets against what was achieved first."""
    require_dashboards(request.user)
    form = PeriodForm(request.GET or {}, user=request.user)
    context = {"form": form}
    if form.is_valid():
        with figures_snapshot():  # the grant's households and the figures in one snapshot
            scope = form.scope()
            indicators = indicators_for_scope(scope)
        scope_opened(scope)  # computed ahead after the next changes (figures_warm)
        context.update(
            ind=indicators,
            shown=present(indicators, _linker(form)),
            scope=scope,
            grant=form.chosen_grant(),
            site_names=form.site_names(),
            methodology=methodology(grant=scope.grant_id is not None),
            report_query=urlencode(_period_query(form)),
        )
    return render(request, "reporting/dashboard.html", context)


@require_GET
def drilldown(request):
    """The households (workshops, trainings, partners…) behind one figure of the dashboard."""
    require_dashboards(request.user)
    form = PeriodForm(request.GET, user=request.user)
    if not form.is_valid():
        raise Http404("Bad period")
    params = {key: request.GET.get(key, "") for key in DRILLDOWN_KEYS}
    if params.pop("year_moved"):
        params["year"] = request.GET["year_moved"]
    scope = form.scope()
    listing = drilldown_list(
        user=request.user,
        scope=scope,
        key=request.GET.get("key") or "funnel",
        params=params,
    )
    page = Paginator(listing.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/drilldown.html",
        {
            "listing": listing,
            "page": page,
            "querystring": query.urlencode(),
            "scope": scope,
            "grant": form.chosen_grant(),
            "dashboard_query": urlencode(_period_query(form)),
        },
    )


@require_http_methods(["GET", "POST"])
def report_list(request):
    """Request the yearly PDF report; follow earlier reports and download them."""
    require_dashboards(request.user)
    if request.method == "POST":
        form = ReportRequestForm(request.POST, user=request.user)
    else:
        form = ReportRequestForm(user=request.user, initial=_initial(request))

    return _request_page(
        request,
        form=form,
        kind="yearly_report",
        reports=selectors.report_list(user=request.user),
        template="reporting/report_list.html",
    )


def _requested(report) -> str:
    """What the page says once a report is requested. Read after the request: with no broker
    the report is already built, and a message saying "being prepared" would then sit next
    to a finished one; once queued, the row below shows its progress (polled), so the message
    never speaks of a state that may have changed since."""
    report.refresh_from_db(fields=["status"])
    pack = report.kind == "control_pack"
    if report.status == ReportStatus.DONE:
        if pack:
            return _("The control pack is ready: download it from the list below.")
        return _("The report is ready: download it from the list below.")
    if report.status == ReportStatus.FAILED:
        return _("The file could not be built: the list below gives the reason.")
    if pack:
        return _("The control pack was requested: the list below shows its progress.")
    return _("The report was requested: the list below shows its progress.")


def _request_page(request, *, form, kind: str, reports, template: str):
    """A page that requests a report of `kind` in the background and lists the user's last
    thirty `reports`: the yearly PDF's and the control packs'."""

    def save(form):
        return services.report_request(by=request.user, kind=kind, parameters=form.params())

    return form_response(
        request,
        form=form,
        save=save,
        done=_requested,
        next_url=request.path,
        template=template,
        context=lambda: {
            "reports": selectors.with_grant_references(reports[:30]),
            "may_see_history": user_access(request.user).is_director,
            "may_write_commentary": may_write_commentary(request.user),
        },
    )


def _initial(request) -> dict:
    checked = PeriodForm(request.GET, user=request.user)
    if request.GET and checked.is_valid():
        return {**checked.cleaned_data}
    return {}


def _require_reports(user) -> None:
    """403 unless the user may follow reports: whoever opens the dashboards, and auditors
    (their own control packs; report_filter keeps each to their own rows)."""
    if not (may_open_dashboards(user) or may_request_control_pack(user)):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def control_packs(request):
    """Request the financial-control pack of a grant; follow the packs requested.

    Auditors never write, and accounts.middleware.ReadOnlyRoleMiddleware refuses their POSTs:
    requesting a pack is a read of the data (it only records who asked for which grant and
    period, as the access log does), so this one route is on the middleware's allow list.
    """
    if not may_request_control_pack(request.user):
        raise PermissionDenied
    # The grant page links here with ?grant=<pk> to start from that grant.
    grant = request.GET.get("grant", "")
    form = ControlPackForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"grant": grant} if grant.isascii() and grant.isdigit() else None,
    )

    return _request_page(
        request,
        form=form,
        kind="control_pack",
        reports=selectors.report_list(user=request.user).filter(kind="control_pack"),
        template="reporting/control_packs.html",
    )


@require_GET
def report_history(request):
    """Every report and export ever made, by anyone: directors only."""
    if not user_access(request.user).is_director:
        raise PermissionDenied
    kinds = [(identifier, str(cls.verbose_name)) for identifier, cls in EXPORTERS.items()]
    form = ReportHistoryForm(request.GET or None, kinds=kinds)
    reports = selectors.report_list(user=request.user)
    if form.is_bound and form.is_valid():
        reports = reports.filter(form.filters())
    elif form.is_bound:
        reports = reports.none()
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_grant_references(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/report_history.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "may_write_commentary": may_write_commentary(request.user),
        },
    )


@require_GET
def report_progress(request, pk):
    """The report's row, polled by htmx until it is finished."""
    _require_reports(request.user)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return _row(request, report)


def _row(request, report):
    """The report's row of the list (with its grant's reference, as the list shows it)."""
    return render(
        request,
        "reporting/_report_row.html",
        {
            "report": selectors.with_grant_references([report])[0],
            "may_write_commentary": may_write_commentary(request.user),
        },
    )


@require_GET
def report_download(request, pk):
    _require_reports(request.user)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("No file yet")
    return file_download_response(report.file, stem=report.filename.rsplit(".", 1)[0])


@require_POST
def report_retry(request, pk):
    _require_reports(request.user)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    try:
        services.report_retry(report=report, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    if request.htmx:
        report.refresh_from_db()
        return _row(request, report)
    return redirect("reporting:reports")


@require_GET
def export_list(request):
    """Every export the user's role may use, each with its options."""
    require_exports(request.user)
    exporters = [
        (exporter, exporter.form(None, request.user)) for exporter in exporters_for(request.user)
    ]
    return render(request, "reporting/export_list.html", {"exporters": exporters})


@require_GET
def export_download(request, identifier):
    """Run one exporter with the options in the query string; CSV is streamed as it is read."""
    require_exports(request.user)
    exporter = exporter_get_for_user(user=request.user, identifier=identifier)
    if getattr(exporter, "background_only", False):
        return redirect(exporter.request_url())
    form = exporter.form(request.GET, request.user)
    if not form.is_valid():
        forms = [
            (other, form if other.identifier == identifier else other.form(None, request.user))
            for other in exporters_for(request.user)
        ]
        return render(request, "reporting/export_list.html", {"exporters": forms}, status=400)
    try:
        filename, mimetype, content = exporter.render(request.GET, request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect("reporting:exports")
    services.export_record(by=request.user, kind=identifier, parameters=_export_params(form))
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if hasattr(content, "read"):
        return FileResponse(content, as_attachment=True, filename=filename, content_type=mimetype)
    response = StreamingHttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_params(form) -> dict:
    """The options of a direct export, as recorded on its Report row."""
    params = form.params()
    if form.cleaned_data.get("format"):
        params["format"] = form.cleaned_data["format"]
    return params

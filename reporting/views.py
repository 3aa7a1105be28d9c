from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.rules import RuleError
from core.views import form_response

from . import selectors, services
from .access import require_dashboards, require_exports
from .drilldown import drilldown_list
from .exporters import exporter_get_for_user, exporters_for
from .forms import PeriodForm, ReportRequestForm
from .indicators import indicators_for_scope
from .models import ReportStatus
from .presentation import methodology, present

PAGE_SIZE = 50
# Parameters of the period form, carried from the dashboard to the lists behind its figures.
PERIOD_KEYS = ("year", "start", "end", "sites", "cumulative")
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
    """Key figures, funnel, breakdowns and charts of a period, each linked to its list."""
    require_dashboards(request.user)
    form = PeriodForm(request.GET or {}, user=request.user)
    context = {"form": form}
    if form.is_valid():
        scope = form.scope()
        indicators = indicators_for_scope(scope)
        context.update(
            ind=indicators,
            shown=present(indicators, _linker(form)),
            scope=scope,
            site_names=form.site_names(),
            methodology=methodology(),
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

    def save(form):
        services.report_request(by=request.user, kind="yearly_report", parameters=form.params())
        return reverse("reporting:reports")

    return form_response(
        request,
        form=form,
        save=save,
        done=_("The report is being prepared."),
        template="reporting/report_list.html",
        context={"reports": selectors.report_list(user=request.user)[:30]},
    )


def _initial(request) -> dict:
    checked = PeriodForm(request.GET, user=request.user)
    if request.GET and checked.is_valid():
        return {**checked.cleaned_data}
    return {}


@require_GET
def report_progress(request, pk):
    """The report's row, polled by htmx until it is finished."""
    require_dashboards(request.user)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    return render(request, "reporting/_report_row.html", {"report": report})


@require_GET
def report_download(request, pk):
    require_dashboards(request.user)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("No file yet")
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)


@require_POST
def report_retry(request, pk):
    require_dashboards(request.user)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    try:
        services.report_retry(report=report, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    if request.htmx:
        report.refresh_from_db()
        return render(request, "reporting/_report_row.html", {"report": report})
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
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if hasattr(content, "read"):
        return FileResponse(content, as_attachment=True, filename=filename, content_type=mimetype)
    response = StreamingHttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The pages of an import of past cases: the runs and the upload, the mapping step, one run.

Who: coordinators, for the sites they coordinate, and administrators; directors, auditors and
social workers get 403 (importing writes case data for a whole site), a run of another site 404.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from core.heading_mapping import HeadingMappingForm
from core.views import form_response, post_action

from . import mapping, selectors, services
from .columns import COLUMNS
from .forms import ImportUploadForm
from .models import ImportRun, RunStatus
from .template import FILENAME, XLSX_TYPE, template_workbook

PAGE_SIZE = 25
CASES_PAGE_SIZE = 50
SUMMARY_LABELS = {
    "households": gettext_lazy("Households"),
    "persons": gettext_lazy("Persons"),
    "attendances": gettext_lazy("Workshop attendances"),
    "interviews": gettext_lazy("Interviews"),
    "relocations": gettext_lazy("Moves"),
    "followups": gettext_lazy("Follow-ups"),
    "evidence": gettext_lazy("Eligibility evidence"),
}
ACTION_LABELS = {
    "create": gettext_lazy("To create"),
    "exists": gettext_lazy("Already imported"),
    "duplicate": gettext_lazy("Possible duplicate"),
    "error": gettext_lazy("Refused"),
}
CREATED = gettext_lazy("Created")


def _require_importer(user) -> None:
    if not selectors.may_import(user):
        raise PermissionDenied


def _run_for(user, pk, *, findings: bool = True) -> ImportRun:
    _require_importer(user)
    return selectors.import_run_get_for_user(user, pk, findings=findings)


@require_http_methods(["GET", "POST"])
def import_list(request):
    """The imports of the user's sites, and the form that sends a new file to its check."""
    _require_importer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)

    def save(form):
        upload = form.cleaned_data["file"]
        run = services.import_upload(site=form.cleaned_data["site"], by=request.user, upload=upload)
        upload.seek(0)
        headings = mapping.file_headings(upload.read(), name=upload.name)
        if mapping.needs_mapping(headings, run.mapping):
            return reverse("history_import:mapping", args=[run.pk])
        return run.get_absolute_url()

    def context():
        page = Paginator(selectors.import_runs_for_user(request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return {"page": page}

    return form_response(
        request,
        form=form,
        save=save,
        done=_("File received."),
        template="history_import/import_list.html",
        context=context,
    )


@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    """Say what each heading of the file holds; the file is then checked again under it."""
    run = _run_for(request.user, pk)
    headings = mapping.run_headings(run) if run.status in mapping.REMAPPABLE else None
    if headings is None:
        # Imported, discarded or unreadable: nothing to map, the run's page says why.
        return redirect(run)
    form = HeadingMappingForm(
        request.POST or None,
        columns=COLUMNS,
        headings=headings,
        initial_names=mapping.mapping_initial(headings, run.mapping),
    )
    return form_response(
        request,
        form=form,
        save=lambda form: mapping.import_remap(run=run, by=request.user, mapping=form.mapping()),
        done=_("Columns saved for this site: the file is being checked again."),
        template="history_import/import_mapping.html",
        context=lambda: {
            "run": run,
            "missing": mapping.missing_columns(headings, run.mapping),
        },
    )


def _written(counts: dict[str, int]) -> list[tuple[str, int]]:
    names = {model._meta.model_name: model._meta.verbose_name_plural for model in apps.get_models()}
    return [(names.get(name, name), count) for name, count in sorted(counts.items()) if count]


@require_GET
def import_detail(request, pk):
    """The run's progress, then what its check found, then what its import wrote."""
    run = _run_for(request.user, pk)
    imported = run.status == RunStatus.IMPORTED
    labels = {**ACTION_LABELS, "create": CREATED} if imported else ACTION_LABELS
    cases = Paginator(run.cases, CASES_PAGE_SIZE).get_page(request.GET.get("page"))
    for case in cases:
        case["action_label"] = labels.get(case.get("action"), case.get("action"))
    summary = [(label, run.summary.get(key, 0)) for key, label in SUMMARY_LABELS.items()]
    return render(
        request,
        "history_import/import_detail.html",
        {
            "run": run,
            "cases": cases,
            "summary": summary,
            "written": _written(run.summary.get("written", {})),
            "imported": imported,
            "may_discard": run.status not in (RunStatus.IMPORTED, RunStatus.IMPORTING),
        },
    )


@require_GET
def import_progress(request, pk):
    """The progress bar, polled by htmx; once the run is done, the whole page reloads."""
    run = _run_for(request.user, pk, findings=False)
    if not run.is_busy and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "history_import/_progress.html", {"run": run})


@require_POST
def import_confirm(request, pk):
    run = _run_for(request.user, pk, findings=False)
    return post_action(
        request,
        action=lambda: services.import_confirm(run=run, by=request.user),
        done=_("The import has started: every case of the file is written, or none."),
        next_url=run.get_absolute_url(),
    )


@require_POST
def import_discard(request, pk):
    run = _run_for(request.user, pk)
    return post_action(
        request,
        action=lambda: services.import_discard(run=run, by=request.user),
        done=_("The file was discarded: nothing was imported."),
        next_url=reverse("history_import:list"),
    )


@require_GET
def import_template(request):
    """The documented XLSX template: headings and an example, then every column explained."""
    _require_importer(request.user)
    return HttpResponse(
        template_workbook(),
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{FILENAME}"'},
    )

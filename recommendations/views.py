"""Pages of the recommendations: the reference datasets and their import, the methodology,
and the fragment the diagnostic and plan pages load (with its one-click pick)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_write, user_access
from core.heading_mapping import HeadingMappingForm
from core.rules import RuleError
from core.views import form_response
from households.selectors import household_get_for_user
from mobility_plans.corrections import plan_agreement_editable
from mobility_plans.selectors import plan_get_for_user

from . import ranking, selectors, services
from .access import check_may_import, may_import
from .forms import DatasetUploadForm, PickForm
from .importing import COLUMNS, PREVIEW_ROWS, initial_mapping, parse_file
from .models import DatasetKind


@require_http_methods(["GET", "POST"])
def dataset_list(request):
    """The datasets the recommendations read (source, year, import) and, for importers, the
    form that sends a new file."""
    importer = may_import(request.user)
    if request.method == "POST":
        check_may_import(request.user)
    form = DatasetUploadForm(request.POST or None, request.FILES or None) if importer else None
    context = {
        "datasets": selectors.dataset_list(),
        "uploads": selectors.upload_list() if importer else [],
        "current": {kind: selectors.dataset_current(kind=kind) for kind in DatasetKind.values},
    }
    if form is None:
        return render(request, "recommendations/dataset_list.html", context)

    def send(form):
        data = form.cleaned_data
        upload = services.dataset_upload(
            by=request.user,
            kind=data["kind"],
            source=data["source"],
            year=data["year"],
            upload=data["file"],
        )
        # On to the mapping step and the preview of the file just sent.
        return reverse("recommendations:upload", args=[upload.pk])

    return form_response(
        request,
        form=form,
        save=send,
        done=_("File received: say what each column holds, then check the rows."),
        template="recommendations/dataset_list.html",
        context=context,
    )


def _parsed(upload):
    return parse_file(
        bytes(upload.content),
        name=upload.file_name,
        kind=upload.kind,
        mapping=upload.mapping,
        max_bytes=services.max_bytes(),
    )


@require_http_methods(["GET", "POST"])
def upload_detail(request, pk):
    """The mapping step and the preview of a sent file: what each heading holds, the rows as
    they would be imported, and every refused cell by row and column."""
    upload = selectors.upload_get_for_user(user=request.user, pk=pk)
    parsed = _parsed(upload)
    form = HeadingMappingForm(
        request.POST or None,
        columns=COLUMNS[upload.kind],
        headings=parsed.headings,
        initial_names=initial_mapping(parsed.headings, upload.kind, upload.mapping),
    )

    def remap(form):
        services.dataset_upload_remap(upload=upload, by=request.user, mapping=form.mapping())
        return reverse("recommendations:upload", args=[upload.pk])

    return form_response(
        request,
        form=form,
        save=remap,
        done=_("Columns saved: the preview reads the file under them."),
        template="recommendations/upload_detail.html",
        context={
            "upload": upload,
            "parsed": parsed,
            "preview": parsed.rows[:PREVIEW_ROWS],
            "is_hiring": upload.kind == DatasetKind.HIRING_NEEDS,
        },
    )


@require_POST
def upload_import(request, pk):
    """Import the previewed file; refused (and said why) while it has errors."""
    upload = selectors.upload_get_for_user(user=request.user, pk=pk)
    try:
        dataset = services.dataset_import(upload=upload, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect("recommendations:upload", pk=upload.pk)
    messages.success(
        request,
        _("%(rows)s rows imported: the recommendations now read this dataset.")
        % {"rows": dataset.row_count},
    )
    return redirect("recommendations:datasets")


@require_POST
def upload_discard(request, pk):
    """Forget the sent file without importing it."""
    upload = selectors.upload_get_for_user(user=request.user, pk=pk)
    services.dataset_upload_discard(upload=upload, by=request.user)
    messages.success(request, _("File discarded: nothing was imported."))
    return redirect("recommendations:datasets")


@require_POST
def dataset_withdraw(request, pk):
    """Stop the recommendations reading this dataset; the list keeps it, marked withdrawn."""
    dataset = selectors.dataset_get_for_importer(user=request.user, pk=pk)
    services.dataset_withdraw(dataset=dataset, by=request.user)
    messages.success(
        request,
        _("Dataset withdrawn: the recommendations no longer read it.")
        if selectors.dataset_current(kind=dataset.kind)
        else _(
            "Dataset withdrawn: no dataset of this kind is left, the recommendations do without."
        ),
    )
    return redirect("recommendations:datasets")


@require_POST
def dataset_restore(request, pk):
    """Put a withdrawn dataset back: it is current again if it is the newest of its kind."""
    dataset = selectors.dataset_get_for_importer(user=request.user, pk=pk)
    services.dataset_restore(dataset=dataset, by=request.user)
    messages.success(request, _("Dataset restored."))
    return redirect("recommendations:datasets")


@require_GET
def methodology(request):
    """The ranking's rules in plain words, with its weights as the code holds them."""
    return render(
        request,
        "recommendations/methodology.html",
        {
            "weights": ranking.WEIGHTS,
            "zones": ranking.ZONE_EASE,
            "ranking": ranking,
            "current": {kind: selectors.dataset_current(kind=kind) for kind in DatasetKind.values},
        },
    )


@require_GET
def household_recommendations(request, pk):
    """The ten départements for the household, as a fragment for the diagnostic and plan
    pages (loaded by htmx once the page is shown, so those pages stay as fast as they were)."""
    household = household_get_for_user(user=request.user, pk=pk)
    context = selectors.recommendations_for_household(household=household, user=request.user)
    plan = context["plan"]
    context["household"] = household
    context["can_pick"] = (
        plan is not None
        and user_access(request.user).can_write_site(household.site_id)
        and plan_agreement_editable(plan=plan, user=request.user)
    )
    return render(request, "recommendations/_recommendations.html", context)


def _back(request, plan):
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return plan.get_absolute_url()


@require_POST
def plan_pick(request, pk):
    """Add a recommended département to the plan's targets, in one click."""
    plan = plan_get_for_user(user=request.user, pk=pk)
    require_write(request.user, plan.household.site_id)
    form = PickForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("departement", [])))
        return redirect(_back(request, plan))
    departement = form.cleaned_data["departement"]
    try:
        services.plan_target_pick(plan=plan, by=request.user, departement=departement)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(dep)s added to the plan's target areas.") % {"dep": departement}
        )
    return redirect(_back(request, plan))

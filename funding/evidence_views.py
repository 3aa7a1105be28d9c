"""Eligibility evidence: recorded by the people who keep the case, checked by someone else,
its scan served only to those who read the household."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import require_write
from core.uploads import file_download_response
from core.views import form_response, post_action
from households.selectors import person_get_for_user

from . import selectors, services
from .forms import EvidenceForm, WorklistFilter


@require_http_methods(["GET", "POST"])
def evidence_create(request, pk):
    person = person_get_for_user(user=request.user, pk=pk)
    household = person.household
    require_write(request.user, household.site_id)
    return form_response(
        request,
        form=EvidenceForm(request.POST or None, request.FILES or None),
        save=lambda form: services.evidence_record(
            by=request.user, person=person, **form.service_fields()
        ),
        done=_("Evidence recorded."),
        template="funding/evidence_form.html",
        context={"person": person, "household": household},
        next_url=household.get_absolute_url() + "#funding",
    )


def evidence_scan(request, pk):
    # Served through this view, never the media URL: only those who read the household get it.
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    return file_download_response(evidence.scan, stem=f"justificatif-{evidence.pk}")


@require_POST
def evidence_check(request, pk):
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    household = evidence.person.household
    if not selectors.may_check_evidence(request.user, site_id=household.site_id):
        raise PermissionDenied
    return post_action(
        request,
        action=partial(services.evidence_check, evidence=evidence, by=request.user),
        done=_("Evidence checked."),
        next_url=household.get_absolute_url() + "#funding",
    )


def evidence_worklist(request):
    """Households of the user's sites whose evidence is missing or lapses within 60 days."""
    filter_form = WorklistFilter(request.GET or None, user=request.user)
    # A grant that is not a choice (a bad or foreign id) gives the unfiltered list.
    grant = filter_form.cleaned_data["grant"] if filter_form.is_valid() else None
    return render(
        request,
        "funding/evidence_worklist.html",
        {
            "filter_form": filter_form,
            "grant": grant,
            "rows": selectors.evidence_worklist(user=request.user, grant=grant),
            "warning_days": selectors.EXPIRY_WARNING_DAYS,
        },
    )

"""A grant's statement, the rows behind each of its figures, and its beneficiaries.

Read by whoever reads the grant (directors, admins, auditors, the coordinators of its sites);
all three pages only read. Auditors see households under the pseudonyms of the control pack,
the others under their reference, linked to the household page.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.access import user_access

from . import selectors
from .beneficiaries import grant_beneficiaries
from .statement import Part, grant_statement
from .statement_forms import BeneficiaryFilterForm, StatementPeriodForm, StatementRowsForm

PAGE_SIZE = 100


def _grant_for_reader(request, pk):
    # Social workers never see the money side: a 403, not an empty page.
    if not selectors.may_read_grants(request.user):
        raise PermissionDenied
    return selectors.grant_get_for_user(user=request.user, pk=pk)


def _querystring(request, *, without=("page",)) -> str:
    query = request.GET.copy()
    for key in without:
        query.pop(key, None)
    return query.urlencode()


def grant_statement_page(request, pk):
    """The figures of the grant for a period, each linked to its rows."""
    grant = _grant_for_reader(request, pk)
    form = StatementPeriodForm(request.GET or None, grant=grant)
    start, end = form.period()
    return render(
        request,
        "funding/statement.html",
        {
            "grant": grant,
            "form": form,
            "statement": grant_statement(grant, start, end),
            "period_query": f"start={start.isoformat()}&end={end.isoformat()}",
            "parts": {part.name: part.value for part in Part},
        },
    )


def grant_statement_rows(request, pk):
    """The rows behind one figure of the statement, and their total."""
    grant = _grant_for_reader(request, pk)
    form = StatementRowsForm(request.GET, grant=grant)
    if not form.is_valid():
        raise Http404("Unknown part of the statement")  # the links give valid values
    part = Part(form.cleaned_data["part"])
    statement = grant_statement(grant, form.cleaned_data["start"], form.cleaned_data["end"])
    rows = statement.rows(part)
    figure = {
        Part.STAFF: statement.staff_costs,
        Part.STAFF_APART: statement.apart_staff_costs,
        Part.OTHER: statement.other_costs,
        Part.OTHER_APART: statement.apart_other_costs,
    }[part]
    return render(
        request,
        "funding/statement_rows.html",
        {
            "grant": grant,
            "statement": statement,
            "part": part.value,
            "fixed_share": part == Part.STAFF and statement.is_fixed_share,
            "staff": part in (Part.STAFF, Part.STAFF_APART),
            "figure": figure,
            "hours": sum((getattr(row, "hours", 0) for row in rows), 0),
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "querystring": _querystring(request),
        },
    )


def grant_beneficiary_list(request, pk):
    """The households the grant supported in a period, with their eligibility."""
    grant = _grant_for_reader(request, pk)
    form = BeneficiaryFilterForm(request.GET or None, grant=grant)
    start, end = form.period()
    beneficiaries = grant_beneficiaries(grant, start, end)
    counts = {
        "all": len(beneficiaries),
        "eligible": sum(1 for b in beneficiaries if b.eligible),
    }
    if form.is_valid():
        wanted = form.cleaned_data
        if wanted["eligible"]:
            beneficiaries = [
                b for b in beneficiaries if b.eligible == (wanted["eligible"] == "yes")
            ]
        if wanted["reason"]:
            beneficiaries = [b for b in beneficiaries if b.eligibility.reason == wanted["reason"]]
    return render(
        request,
        "funding/beneficiary_list.html",
        {
            "grant": grant,
            "form": form,
            "start": start,
            "end": end,
            "counts": counts,
            "pseudonymous": user_access(request.user).is_auditor,
            "page": Paginator(beneficiaries, PAGE_SIZE).get_page(request.GET.get("page")),
            "querystring": _querystring(request),
        },
    )

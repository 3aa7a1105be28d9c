"""The expense pages: the list, one expense, its scan, recording one, importing the export.

Who: directors and admins record and import; coordinators (the expenses charged to a grant
of their sites), directors, auditors and admins read; social workers never see the money side.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.access import user_access
from core.uploads import file_download_response
from core.views import form_response

from . import selectors, services
from .expense_forms import (
    ExpenseForm,
    ExpenseImportConfirmForm,
    ExpenseImportForm,
    ShareFormSet,
)
from .expense_import import parse_expenses
from .filters import ExpenseFilter
from .models import Expense

PAGE_SIZE = 50
# The checked file waits here between the dry run and the confirmation (see expense_import).
PENDING_IMPORT = "funding_expense_import"


def _require_reader(user) -> None:
    access = user_access(user)
    if not (access.is_coordinator or access.sees_all_sites):
        raise PermissionDenied


def _require_recorder(user) -> None:
    # Auditors read and never write, even when they also hold another role's membership.
    access = user_access(user)
    if not access.is_director or (access.is_auditor and not access.is_admin):
        raise PermissionDenied


def _expenses_for(user) -> QuerySet[Expense]:
    _require_reader(user)
    return selectors.expense_list(user=user)


def _expense_for(user, pk) -> Expense:
    _require_reader(user)
    return selectors.expense_get_for_user(user=user, pk=pk)


def _can_record(user) -> bool:
    try:
        _require_recorder(user)
    except PermissionDenied:
        return False
    return True


def expense_list(request):
    """The expenses, newest first, filtered by grant, category and period, paginated."""
    filterset = ExpenseFilter(request.GET, queryset=_expenses_for(request.user), user=request.user)
    page = Paginator(filterset.qs.order_by("-date", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "funding/expense_list.html",
        {
            "filter": filterset,
            "page": page,
            "querystring": query.urlencode(),
            "can_record": _can_record(request.user),
        },
    )


def expense_detail(request, pk):
    expense = _expense_for(request.user, pk)
    shares = list(expense.shares.all())
    return render(
        request,
        "funding/expense_detail.html",
        {
            "expense": expense,
            "shares": shares,
            "charged_percent": sum(share.percent for share in shares),
        },
    )


def expense_scan(request, pk):
    # Served through a view, not the media URL, so that only users who read the expense get it.
    expense = _expense_for(request.user, pk)
    return file_download_response(
        expense.scan, stem=f"facture-{expense.date:%Y-%m-%d}-{expense.pk}"
    )


@require_http_methods(["GET", "POST"])
def expense_create(request):
    """The expense and its shares on one page; nothing is saved unless both are valid."""
    _require_recorder(request.user)
    form = ExpenseForm(request.POST or None, request.FILES or None)
    formset = ShareFormSet(request.POST or None, prefix="shares")

    def save(form):
        expense = services.expense_record(
            by=request.user, shares=formset.shares(), **form.service_fields()
        )
        return reverse("funding:expense_detail", args=[expense.pk])

    return form_response(
        request,
        form=form,
        forms=(formset,),
        save=save,
        done=_("Expense recorded."),
        template="funding/expense_form.html",
        context={"formset": formset},
    )


def _import_context(plan, errors) -> dict:
    return {
        "errors": sorted(errors, key=lambda error: (error.row, error.column)),
        "to_create": plan.to_create if plan else [],
        "already_imported": plan.already_imported if plan else [],
    }


@require_http_methods(["GET", "POST"])
def expense_import(request):
    """Check the accounting export (dry run), then import it once the user confirms.

    The checked file's text waits in the session, with its SHA-256 in the confirmation form:
    the confirmation imports exactly the file that was checked, without sending it again.
    """
    _require_recorder(request.user)
    if request.method == "POST" and "digest" in request.POST:
        return _expense_import_confirm(request)
    form = ExpenseImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "checked": False}
    request.session.pop(PENDING_IMPORT, None)
    if request.method == "POST" and form.is_valid():
        parsed = parse_expenses(form.text)
        plan = services.expenses_import_plan(lines=parsed.lines)
        errors = [*parsed.errors, *plan.errors]
        context.update(_import_context(plan, errors), checked=True)
        if not errors and plan.to_create:
            digest = hashlib.sha256(form.text.encode()).hexdigest()
            request.session[PENDING_IMPORT] = {"digest": digest, "text": form.text}
            context["confirm_form"] = ExpenseImportConfirmForm(
                initial={"digest": digest}, pending=None
            )
    return render(request, "funding/expense_import.html", context)


def _expense_import_confirm(request):
    pending = request.session.get(PENDING_IMPORT)
    form = ExpenseImportConfirmForm(request.POST, pending=pending)

    def save(form):
        parsed = parse_expenses(pending["text"])
        if parsed.errors:
            raise services.FundingRuleError(_("The file has refused rows: send it again."))
        plan = services.expenses_import(rows=parsed.lines, by=request.user)
        request.session.pop(PENDING_IMPORT, None)
        return plan

    def done(plan) -> str:
        created = len(plan.to_create)
        message = ngettext(
            "%(count)d expense imported.", "%(count)d expenses imported.", created
        ) % {"count": created}
        if plan.already_imported:
            already = len(plan.already_imported)
            message += " " + ngettext(
                "%(count)d row was already imported.",
                "%(count)d rows were already imported.",
                already,
            ) % {"count": already}
        return message

    if not form.is_valid():
        messages.error(request, _("This check is no longer current: send the file again."))
        return redirect("funding:expense_import")
    return form_response(
        request,
        form=form,
        save=save,
        done=done,
        template="funding/expense_import.html",
        context={"form": ExpenseImportForm(), "confirm_form": form, "checked": False},
        next_url=reverse("funding:expense_list"),
    )

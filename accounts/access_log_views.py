"""The director's "access log" page: who opened which file, filtered, paginated and exported.

Directors and administrators only (data-protection requests come to them); every other role
gets 403. The page runs the same few queries whatever the size of the log: the count, one
page of rows, the user choices of the filter bar.
"""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheet import csv_lines, xlsx_file

from .access import user_access
from .access_log_filters import AccessEventFilter
from .models import AccessEvent

PAGE_SIZE = 50
CHUNK_SIZE = 2000
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")


def _require_director(user) -> None:
    if not user_access(user).is_director:
        raise PermissionDenied


def _filtered(request) -> AccessEventFilter:
    # The username is kept on the row (it outlives the user): no join is needed.
    return AccessEventFilter(request.GET or None, queryset=AccessEvent.objects.all())


def access_log_list(request):
    _require_director(request.user)
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/access_log.html",
        {
            "filter": filterset,
            "page": page,
            "querystring": query.urlencode(),
            "retention_months": settings.ACCESS_LOG_RETENTION_MONTHS,
        },
    )


def access_log_export(request, fmt):
    """Every event the filters keep, as CSV (streamed) or XLSX; the export is logged itself."""
    _require_director(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    rows = _rows(_filtered(request).qs)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        return FileResponse(
            _xlsx(rows),
            as_attachment=True,
            filename=f"access-log-{stamp}.xlsx",
            content_type=XLSX_MIMETYPE,
        )
    response = StreamingHttpResponse(_csv(rows), content_type=CSV_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response


def _headers() -> list[str]:
    return [
        _("Date and time"),
        _("Username"),
        _("Action"),
        _("Household id"),
        _("Person id"),
        _("Subject"),
        _("Address"),
    ]


def _rows(queryset) -> Iterator[list]:
    # Values, in chunks: memory stays flat for any size of log.
    labels = dict(AccessEvent.Action.choices)
    for at, username, action, household_id, person_id, subject, ip in queryset.values_list(
        "at", "username", "action", "household_id", "person_id", "subject", "ip"
    ).iterator(chunk_size=CHUNK_SIZE):
        yield [
            timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"),
            username,
            str(labels.get(action, action)),
            household_id,
            person_id,
            subject,
            ip,
        ]


def _csv(rows: Iterable[list]) -> Iterator[bytes]:
    return csv_lines(headers=_headers(), rows=rows)


def _xlsx(rows: Iterable[list]):
    return xlsx_file(title=_("Access log"), headers=_headers(), rows=rows)

"""The right of access: a household's whole file, or one person's, as JSON or PDF.

Each download writes a "subject_access" event to the access log (privacy/urls.py wraps these
views with accounts.access_log.logged), so the file itself says who produced it before.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from households.selectors import household_get_for_user, person_get_for_user

from .subject_access import subject_access_allowed, subject_file_build
from .subject_access_render import subject_file_json, subject_file_name, subject_file_pdf

_RENDERERS = {
    "json": (subject_file_json, "application/json"),
    "pdf": (subject_file_pdf, "application/pdf"),
}


def _download(subject, extension: str) -> HttpResponse:
    render, mimetype = _RENDERERS[extension]
    response = HttpResponse(render(subject), content_type=mimetype)
    response["Content-Disposition"] = (
        f'attachment; filename="{subject_file_name(subject, extension)}"'
    )
    return response


def _household_file(request, pk: int, extension: str) -> HttpResponse:
    # 404 outside the user's sites (the selector), 403 for those who may see the household
    # but not hand over its notes (auditors).
    household = household_get_for_user(user=request.user, pk=pk)
    if not subject_access_allowed(user=request.user, household=household):
        raise PermissionDenied
    return _download(subject_file_build(household=household), extension)


def _person_file(request, pk: int, extension: str) -> HttpResponse:
    person = person_get_for_user(user=request.user, pk=pk)
    if not subject_access_allowed(user=request.user, household=person.household):
        raise PermissionDenied
    return _download(subject_file_build(household=person.household, person=person), extension)


@never_cache
def household_subject_access_json(request, pk):
    return _household_file(request, pk, "json")


@never_cache
def household_subject_access_pdf(request, pk):
    return _household_file(request, pk, "pdf")


@never_cache
def person_subject_access_json(request, pk):
    return _person_file(request, pk, "json")


@never_cache
def person_subject_access_pdf(request, pk):
    return _person_file(request, pk, "pdf")

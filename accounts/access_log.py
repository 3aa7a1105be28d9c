"""The access log of personal files: who saw, exported, printed or downloaded what, and when.

Every app writes through `access_log_record`; pages are logged declaratively by wrapping their
view in the app's urls.py with `logged(view, action, household="pk")`, so no view of another app
carries logging code. Rows hold ids and URL names only, never a name or a note, and are kept
ACCESS_LOG_RETENTION_MONTHS (accounts/access_log_purge.py).
"""

import functools
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.db.models import Q, QuerySet

from .models import AccessEvent

Action = AccessEvent.Action
SUBJECT_MAX = AccessEvent._meta.get_field("subject").max_length
USERNAME_MAX = AccessEvent._meta.get_field("username").max_length
# A page is worth logging when it showed the file; a refused or failed answer is logged
# elsewhere (access_log_middleware) as "refused".
_SUCCESS = range(200, 300)
# These are logged whatever the method: an export form may be posted.
_ALWAYS_LOGGED = frozenset({Action.EXPORT, Action.PRINT, Action.DOWNLOAD, Action.SUBJECT_ACCESS})


def client_address(request) -> str | None:
    """The client's address, by the very rule django-axes counts login failures with.

    Behind the reverse proxy (BEHIND_PROXY) that is the address it added to X-Forwarded-For
    (accounts/lockout.py); anything that is not an address is dropped rather than stored.
    """
    if request is None:
        return None
    raw = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(raw.strip())) if raw else None
    except ValueError:
        return None


def access_log_record(
    *,
    action: str,
    request=None,
    user=None,
    household_id: int | None = None,
    person_id: int | None = None,
    subject: str = "",
    username: str = "",
) -> None:
    """Append one AccessEvent row.

    `request` gives the user (unless `user` is passed) and the client address. `subject` is a
    short label that holds no case content, such as "evidence:12" or a URL name.
    `username` names who tried when there is no user (a failed login).
    """
    _event(
        action=action,
        request=request,
        user=user,
        household_id=household_id,
        person_id=person_id,
        subject=subject,
        username=username,
    ).save(force_insert=True)


def access_log_record_households(
    *, action: str, request, user, household_ids, subject: str
) -> None:
    """One row per household, in a single INSERT: a read that shows several files at once
    (an API page of persons) is in each file's log, in as many queries however many."""
    AccessEvent.objects.bulk_create(
        [
            _event(action=action, request=request, user=user, household_id=pk, subject=subject)
            for pk in sorted(set(household_ids))
        ]
    )


def _event(*, action, request, user, household_id, subject, person_id=None, username=""):
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AccessEvent(
        action=action,
        user=user,
        username=(user.get_username() if user is not None else username or "")[:USERNAME_MAX],
        household_id=household_id,
        person_id=person_id,
        subject=(subject or "")[:SUBJECT_MAX],
        ip=client_address(request),
    )


def access_events_for(*, household_id: int, person_ids: list[int]) -> QuerySet[AccessEvent]:
    """Every event about the household or one of these persons (its members), newest first."""
    about = Q(household_id=household_id)
    if person_ids:
        about |= Q(person_id__in=list(person_ids))
    return AccessEvent.objects.filter(about).select_related("user").order_by("-at", "-pk")


def access_events_for_household(household_id: int) -> QuerySet[AccessEvent]:
    """Every event recorded with this household's id, newest first.

    Person pages are recorded with their household's id too (see `logged`); to include events
    recorded with a person id alone, use `access_events_for` with the members' ids.
    """
    return access_events_for(household_id=household_id, person_ids=[])


# -- Declarative logging of pages --------------------------------------------------------


@dataclass(frozen=True)
class LoggedPage:
    """What the log says about a page: its action and where the household and person ids are.

    `household` and `person` name URL keyword arguments; `resolve(request, kwargs)` returns
    (household_id, person_id) for pages whose URL holds another object's id (a document). It
    runs only after a successful answer, so it reads an object the user was allowed to see.
    """

    action: str
    household: str | None = None
    person: str | None = None
    resolve: Callable[..., tuple[int | None, int | None]] | None = None

    def ids_from_kwargs(self, kwargs) -> tuple[int | None, int | None]:
        return _as_id(kwargs.get(self.household)), _as_id(kwargs.get(self.person))


def _as_id(value) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def page_subject(request, kwargs) -> str:
    """The URL name and its arguments (ids, export identifiers): "households:detail:12"."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else request.path_info
    values = ",".join(str(value) for value in kwargs.values())
    return f"{name}:{values}" if values else name


def logged(
    view,
    action: str = Action.VIEW,
    *,
    household: str | None = None,
    person: str | None = None,
    resolve: Callable[..., tuple[int | None, int | None]] | None = None,
):
    """Wrap a view so that each successful answer writes one access event.

    Used in urls.py: `path("<int:pk>/", logged(views.household_detail, household="pk"))`.
    A view is logged on a 2xx GET; an export, print or download on any 2xx answer. A log that
    cannot be written fails the request: no file is shown without its trace.
    """
    page = LoggedPage(action=action, household=household, person=person, resolve=resolve)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in _SUCCESS and (
            request.method == "GET" or page.action in _ALWAYS_LOGGED
        ):
            _record_page(request, page, kwargs)
        return response

    wrapper.access_log_page = page
    return wrapper


def _record_page(request, page: LoggedPage, kwargs) -> None:
    household_id, person_id = page.ids_from_kwargs(kwargs)
    if page.resolve is not None:
        resolved_household, resolved_person = page.resolve(request, kwargs)
        household_id = household_id or resolved_household
        person_id = person_id or resolved_person
    access_log_record(
        action=page.action,
        request=request,
        household_id=household_id,
        person_id=person_id,
        subject=page_subject(request, kwargs),
    )


def logged_page_of(view) -> LoggedPage | None:
    """The LoggedPage a view was wrapped with, if any (the refusal middleware reads it)."""
    return getattr(view, "access_log_page", None)


def household_of(model, *, household: str = "household_id", person: str | None = None):
    """A `resolve` for `logged`: the household (and person) ids of the object named by "pk".

    The model comes from the app whose urls.py registers the page, so accounts imports no
    higher layer: `logged(views.interview_detail, resolve=household_of(Interview))` in
    interviews/urls.py, or `household_of(EligibilityEvidence,
    household="person__household_id", person="person_id")`. One query, of ids only.
    """
    fields = [household, person] if person else [household]

    def resolve(request, kwargs):
        row = model._base_manager.filter(pk=kwargs.get("pk")).values_list(*fields).first()
        if row is None:
            return None, None
        return row[0], (row[1] if person else None)

    return resolve

"""Refused accesses of signed-in users go to the access log.

A 403 anywhere, and a 404 on a URL that names an object (it has arguments): someone asked
for a file outside their scope, which selectors answer with 404 so as not to tell it exists.
A 404 on a URL that matches nothing is a typo, not an access, and is left out.
"""

from django.urls import Resolver404, resolve

from .access_log import Action, access_log_record, logged_page_of, page_subject


class AccessRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and getattr(
            getattr(request, "user", None), "is_authenticated", False
        ):
            self._record(request, response.status_code)
        return response

    def _record(self, request, status: int) -> None:
        # Set when a view ran; an earlier middleware's refusal (ReadOnlyRoleMiddleware) has
        # not resolved the URL yet.
        match = getattr(request, "resolver_match", None)
        if match is None:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return
            request.resolver_match = match
        if status == 404 and not match.kwargs:
            return
        page = logged_page_of(match.func)
        household_id, person_id = page.ids_from_kwargs(match.kwargs) if page else (None, None)
        access_log_record(
            action=Action.REFUSED,
            request=request,
            household_id=household_id,
            person_id=person_id,
            subject=f"{status}:{page_subject(request, match.kwargs)}",
        )

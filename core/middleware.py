"""Response headers shared by every app."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user.

    Nearly every page of a signed-in user shows a person's file, a list of households or an
    export: none may stay in the browser's cache (a shared office computer, the back button
    after logging out) or in a proxy. Static files hold no personal data and keep their long
    cache (WhiteNoise answers them before this middleware; the prefix check covers DEBUG).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.static_prefix)
        ):
            add_never_cache_headers(response)
        return response

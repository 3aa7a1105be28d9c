"""The OpenAPI schema and its documentation page (Swagger UI from drf_spectacular_sidecar's
static files, no CDN).

The schema answers a signed-in session or a token; the documentation is a page of the app
(session login). Swagger UI's start-up script is served by the view itself (the "split"
view), and the page has no inline style, so the project's Content-Security-Policy holds.
"""

from django.contrib.auth.decorators import login_not_required, login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from .authentication import BearerTokenAuthentication


class SchemaView(SpectacularAPIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @classmethod
    def as_view(cls, *args, **kwargs):
        # A token client has no session: DRF authenticates it.
        return login_not_required(super().as_view(*args, **kwargs))


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "Clef de France API"

    @classmethod
    def as_view(cls, *args, **kwargs):
        # DRF marks its views login_not_required; this one is a page: anonymous visitors go
        # to the login page, as everywhere else.
        return login_required(super().as_view(*args, **kwargs))

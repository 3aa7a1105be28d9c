"""`Authorization: Bearer <token>`: the only way into the API.

No session authentication: a browser signed in to the pages reaches the API through a token
like any client, so the API never depends on the CSRF token or on the pages' second-factor
step (accounts/two_factor_middleware.py only sees the session user, and a token request
carries none). A token was made in a fully signed-in session, second factor included, and
the pages' rule is read again at each call: a user who must have a second factor and has
none (a role given since, the device removed) is refused.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.two_factor import requires_two_factor

from . import selectors, services

KEYWORD = b"bearer"
# A secret is "cdf_" and 43 characters; anything much longer is not one of ours.
MAX_SECRET_LENGTH = 200


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2 or len(parts[1]) > MAX_SECRET_LENGTH:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = selectors.api_token_for_secret(secret_hash=services.secret_hash(secret))
        if token is None:
            # Unknown, revoked or expired: the same answer, so a caller learns nothing.
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if requires_two_factor(token.user) and not token.user_has_second_factor:
            # The pages' rule, read at each call: a role that asks for a second factor given
            # since the token was made, or the second factor removed, stops the token too.
            raise exceptions.AuthenticationFailed(
                _("This account needs a second factor: set it up on the pages first.")
            )
        services.api_token_touch(token=token, now=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without valid credentials.
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": str(_("A personal token."))}

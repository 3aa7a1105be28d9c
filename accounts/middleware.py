from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied

from .access import user_access

# Leaving the site, changing one's own password or second factor, changing the interface
# language and asking for the financial-control pack (a read of the data; its Report row
# records who asked, as every export does) are not changes to case data.
_ALWAYS_ALLOWED_URL_NAMES = (
    "accounts:logout",
    "accounts:password_change",
    # Their own second factor and its re-authentication: the account's security, not case data.
    "accounts:reauthenticate",
    "accounts:two_factor_verify",
    "accounts:two_factor_enrol",
    "accounts:two_factor_codes_regenerate",
    "accounts:two_factor_remove",
    "set_language",
    "reporting:control_packs",
    # Their own API tokens: the account's security, like the second factor. A token reads
    # what its user's pages show, and the API refuses an auditor's every write.
    "api:tokens",
    "api:token_revoke",
)


class ReadOnlyRoleMiddleware:
    """Refuses every write request of an auditor-only user, whatever view it reaches.

    Views check finer rules themselves; this is the belt to their braces so that a view
    forgetting a check can never let external control change a record.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and request.path not in {reverse(name) for name in _ALWAYS_ALLOWED_URL_NAMES}
            and user_access(request.user).is_auditor_only
        ):
            return permission_denied(request, exception=None)
        return self.get_response(request)


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """French unless the user chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on staff
    computers set up in English would hide the French interface the programme works in.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()

from django.views.defaults import permission_denied

from .access import user_access

# Leaving the site and changing the interface language are not changes to case data.
_ALWAYS_ALLOWED_PREFIXES = ("/accounts/logout/", "/i18n/")


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
            and not request.path.startswith(_ALWAYS_ALLOWED_PREFIXES)
            and user_access(request.user).is_auditor_only
        ):
            return permission_denied(request, exception=None)
        return self.get_response(request)

"""What the API adds to the pages' rules: nothing but the read-only belt of the auditors.

The pages' ReadOnlyRoleMiddleware sees the session's user only; a token's user is known once
DRF has authenticated it, so this permission refuses an auditor's write the same way. The
finer rules (who writes where) are the services' and selectors' own, as on the pages.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.access import user_access


class AuditorsReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or not user_access(request.user).is_auditor_only

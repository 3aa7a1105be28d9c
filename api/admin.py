from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken
from .services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Administrators see every token (never a secret) and may revoke one, e.g. a leaked
    one; creating a token for someone else is not offered: its secret belongs to its user."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, by=request.user)

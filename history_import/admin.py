from django.contrib import admin

from .models import ColumnMapping, ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Read-only: a run is sent, checked and imported through its pages or the command."""

    list_display = ("file_name", "site", "status", "rows_total", "created_by", "created_at")
    list_filter = ("status", "site")
    search_fields = ("file_name", "sha256")
    exclude = ("file", "cases")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("site", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")

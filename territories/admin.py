from django.contrib import admin

from .models import Departement, Region


class ReferenceDataAdmin(admin.ModelAdmin):
    """Regions and départements are loaded by a data migration from the COG.

    Adding or deleting rows by hand would make the database drift from INSEE's
    list, so only corrections to existing names are allowed.
    """

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The code is the primary key; editing it would create a new row.
        return ("code",) if obj else ()


class DepartementInline(admin.TabularInline):
    model = Departement
    fields = ("code", "name")
    readonly_fields = ("code", "name")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "is_overseas")
    search_fields = ("code", "name")
    list_filter = ("is_overseas",)
    inlines = (DepartementInline,)


@admin.register(Departement)
class DepartementAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "region")
    search_fields = ("code", "name", "region__name")
    list_filter = ("region",)
    list_select_related = ("region",)

    def get_readonly_fields(self, request, obj=None):
        # Moving a département between regions is a territorial reform, not an
        # admin correction.
        return ("code", "region") if obj else ()

from django.contrib import admin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "departement", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "commune"]

from django.contrib import admin

from .models import Contact, Offer, Partner, Referral
from .services import partner_search_name


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "departement", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "commune"]
    inlines = [ContactInline]

    def save_model(self, request, obj, form, change):
        # Keep the accent-free search column right when an administrator edits here.
        obj.search_name = partner_search_name(obj)
        super().save_model(request, obj, form, change)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "partner", "departement", "status", "starts_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "partner__name"]
    raw_id_fields = ["partner"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["household", "partner", "offer", "sent_on", "answer"]
    list_filter = ["answer", "channel"]
    raw_id_fields = ["plan", "household", "partner", "offer", "persons"]

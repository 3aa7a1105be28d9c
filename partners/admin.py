from django.contrib import admin

from .models import Contact, Offer, Partner, Referral, ReferralLink, ReferralLinkOpening
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


class ReferralLinkOpeningInline(admin.TabularInline):
    model = ReferralLinkOpening
    extra = 0
    can_delete = False
    readonly_fields = ["opened_at", "outcome"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReferralLink)
class ReferralLinkAdmin(admin.ModelAdmin):
    """Read only: a link is made, sent and revoked through partners.referral_links only."""

    list_display = ["referral", "sent_to", "sent_at", "expires_at", "revoked_at", "answered_at"]
    list_filter = ["revocation_reason", "answer"]
    inlines = [ReferralLinkOpeningInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

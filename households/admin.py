from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Consent, Household, Person, StatusChange


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["first_name", "last_name", "sex", "birth_date", "relation", "protection_status"]


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "site", "social_worker", "status", "referral_date"]
    list_filter = ["status", "site"]
    search_fields = ["reference", "search_text"]
    inlines = [PersonInline]
    readonly_fields = ["reference", "status", "status_before_hold"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["first_name", "last_name", "birth_date", "household"]
    search_fields = ["normalized_name"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["household", "scope", "given_on", "withdrawn_on"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["household", "from_status", "to_status", "occurred_on", "changed_by"]
    list_filter = ["to_status"]

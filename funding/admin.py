"""The money side in the admin: funders may be edited, the rest is read-only.

Grants, evidence, staff costs, expenses and staff time carry rules (rates fixed at signature,
checked uploads, shares of at most 100 %, locked months) that live in funding.services; the
admin would bypass them, so it only shows those rows and their history.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EligibilityEvidence,
    Expense,
    ExpenseShare,
    Funder,
    Grant,
    GrantIndicator,
    StaffCost,
    TimeEntry,
    Timesheet,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class GrantIndicatorInline(ReadOnlyMixin, admin.TabularInline):
    model = GrantIndicator
    extra = 0


@admin.register(Grant)
class GrantAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["agreement_reference", "title", "funder", "starts_on", "ends_on", "status"]
    list_filter = ["status", "funder"]
    search_fields = ["agreement_reference", "title"]
    inlines = [GrantIndicatorInline]


@admin.register(GrantIndicator)
class GrantIndicatorAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["grant", "indicator", "target"]
    list_filter = ["indicator"]


@admin.register(EligibilityEvidence)
class EligibilityEvidenceAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["person", "kind", "issued_on", "expires_on", "checked_by", "checked_at"]
    list_filter = ["kind"]
    # The person is shown by name only: a select box of every person would be a data leak.
    raw_id_fields = ["person"]


@admin.register(StaffCost)
class StaffCostAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["staff", "year", "annual_cost", "contract_hours", "working_time_share"]
    list_filter = ["year"]


class ExpenseShareInline(ReadOnlyMixin, admin.TabularInline):
    model = ExpenseShare
    extra = 0


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["date", "supplier", "category", "amount", "invoice_reference"]
    list_filter = ["category"]
    search_fields = ["supplier", "invoice_reference"]
    date_hierarchy = "date"
    inlines = [ExpenseShareInline]


@admin.register(ExpenseShare)
class ExpenseShareAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["expense", "grant", "percent"]


@admin.register(TimeEntry)
class TimeEntryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["staff", "date", "hours", "activity", "source", "grant"]
    list_filter = ["source"]
    date_hierarchy = "date"


@admin.register(Timesheet)
class TimesheetAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["staff", "grant", "month", "status", "validated_at", "countersigned_at"]
    list_filter = ["status"]

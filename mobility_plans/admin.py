from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MobilityPlan, PlanStep, PlanTarget, Relocation


class TargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


class StepInline(admin.TabularInline):
    model = PlanStep
    extra = 0


@admin.register(MobilityPlan)
class MobilityPlanAdmin(SimpleHistoryAdmin):
    list_display = ["household", "lever", "status", "signed_on", "abandoned_on"]
    list_filter = ["status", "lever", "household__site"]
    search_fields = ["household__reference"]
    raw_id_fields = ["household", "interview"]
    # Status moves go through the services (they move the household too).
    readonly_fields = ["status", "signed_on", "abandoned_on"]
    inlines = [TargetInline, StepInline]


@admin.register(Relocation)
class RelocationAdmin(admin.ModelAdmin):
    list_display = ["household", "moved_on", "commune", "departement", "lever_used"]
    list_filter = ["lever_used", "housing_obtained", "household__site"]
    search_fields = ["household__reference", "commune"]
    raw_id_fields = ["household", "plan"]

    def has_add_permission(self, request):
        # A move is recorded by relocation_record: it realises the plan, moves the household
        # and lets the follow-ups schedule themselves (relocation_recorded).
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DigestLog, FollowUp, PlanStepOverdue


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("household", "months_after", "due_on", "status", "done_on", "marked_overdue_on")
    list_filter = ("status", "months_after", "location")
    search_fields = ("household__reference",)
    raw_id_fields = ("household", "relocation", "created_by", "recorded_by")
    date_hierarchy = "due_on"


@admin.register(PlanStepOverdue)
class PlanStepOverdueAdmin(admin.ModelAdmin):
    list_display = ("step", "marked_on")
    raw_id_fields = ("step",)


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "item_count", "sent_at")
    list_filter = ("day",)
    raw_id_fields = ("user",)

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DiagnosticAssessment, Interview


class AssessmentInline(admin.StackedInline):
    model = DiagnosticAssessment
    extra = 0


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    list_display = ["household", "kind", "held_on", "social_worker", "duration_minutes"]
    list_filter = ["kind", "household__site"]
    search_fields = ["household__reference"]
    date_hierarchy = "held_on"
    raw_id_fields = ["household"]
    filter_horizontal = ["persons_present"]
    inlines = [AssessmentInline]

from django.contrib import admin

from .models import (
    ProfessionalTraining,
    Trainee,
    TraineeRegistration,
    Workshop,
    WorkshopRegistration,
)


class WorkshopRegistrationInline(admin.TabularInline):
    model = WorkshopRegistration
    extra = 0
    fields = ["person", "status", "attendance"]
    raw_id_fields = ["person"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["topic", "date", "start_time", "site", "capacity", "cancelled_at"]
    list_filter = ["site", "date"]
    search_fields = ["topic", "place"]
    filter_horizontal = ["regions_presented", "facilitators"]
    inlines = [WorkshopRegistrationInline]


class TraineeRegistrationInline(admin.TabularInline):
    model = TraineeRegistration
    extra = 0
    fields = ["trainee", "status", "attendance"]
    raw_id_fields = ["trainee"]


@admin.register(ProfessionalTraining)
class ProfessionalTrainingAdmin(admin.ModelAdmin):
    list_display = ["topic", "date", "duration_hours", "site", "capacity"]
    list_filter = ["site", "date"]
    search_fields = ["topic", "place"]
    filter_horizontal = ["trainers"]
    inlines = [TraineeRegistrationInline]


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "job_title", "email"]
    search_fields = ["name", "email", "organisation__name"]

"""URLs of the funding pages about staff time and staff costs (included by funding/urls.py)."""

from django.urls import path

from funding import staff_cost_views, time_views

urlpatterns = [
    path("time/", time_views.my_time, name="my_time"),
    path("time/entries/new/", time_views.time_entry_add, name="time_entry_add"),
    path(
        "time/entries/<int:pk>/grant/", time_views.time_entry_set_grant, name="time_entry_set_grant"
    ),
    path("time/entries/<int:pk>/delete/", time_views.time_entry_delete, name="time_entry_delete"),
    path(
        "time/entries/<int:pk>/correct/", time_views.time_entry_correct, name="time_entry_correct"
    ),
    path("time/validate/", time_views.timesheet_validate, name="timesheet_validate"),
    path("timesheets/", time_views.timesheet_list, name="timesheet_list"),
    path("timesheets/<int:pk>/", time_views.timesheet_detail, name="timesheet_detail"),
    path(
        "timesheets/<int:pk>/countersign/",
        time_views.timesheet_countersign,
        name="timesheet_countersign",
    ),
    path("staff-costs/", staff_cost_views.staff_cost_list, name="staff_cost_list"),
    path("staff-costs/new/", staff_cost_views.staff_cost_create, name="staff_cost_create"),
    path(
        "staff-costs/<int:pk>/edit/",
        staff_cost_views.staff_cost_update,
        name="staff_cost_update",
    ),
]

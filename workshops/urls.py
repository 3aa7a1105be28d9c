from django.urls import path

from accounts.access_log import Action, logged

from . import training_views, views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("calendar/", views.workshop_calendar, name="calendar"),
    path("no-shows/", views.workshop_no_shows, name="no_shows"),
    path("new/", views.workshop_create, name="create"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/edit/", views.workshop_update, name="update"),
    path("<int:pk>/cancel/", views.workshop_cancel, name="cancel"),
    path("<int:pk>/duplicate/", views.workshop_duplicate, name="duplicate"),
    path("<int:pk>/register/", views.workshop_register, name="register"),
    path("<int:pk>/register/search/", views.workshop_person_search, name="person_search"),
    path("<int:pk>/attendance/", views.workshop_attendance, name="attendance"),
    path(
        "<int:pk>/attendance/household/<int:household_pk>/",
        views.workshop_household_present,
        name="household_present",
    ),
    path("<int:pk>/sheet/", logged(views.workshop_sheet, Action.PRINT), name="sheet"),
    path("<int:pk>/signed-sheet/", views.workshop_signed_sheet, name="signed_sheet"),
    path(
        "<int:pk>/signed-sheet/download/",
        logged(views.workshop_signed_sheet_download, Action.DOWNLOAD),
        name="signed_sheet_download",
    ),
    path(
        "registrations/<int:pk>/attendance/",
        views.workshop_attendance_mark,
        name="attendance_mark",
    ),
    path(
        "registrations/<int:pk>/remove/",
        views.workshop_registration_remove,
        name="registration_remove",
    ),
    path("trainings/", training_views.training_list, name="training_list"),
    path("trainings/new/", training_views.training_create, name="training_create"),
    path("trainings/<int:pk>/", training_views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/edit/", training_views.training_update, name="training_update"),
    path(
        "trainings/<int:pk>/register/", training_views.training_register, name="training_register"
    ),
    path(
        "trainings/<int:pk>/register/search/",
        training_views.training_trainee_search,
        name="training_trainee_search",
    ),
    path(
        "trainings/<int:pk>/attendance/",
        training_views.training_attendance,
        name="training_attendance",
    ),
    path(
        "trainings/<int:pk>/sheet/",
        logged(training_views.training_sheet, Action.PRINT),
        name="training_sheet",
    ),
    path(
        "trainings/<int:pk>/signed-sheet/",
        training_views.training_signed_sheet,
        name="training_signed_sheet",
    ),
    path(
        "trainings/<int:pk>/signed-sheet/download/",
        logged(training_views.training_signed_sheet_download, Action.DOWNLOAD),
        name="training_signed_sheet_download",
    ),
    path(
        "trainings/registrations/<int:pk>/attendance/",
        training_views.training_attendance_mark,
        name="training_attendance_mark",
    ),
    path(
        "trainings/registrations/<int:pk>/remove/",
        training_views.training_registration_remove,
        name="training_registration_remove",
    ),
]

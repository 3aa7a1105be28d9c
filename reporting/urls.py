from django.urls import path

from accounts.access_log import Action, logged

from . import commentary_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("list/", logged(views.drilldown), name="drilldown"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/progress/", views.report_progress, name="report_progress"),
    path(
        "reports/<int:pk>/download/",
        logged(views.report_download, Action.DOWNLOAD),
        name="report_download",
    ),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path(
        "reports/<int:pk>/commentary/", commentary_views.report_commentary, name="report_commentary"
    ),
    path("reports/all/", views.report_history, name="report_history"),
    path("control-packs/", views.control_packs, name="control_packs"),
    path("exports/", views.export_list, name="exports"),
    path("exports/<slug:identifier>/", logged(views.export_download, Action.EXPORT), name="export"),
]

from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("site/", views.site_overview, name="site_overview"),
    path("transfer/", views.caseload_transfer, name="transfer"),
    path("<int:pk>/", views.followup_detail, name="detail"),
    path("<int:pk>/record/", views.followup_record, name="record"),
    path("<int:pk>/date/", views.followup_reschedule, name="reschedule"),
    path("<int:pk>/missed/", views.followup_missed, name="missed"),
    path("household/<int:pk>/new/", views.followup_add, name="add"),
    path("household/<int:pk>/close/", views.household_close, name="close"),
]

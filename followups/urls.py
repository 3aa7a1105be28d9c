from django.urls import path

from accounts.access_log import household_of, logged

from . import views
from .models import FollowUp

app_name = "followups"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("site/", views.site_overview, name="site_overview"),
    path("site/late/", views.late_list, name="late"),
    path("transfer/", views.caseload_transfer, name="transfer"),
    path("<int:pk>/", logged(views.followup_detail, resolve=household_of(FollowUp)), name="detail"),
    path("<int:pk>/record/", views.followup_record, name="record"),
    path("<int:pk>/date/", views.followup_reschedule, name="reschedule"),
    path("<int:pk>/missed/", views.followup_missed, name="missed"),
    path("household/<int:pk>/new/", views.followup_add, name="add"),
    path("household/<int:pk>/close/", views.household_close, name="close"),
]

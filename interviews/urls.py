from django.urls import path

from accounts.access_log import household_of, logged

from . import views
from .models import Interview

_household = household_of(Interview)

app_name = "interviews"

urlpatterns = [
    path("household/<int:pk>/new/", views.interview_create, name="create"),
    path("<int:pk>/", logged(views.interview_detail, resolve=_household), name="detail"),
    path("<int:pk>/edit/", logged(views.interview_update, resolve=_household), name="update"),
]

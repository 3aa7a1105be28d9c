from django.urls import path

from accounts.access_log import household_of, logged

from . import views
from .models import MobilityPlan

_household = household_of(MobilityPlan)

app_name = "mobility_plans"

urlpatterns = [
    path("<int:pk>/", logged(views.plan_detail, resolve=_household), name="detail"),
    path("<int:pk>/edit/", logged(views.plan_update, resolve=_household), name="update"),
    path("<int:pk>/sign/", views.plan_sign, name="sign"),
    path("<int:pk>/abandon/", views.plan_abandon, name="abandon"),
    path("<int:pk>/steps/new/", views.step_add, name="step_add"),
    path("steps/<int:pk>/toggle/", views.step_toggle, name="step_toggle"),
    path("<int:pk>/relocation/", views.relocation_create, name="relocation_create"),
]

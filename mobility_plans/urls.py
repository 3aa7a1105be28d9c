from django.urls import path

from . import views

app_name = "mobility_plans"

urlpatterns = [
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_update, name="update"),
    path("<int:pk>/sign/", views.plan_sign, name="sign"),
    path("<int:pk>/abandon/", views.plan_abandon, name="abandon"),
    path("<int:pk>/steps/new/", views.step_add, name="step_add"),
    path("steps/<int:pk>/toggle/", views.step_toggle, name="step_toggle"),
    path("<int:pk>/relocation/", views.relocation_create, name="relocation_create"),
]

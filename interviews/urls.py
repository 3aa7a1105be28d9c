from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("household/<int:pk>/new/", views.interview_create, name="create"),
    path("<int:pk>/", views.interview_detail, name="detail"),
    path("<int:pk>/edit/", views.interview_update, name="update"),
]

from django.urls import path

from . import views

app_name = "history_import"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("template/", views.import_template, name="template"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/mapping/", views.import_mapping, name="mapping"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/discard/", views.import_discard, name="discard"),
]

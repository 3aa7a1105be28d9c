from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("datasets/", views.dataset_list, name="datasets"),
    path("datasets/<int:pk>/withdraw/", views.dataset_withdraw, name="dataset_withdraw"),
    path("datasets/<int:pk>/restore/", views.dataset_restore, name="dataset_restore"),
    path("datasets/files/<int:pk>/", views.upload_detail, name="upload"),
    path("datasets/files/<int:pk>/import/", views.upload_import, name="upload_import"),
    path("datasets/files/<int:pk>/discard/", views.upload_discard, name="upload_discard"),
    path("methodology/", views.methodology, name="methodology"),
    path("households/<int:pk>/", views.household_recommendations, name="household"),
    path("plans/<int:pk>/pick/", views.plan_pick, name="pick"),
]

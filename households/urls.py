from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/edit/", views.household_update, name="update"),
    path("<int:pk>/status/", views.household_status, name="status"),
    path("<int:pk>/assign/", views.household_assign, name="assign"),
    path("<int:pk>/transfer-site/", views.household_transfer_site, name="transfer_site"),
    path("<int:pk>/members/new/", views.person_create, name="person_create"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path("members/<int:pk>/edit/", views.person_update, name="person_update"),
    path("members/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]

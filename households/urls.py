from django.urls import path

from accounts.access_log import household_of, logged

from . import views
from .models import Person

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("new/", views.household_create, name="create"),
    path("<int:pk>/", logged(views.household_detail, household="pk"), name="detail"),
    path("<int:pk>/edit/", logged(views.household_update, household="pk"), name="update"),
    path("<int:pk>/status/", views.household_status, name="status"),
    path("<int:pk>/assign/", views.household_assign, name="assign"),
    path("<int:pk>/transfer-site/", views.household_transfer_site, name="transfer_site"),
    path("<int:pk>/members/new/", views.person_create, name="person_create"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path(
        "members/<int:pk>/edit/",
        logged(views.person_update, resolve=household_of(Person, person="pk")),
        name="person_update",
    ),
    path("members/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]

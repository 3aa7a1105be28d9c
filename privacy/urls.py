from django.urls import path

from accounts.access_log import Action, household_of, logged
from households.models import Person

from . import views_retention
from .subject_access_views import (
    household_subject_access_json,
    household_subject_access_pdf,
    person_subject_access_json,
    person_subject_access_pdf,
)

app_name = "privacy"

urlpatterns: list = []
urlpatterns += [
    path("soon-archived/", views_retention.soon_archived, name="soon_archived"),
    path("households/<int:pk>/erase/", views_retention.erasure_request, name="erasure_request"),
]

# The right of access: each download is an access-log event of its own kind.
_person = household_of(Person, person="pk")
urlpatterns += [
    path(
        "households/<int:pk>/access.json",
        logged(household_subject_access_json, Action.SUBJECT_ACCESS, household="pk"),
        name="subject_access_json",
    ),
    path(
        "households/<int:pk>/access.pdf",
        logged(household_subject_access_pdf, Action.SUBJECT_ACCESS, household="pk"),
        name="subject_access_pdf",
    ),
    path(
        "persons/<int:pk>/access.json",
        logged(person_subject_access_json, Action.SUBJECT_ACCESS, resolve=_person),
        name="person_subject_access_json",
    ),
    path(
        "persons/<int:pk>/access.pdf",
        logged(person_subject_access_pdf, Action.SUBJECT_ACCESS, resolve=_person),
        name="person_subject_access_pdf",
    ),
]

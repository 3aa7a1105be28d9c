"""URLs of the funding pages about grants and eligibility evidence (included by funding/urls.py)."""

from django.urls import path

from accounts.access_log import Action, household_of, logged
from funding import evidence_views, grant_views
from funding.models import EligibilityEvidence

urlpatterns = [
    path("grants/", grant_views.grant_list, name="grant_list"),
    path("grants/new/", grant_views.grant_create, name="grant_create"),
    path("grants/<int:pk>/", grant_views.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/edit/", grant_views.grant_update, name="grant_update"),
    path("grants/<int:pk>/sign/", grant_views.grant_sign, name="grant_sign"),
    path("grants/<int:pk>/close/", grant_views.grant_close, name="grant_close"),
    path("grants/<int:pk>/target/", grant_views.grant_indicator_set, name="grant_indicator_set"),
    path("funders/new/", grant_views.funder_create, name="funder_create"),
    path("persons/<int:pk>/evidence/new/", evidence_views.evidence_create, name="evidence_create"),
    path(
        "evidence/<int:pk>/scan/",
        logged(
            evidence_views.evidence_scan,
            Action.DOWNLOAD,
            resolve=household_of(
                EligibilityEvidence, household="person__household_id", person="person_id"
            ),
        ),
        name="evidence_scan",
    ),
    path("evidence/<int:pk>/check/", evidence_views.evidence_check, name="evidence_check"),
    path("evidence/to-do/", evidence_views.evidence_worklist, name="evidence_worklist"),
]

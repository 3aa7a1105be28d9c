"""URLs of a grant's statement and beneficiaries (included by funding/urls.py)."""

from django.urls import path

from accounts.access_log import logged
from funding import statement_views

urlpatterns = [
    path(
        "grants/<int:pk>/statement/",
        statement_views.grant_statement_page,
        name="grant_statement",
    ),
    path(
        "grants/<int:pk>/statement/rows/",
        statement_views.grant_statement_rows,
        name="grant_statement_rows",
    ),
    path(
        "grants/<int:pk>/beneficiaries/",
        logged(statement_views.grant_beneficiary_list),
        name="grant_beneficiaries",
    ),
]

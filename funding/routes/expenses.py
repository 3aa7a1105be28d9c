"""URLs of the funding pages about expenses (included by funding/urls.py)."""

from django.urls import path

from accounts.access_log import Action, logged
from funding import expense_views

urlpatterns = [
    path("expenses/", expense_views.expense_list, name="expense_list"),
    path("expenses/new/", expense_views.expense_create, name="expense_create"),
    path("expenses/import/", expense_views.expense_import, name="expense_import"),
    path("expenses/<int:pk>/", expense_views.expense_detail, name="expense_detail"),
    path(
        "expenses/<int:pk>/scan/",
        logged(expense_views.expense_scan, Action.DOWNLOAD),
        name="expense_scan",
    ),
]

"""The funding pages: one route module per concept, so each concept's views stay apart."""

from .routes import expenses, grants, statement, time

app_name = "funding"

urlpatterns = [
    *grants.urlpatterns,
    *expenses.urlpatterns,
    *statement.urlpatterns,
    *time.urlpatterns,
]

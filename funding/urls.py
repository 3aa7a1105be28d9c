"""The funding pages: one route module per concept, so each concept's views stay apart."""

from .routes import expenses, grants, time

app_name = "funding"

urlpatterns = [*grants.urlpatterns, *expenses.urlpatterns, *time.urlpatterns]

"""URLs of the funding pages about grants (included by funding/urls.py)."""

urlpatterns: list = []

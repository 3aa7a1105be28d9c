"""URLs of the funding pages about time (included by funding/urls.py)."""

urlpatterns: list = []

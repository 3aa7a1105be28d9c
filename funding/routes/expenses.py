"""URLs of the funding pages about expenses (included by funding/urls.py)."""

urlpatterns: list = []

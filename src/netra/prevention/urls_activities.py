"""Routes of the prevention activities pages (included by prevention/urls.py)."""

urlpatterns: list = []

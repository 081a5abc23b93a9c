"""Routes of the prevention pacts pages (included by prevention/urls.py)."""

urlpatterns: list = []

"""Routes of the prevention pledges pages (included by prevention/urls.py)."""

urlpatterns: list = []

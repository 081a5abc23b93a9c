"""Routes of the prevention coverage pages (included by prevention/urls.py)."""

urlpatterns: list = []

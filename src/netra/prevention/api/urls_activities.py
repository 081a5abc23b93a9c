"""API routes for prevention activities."""

urlpatterns: list = []

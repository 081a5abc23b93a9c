"""API routes for prevention pledges."""

urlpatterns: list = []

"""API routes for prevention coverage."""

urlpatterns: list = []

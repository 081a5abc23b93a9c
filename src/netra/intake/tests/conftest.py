import pytest


@pytest.fixture(autouse=True)
def _isolated_media_and_counters(settings, tmp_path):
    """Each test stores evidence under its own MEDIA_ROOT and starts with fresh rate counters."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()

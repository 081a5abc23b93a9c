import pytest


@pytest.fixture(autouse=True)
def _isolated_media_and_counters(settings, tmp_path):
    """Each test stores evidence under its own MEDIA_ROOT and starts with fresh rate counters."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_celery_result_backend():
    """Running a task eagerly caches Celery's result backend and producer pool (for the test
    broker) on the app; forget them so a later test that points the app at a real broker
    (tests/integration/test_celery_redis.py) gets fresh ones, whatever the test order."""
    yield
    from netra.celery import app

    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None

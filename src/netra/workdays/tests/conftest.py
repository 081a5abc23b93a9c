import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language; a request with Accept-Language leaves its
    language active in the thread, which would leak into the next test."""
    translation.deactivate()
    yield
    translation.deactivate()

"""Every per-address limit counts a request without a usable client address in one shared
bucket instead of failing with a 500 (django-ratelimit's "ip" key raises on such requests)."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from netra.documents import ratelimits as documents_limits
from netra.prevention import ratelimits as prevention_limits
from netra.web.ratelimit_keys import NO_ADDRESS, client_address


@pytest.fixture(autouse=True)
def _fresh_counters():
    for cache in caches.all():
        cache.clear()


UNUSABLE = [{}, {"REMOTE_ADDR": ""}, {"REMOTE_ADDR": "not-an-address"}]


def _request(meta: dict):
    request = RequestFactory().post("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    return request


@pytest.mark.parametrize("meta", UNUSABLE)
def test_an_unusable_address_is_the_shared_bucket(meta):
    assert client_address("any", _request(meta)) == NO_ADDRESS


def test_a_real_address_is_its_own_key():
    assert client_address("any", _request({"REMOTE_ADDR": "192.0.2.7"})) == "192.0.2.7"


@pytest.mark.parametrize("meta", UNUSABLE)
def test_document_verification_limit_without_an_address(settings, meta):
    settings.DOCUMENTS_VERIFY_PER_IP = "2/h"
    assert documents_limits.verify_blocked(_request(meta)) is False
    assert documents_limits.verify_blocked(_request(meta)) is False
    assert documents_limits.verify_blocked(_request(meta)) is True
    assert documents_limits.verify_blocked(_request({"REMOTE_ADDR": "192.0.2.8"})) is False


@pytest.mark.parametrize("meta", UNUSABLE)
def test_identity_check_limit_without_an_address(settings, meta):
    settings.PREVENTION_IDENTIFY_FAILURES_PER_IP = "2/h"
    assert prevention_limits.identify_blocked(_request(meta)) is False
    prevention_limits.identify_failed(_request(meta))
    prevention_limits.identify_failed(_request(meta))
    assert prevention_limits.identify_blocked(_request(meta)) is True
    assert prevention_limits.identify_blocked(_request({"REMOTE_ADDR": "192.0.2.9"})) is False

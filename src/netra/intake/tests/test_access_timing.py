"""T11: a status lookup tells an unknown tracking number and an existing report with a wrong key
apart by nothing: the same queries, the same rate-limit counters, the same answer. (The live
timing test is tests/faults/test_t11_t18_t20.py.)"""

import re

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from netra.intake import ratelimits, services, tracking
from netra.intake.access import access_key_new

pytestmark = pytest.mark.django_db

STATUS = "/lapor/status/"
API_STATUS = "/api/v1/reports/status/"

_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def _shapes(queries) -> list[str]:
    """The statements without their values (strings and numbers), in order."""
    return [_LITERALS.sub("?", q["sql"]) for q in queries]


def _unknown_number(report) -> str:
    year = int(report.tracking_number.split("-")[1])
    while True:
        number = tracking.tracking_number_new(year)
        if number != report.tracking_number:
            return number


def _api_lookup(number, key, address):
    client = APIClient(REMOTE_ADDR=address)
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            API_STATUS, {"tracking_number": number, "access_key": key}, format="json"
        )
    return answer, queries


def _page_lookup(number, key, address):
    client = Client(REMOTE_ADDR=address)
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(STATUS, {"tracking_number": number, "access_key": key})
    return answer, queries


@pytest.mark.parametrize("lookup", [_api_lookup, _page_lookup], ids=["api", "page"])
def test_unknown_number_and_wrong_key_issue_the_same_queries(make_report, lookup):
    report, _key = make_report()
    # Each kind from its own address, twice: the first and a repeated attempt.
    unknown = [lookup(_unknown_number(report), access_key_new(), "192.0.2.1") for _ in range(2)]
    wrong = [lookup(report.tracking_number, access_key_new(), "192.0.2.2") for _ in range(2)]
    for (a, qa), (b, qb) in zip(unknown, wrong, strict=True):
        assert a.status_code == b.status_code == 400
        assert len(qa) == len(qb)
        assert _shapes(qa) == _shapes(qb)


def test_api_answers_are_byte_identical(make_report):
    report, _key = make_report()
    a, _ = _api_lookup(_unknown_number(report), access_key_new(), "192.0.2.3")
    b, _ = _api_lookup(report.tracking_number, access_key_new(), "192.0.2.4")
    assert a.status_code == b.status_code == 400
    assert a.content == b.content
    assert sorted(a.headers) == sorted(b.headers)


def test_page_answers_differ_only_by_the_number_typed(make_report):
    report, _key = make_report()
    number = _unknown_number(report)
    a, _ = _page_lookup(number, "A" * 32, "192.0.2.5")
    b, _ = _page_lookup(report.tracking_number, "A" * 32, "192.0.2.6")
    assert a.status_code == b.status_code == 400
    # The form shows back what was typed; the CSP nonce differs per response.
    nonce = re.compile(rb'nonce="[^"]*"')
    first = nonce.sub(b"", a.content).replace(number.encode(), b"N")
    second = nonce.sub(b"", b.content).replace(report.tracking_number.encode(), b"N")
    assert first == second


def test_report_access_queries_do_not_depend_on_the_number(make_report):
    report, key = make_report()
    with CaptureQueriesContext(connection) as unknown:
        assert services.report_access(_unknown_number(report), access_key_new()) is None
    with CaptureQueriesContext(connection) as wrong:
        assert services.report_access(report.tracking_number, access_key_new()) is None
    assert _shapes(unknown) == _shapes(wrong)
    assert services.report_access(report.tracking_number, key) == report


def test_wrong_attempts_count_per_number_whether_or_not_it_exists(make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_NUMBER = "100/h"
    report, _key = make_report()
    unknown = _unknown_number(report)
    for number in (unknown, report.tracking_number):
        for i in range(3):
            _api_lookup(number, access_key_new(), f"198.51.100.{i}")
    request = RequestFactory().post(API_STATUS, REMOTE_ADDR="198.51.100.9")
    counts = [
        ratelimits._usage(
            request,
            ratelimits.ACCESS_NUMBER,
            lambda group, request, n=number: n,
            settings.INTAKE_ACCESS_FAILURES_PER_NUMBER,
            False,
        )["count"]
        for number in (unknown, report.tracking_number)
    ]
    assert counts == [3, 3]


# --- a request without a client address ------------------------------------------------------


def _without_address(path=API_STATUS, **extra):
    request = RequestFactory().post(path, **extra)
    request.META.pop("REMOTE_ADDR", None)
    return request


@pytest.mark.parametrize("meta", [{}, {"REMOTE_ADDR": ""}, {"REMOTE_ADDR": "not-an-address"}])
def test_counters_without_a_usable_address_share_a_fallback_bucket(settings, meta):
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "2/h"
    request = _without_address()
    request.META.update(meta)
    assert ratelimits.access_pause(request) == 0
    ratelimits.access_failed(request, "")
    ratelimits.access_failed(request, "")
    # Paused like any address, not a 500; a real address is not affected.
    assert ratelimits.access_pause(request) > 0
    assert ratelimits.access_pause(RequestFactory().post(API_STATUS)) == 0
    assert ratelimits.submit_pause(request) == 0


def test_status_api_without_remote_addr_answers_400_not_500(make_report):
    report, _key = make_report()
    client = APIClient()
    # The test client sets REMOTE_ADDR itself; take it away as a misconfigured proxy would.
    client.defaults.pop("REMOTE_ADDR", None)
    original = client._base_environ

    def environ(**request):
        env = original(**request)
        env.pop("REMOTE_ADDR", None)
        return env

    client._base_environ = environ
    answer = client.post(
        API_STATUS,
        {"tracking_number": report.tracking_number, "access_key": "WRONG"},
        format="json",
    )
    assert answer.status_code == 400


def test_counting_a_number_costs_the_same_cache_operations_first_time_or_not(
    make_report, monkeypatch
):
    """Whether anyone failed on a number before (say its reporter mistyped the key) must not
    change what the next wrong guess at it costs: the same cache operations either way."""
    from django.core.cache import caches

    report, _key = make_report()
    cache = caches["default"]
    calls: list[str] = []
    for name in ("add", "get", "incr", "set"):
        original = getattr(cache, name)

        def record(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, record)
    request = RequestFactory().post(API_STATUS, REMOTE_ADDR="203.0.113.1")
    ratelimits.access_failed(request, report.tracking_number)  # someone failed on it once
    runs = []
    for address, number in (
        ("203.0.113.2", _unknown_number(report)),
        ("203.0.113.3", report.tracking_number),
    ):  # a fresh address each, as a guesser's first try
        calls.clear()
        ratelimits.access_failed(RequestFactory().post(API_STATUS, REMOTE_ADDR=address), number)
        runs.append(list(calls))
    assert runs[0] == runs[1]

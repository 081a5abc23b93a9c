"""Every GET route answers bad or hostile input with a 4xx (or a page), never a 500.

Routes are enumerated from the URL resolver, so a new endpoint is covered without editing this
test. Each is requested anonymously and as a verified national administrator, with junk in every
path argument and query parameter.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

JUNK_QUERY = {
    "date": "2024-02-31",
    "start": "abc",
    "end": "9999-99-99",
    "days": "1e9",
    "year": "-1",
    "region": "99.99.99",
    "level": "province'--",
    "q": "\x00<script>",
    "act": "tidak-ada",
    "employee_type": "PRESIDEN",
    "election": "pemilu-1955",
    "limit": "-5",
    "offset": "x",
    "parent": "00",
    "category": "none",
}
JUNK_ARGS = ["x", str(uuid.uuid4()), "99.99", "SKB2099-Z9", "%00"]
SKIP_PREFIXES = ("admin/", "i18n/", "bahasa/")


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route.lstrip("^").rstrip("$"), entry


def _fill(route: str, value: str) -> str:
    path = re.sub(r"<(?:\w+:)?\w+>", value, route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", value, path)
    return "/" + path.replace("\\", "")


@pytest.fixture
def reference_loaded(regions_sample):
    from netra.elections.services import elections_load_reference
    from netra.rules.services import rules_load_reference

    rules_load_reference()
    elections_load_reference()


@pytest.mark.django_db
def test_get_routes_never_answer_500(client, make_staff, staff_client, reference_loaded):
    admin = make_staff(role="admin")
    clients = {"anonymous": client, "staff": staff_client(admin)}
    for c in clients.values():
        c.raise_request_exception = False  # collect every 500, not just the first
    checked, failures = 0, []
    for route, _entry in _routes():
        if route.startswith(SKIP_PREFIXES):
            continue
        has_args = "<" in route or "(?P" in route
        paths = [_fill(route, v) for v in JUNK_ARGS] if has_args else ["/" + route]
        for path in dict.fromkeys(paths):
            for who, c in clients.items():
                response = c.get(path, JUNK_QUERY)
                checked += 1
                if response.status_code >= 500:
                    failures.append(f"{who} GET {path} -> {response.status_code}")
    assert checked > 50
    assert not failures, "\n".join(failures)

"""Schemathesis against the served OpenAPI schema (issue 15, RELIABILITY.md T15): anonymous and
as each staff role, every operation answers without a server error and as the schema says
(status code, content type, body, headers).

Bounded for `make test`: two derandomized examples per operation, role and mode (positive and
negative), no shrinking, one test (one database setup) per role. A larger run:
`NETRA_FUZZ_EXAMPLES=25 .venv/bin/pytest -n 2 tests/integration/test_api_fuzz.py`."""

import contextlib
import functools
import os
import traceback

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from netra.accounts.tests.fixtures import verified_login

EXAMPLES = int(os.environ.get("NETRA_FUZZ_EXAMPLES", "2"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
CSRF = "fuzzcsrftoken0000000000000000000"  # 32 characters, as Django's unmasked secret


def _session_cookies(user) -> dict:
    if user is None:
        return {"csrftoken": CSRF}
    client = verified_login(Client(), user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


errors: list[str] = []  # tracebacks of the current request's unhandled exception


def _record_exception(sender, request=None, **kwargs):
    errors.append(traceback.format_exc(limit=-4))


def _fuzz(operation, mode, cookies, failures, who):
    strategy = operation.as_strategy(generation_mode=mode)
    seen: set[str] = set()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        errors.clear()
        response = case.call(
            cookies=cookies,
            headers={"X-CSRFToken": CSRF},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},  # as every WSGI server sets it
        )
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseExceptionGroup as group:
            for failure in group.exceptions:
                key = f"{who} {operation.label}: {failure.title} [{response.status_code}]"
                if key not in seen:  # one report per kind of failure
                    seen.add(key)
                    detail = " ".join(str(failure.message).split())[:200]
                    body = response.text[:200] if hasattr(response, "text") else ""
                    failures.append(f"{key} {detail} | {body}\n    {case.as_curl_command()}")
                    failures.extend(errors)

    with contextlib.suppress(Unsatisfiable):  # no invalid input exists (negative mode)
        run()


@functools.cache
def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    return [result.ok() for result in schema.get_all_operations()]


ROLES = ("anonymous", "bawaslu_officer", "satgas_analyst", "ppk_officer", "auditor")
ROLES += ("agency_hr", "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_matches_its_schema(role, case_world, make_staff):
    users = {
        "anonymous": lambda: None,
        "bawaslu_officer": lambda: case_world["bawaslu"],
        "satgas_analyst": lambda: case_world["task_force"],
        "ppk_officer": lambda: case_world["ppk"],
        "auditor": lambda: case_world["auditor"],
        "agency_hr": lambda: make_staff(role="agency_hr", agency=case_world["agency"]),
        "admin": lambda: make_staff(role="admin"),
    }
    cookies = _session_cookies(users[role]())
    case_world["open"]()
    # As Django's test client does: the WSGI handler must not close the connection that holds
    # the test's transaction at the end of each request (PostgreSQL would lose it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    only = os.environ.get("NETRA_FUZZ_PATHS")  # a substring of the paths, while debugging
    failures: list[str] = []
    got_request_exception.connect(_record_exception)
    try:
        operations = _operations()
        assert len(operations) > 50
        for operation in operations:
            if only and only not in operation.path:
                continue
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(operation, mode, cookies, failures, role)
    finally:
        got_request_exception.disconnect(_record_exception)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)

"""Access matrix (issue 15, RELIABILITY.md T10) generated from the URL resolver.

Every route is requested, with GET and (where the view takes it) POST, by an anonymous visitor,
a user of each staff role and an administrator; a route with an object in its path with an
object in the user's scope, one outside it and a random id. The expected answers per route and
role are the table below (DESIGN.md §5): a page sends an anonymous visitor to the login (302),
the API answers 403; a role without the capability gets 403 (or 404 where the object itself is
hidden from it); out-of-scope and unknown objects answer 404, never 200 or 403, so existence does
not leak. A route missing from the table fails the test, so a new route has to be placed.

Objects: the case of `case_world` (Kabupaten Bogor, Jawa Barat) and its report are "in scope";
a case and report in Jambi are "out of scope" for the regional roles (Bawaslu officer and
auditor of Jawa Barat, agency staff of the Bogor agency); for national roles (task force,
administrator) nothing is out of scope. Routes whose objects are not cases or reports are probed
with random ids only.
"""

import os
import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from netra.accounts.tests.fixtures import verified_login

ROLES = ("anonymous", "bawaslu", "satgas", "agency_hr", "ppk", "auditor", "admin")
NATIONAL = {"satgas", "admin"}
SKIP_PREFIXES = ("admin/", "i18n/")  # Django's admin site (its own permissions) and set_language


# GET answers per route, in ROLES order, for the in-scope object (a random id where the route
# names no case or report). "login" is a redirect to /akun/masuk/; 405 a route that takes only
# POST; a 302 for a signed-in user is a redirect elsewhere (OTP pages once verified, reporter
# pages without a reporter session). PPK and agency staff see a case only once its person's
# agency is theirs, so the unresolved case of `case_world` is 404 for them. Regenerate with
# NETRA_PRINT_ACCESS_MATRIX=1 -s, then review every changed cell against DESIGN.md §5.
EXPECTED: dict[str, tuple] = {
    "accounts:login": (200, 200, 200, 200, 200, 200, 200),
    "accounts:logout": (405, 405, 405, 405, 405, 405, 405),
    "accounts:otp_remove": ("login", 405, 405, 405, 405, 405, 405),
    "accounts:otp_setup": ("login", 302, 302, 302, 302, 302, 302),
    "accounts:otp_verify": ("login", 302, 302, 302, 302, 302, 302),
    "accounts:password_reset": (200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset_complete": (200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset_confirm": (200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset_done": (200, 200, 200, 200, 200, 200, 200),
    "accounts:profile": ("login", 200, 200, 200, 200, 200, 200),
    "analytics_public:statistics": (200, 200, 200, 200, 200, 200, 200),
    "api-docs": (200, 200, 200, 200, 200, 200, 200),
    "api-public-statistics": (400, 400, 400, 400, 400, 400, 400),
    "api-schema": (200, 200, 200, 200, 200, 200, 200),
    "audit:check": ("login", 405, 405, 405, 405, 405, 405),
    "audit:export": ("login", 404, 404, 404, 404, 200, 200),
    "audit:trail": ("login", 404, 404, 404, 404, 200, 200),
    "cases-api:case-classify": (403, 405, 405, 405, 405, 405, 405),
    "cases-api:case-detail": (403, 200, 200, 404, 404, 200, 200),
    "cases-api:case-duplicates": (403, 200, 200, 404, 404, 200, 200),
    "cases-api:case-export": (403, 200, 200, 200, 200, 200, 200),
    "cases-api:case-export-csv": (403, 200, 200, 200, 200, 200, 200),
    "cases-api:case-export-xlsx": (403, 200, 200, 200, 200, 200, 200),
    "cases-api:case-identity": (403, 200, 200, 404, 404, 403, 200),
    "cases-api:case-letter-download": (403, 404, 404, 404, 404, 404, 404),
    "cases-api:case-letters": (403, 200, 200, 404, 404, 200, 200),
    "cases-api:case-list": (403, 200, 200, 200, 200, 200, 200),
    "cases-api:case-merge": (403, 405, 405, 405, 405, 405, 405),
    "cases-api:case-open": (403, 405, 405, 405, 405, 405, 405),
    "cases-api:case-queue": (403, 200, 200, 200, 200, 200, 200),
    "cases-api:case-transition": (403, 405, 405, 405, 405, 405, 405),
    "cases-api:case-unmerge": (403, 405, 405, 405, 405, 405, 405),
    "cases-api:deadline-overdue": (403, 200, 200, 200, 200, 200, 200),
    "cases:audit": ("login", 404, 404, 404, 404, 200, 200),
    "cases:detail": ("login", 200, 200, 404, 404, 200, 200),
    "cases:duplicates": ("login", 200, 200, 404, 404, 200, 200),
    "cases:evidence": ("login", 404, 404, 404, 404, 404, 404),
    "cases:evidence-release": ("login", 405, 405, 405, 405, 405, 405),
    "cases:export": ("login", 404, 404, 404, 404, 404, 404),
    "cases:identity": ("login", 200, 200, 404, 404, 200, 200),
    "cases:letter": ("login", 405, 405, 405, 405, 405, 405),
    "cases:letter-download": ("login", 404, 404, 404, 404, 404, 404),
    "cases:list": ("login", 200, 200, 200, 200, 200, 200),
    "cases:overdue": ("login", 200, 200, 200, 200, 200, 200),
    "cases:queue": ("login", 200, 200, 200, 200, 200, 200),
    "cases:reveal": ("login", 405, 405, 405, 405, 405, 405),
    "cases:start": ("login", 405, 405, 405, 405, 405, 405),
    "cases:study": ("login", 200, 200, 404, 404, 200, 200),
    "cases:transition": ("login", 405, 405, 405, 405, 405, 405),
    "dashboard:export": ("login", 404, 404, 404, 404, 404, 404),
    "dashboard:index": ("login", 200, 200, 200, 200, 200, 200),
    "dashboard:overdue": ("login", 200, 200, 200, 200, 200, 200),
    "documents-api:verify": (400, 400, 400, 400, 400, 400, 400),
    "documents:verify": (200, 200, 200, 200, 200, 200, 200),
    "documents:verify_code": (400, 400, 400, 400, 400, 400, 400),
    "elections-api:election-detail": (404, 404, 404, 404, 404, 404, 404),
    "elections-api:election-for-date": (400, 400, 400, 400, 400, 400, 400),
    "elections-api:election-list": (200, 200, 200, 200, 200, 200, 200),
    "intake-api:evidence-download": (403, 404, 404, 404, 404, 404, 404),
    "intake-api:evidence-release": (403, 405, 405, 405, 405, 405, 405),
    "intake-api:report-detail": (403, 200, 200, 404, 404, 200, 200),
    "intake-api:report-evidence-add": (405, 405, 405, 405, 405, 405, 405),
    "intake-api:report-list": (403, 200, 200, 200, 200, 200, 200),
    "intake-api:report-reply": (405, 405, 405, 405, 405, 405, 405),
    "intake-api:report-status": (405, 405, 405, 405, 405, 405, 405),
    "intake-api:report-submit": (405, 405, 405, 405, 405, 405, 405),
    "intake-api:reporter-identity": (403, 405, 405, 405, 405, 405, 405),
    "intake:report": (200, 200, 200, 200, 200, 200, 200),
    "intake:status": (200, 200, 200, 200, 200, 200, 200),
    "intake:status_evidence": (302, 302, 302, 302, 302, 302, 302),
    "intake:status_leave": (302, 302, 302, 302, 302, 302, 302),
    "intake:status_photo": (403, 403, 403, 403, 403, 403, 403),
    "intake:status_reply": (302, 302, 302, 302, 302, 302, 302),
    "prevention-activity-detail": (403, 404, 404, 404, 404, 404, 404),
    "prevention-activity-list": (403, 200, 200, 200, 200, 200, 200),
    "prevention-api-campaign": (403, 404, 404, 404, 404, 404, 404),
    "prevention-api-campaign-pledges": (403, 404, 404, 404, 404, 404, 404),
    "prevention-api-campaigns": (403, 200, 200, 200, 200, 200, 200),
    "prevention-coverage": (403, 200, 200, 200, 200, 200, 200),
    "prevention:activity-checkin-toggle": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:activity-create": ("login", 403, 403, 200, 403, 403, 200),
    "prevention:activity-detail": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:activity-edit": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:activity-import": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:activity-list": ("login", 200, 200, 200, 200, 200, 200),
    "prevention:activity-material": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:activity-material-add": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:activity-qr": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:campaign-codes-issue": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:campaign-collective": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:campaign-collective-choose": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:campaign-create": ("login", 403, 403, 200, 403, 403, 200),
    "prevention:campaign-detail": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:campaign-list": ("login", 200, 200, 200, 200, 200, 200),
    "prevention:campaign-pledge-certificate": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:campaign-second-factor": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:campaign-template": ("login", 405, 405, 405, 405, 405, 405),
    "prevention:check-in": (404, 404, 404, 404, 404, 404, 404),
    "prevention:coverage": ("login", 200, 200, 200, 200, 200, 200),
    "prevention:coverage-agency": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:coverage-export": ("login", 400, 400, 400, 400, 400, 400),
    "prevention:pact-file": ("login", 404, 404, 404, 404, 404, 404),
    "prevention:pact-list": ("login", 200, 200, 200, 200, 200, 200),
    "prevention:pact-upload": ("login", 403, 403, 403, 403, 403, 403),
    "prevention:pledge-certificate": (404, 404, 404, 404, 404, 404, 404),
    "prevention:pledge-choose": (403, 403, 403, 403, 403, 403, 403),
    "prevention:pledge-code": (403, 403, 403, 403, 403, 403, 403),
    "prevention:pledge-done": (404, 404, 404, 404, 404, 404, 404),
    "prevention:pledge-read": (403, 403, 403, 403, 403, 403, 403),
    "prevention:pledge-start": (200, 200, 200, 200, 200, 200, 200),
    "prevention:public-coverage": (200, 200, 200, 200, 200, 200, 200),
    "regions-api:region-detail": (400, 400, 400, 400, 400, 400, 400),
    "regions-api:region-list": (200, 200, 200, 200, 200, 200, 200),
    "registry-api:agency-detail": (403, 404, 404, 404, 404, 404, 404),
    "registry-api:agency-list": (403, 200, 200, 200, 200, 200, 200),
    "registry-api:import-detail": (403, 404, 404, 404, 404, 404, 404),
    "registry-api:import-list": (403, 200, 200, 200, 200, 200, 200),
    "registry-api:import-report": (403, 404, 404, 404, 404, 404, 404),
    "registry-api:person-detail": (403, 404, 404, 404, 404, 404, 404),
    "registry-api:person-list": (403, 200, 200, 200, 200, 200, 200),
    "registry-api:validate-nik": (405, 405, 405, 405, 405, 405, 405),
    "registry-api:validate-nip": (405, 405, 405, 405, 405, 405, 405),
    "registry-api:validate-nipppk": (405, 405, 405, 405, 405, 405, 405),
    "registry:import": ("login", 403, 403, 200, 403, 403, 200),
    "registry:import-job": ("login", 404, 404, 404, 404, 404, 404),
    "registry:import-job-progress": ("login", 404, 404, 404, 404, 404, 404),
    "registry:import-job-report": ("login", 404, 404, 404, 404, 404, 404),
    "rules-api:act-list": (200, 200, 200, 200, 200, 200, 200),
    "rules-api:authority-list": (200, 200, 200, 200, 200, 200, 200),
    "rules-api:authority-on-date": (400, 400, 400, 400, 400, 400, 400),
    "rules-api:classify": (400, 400, 400, 400, 400, 400, 400),
    "rules-api:form-detail": (404, 404, 404, 404, 404, 404, 404),
    "rules-api:form-list": (200, 200, 200, 200, 200, 200, 200),
    "rules-api:regulation-list": (200, 200, 200, 200, 200, 200, 200),
    "rules-api:sanction-list": (200, 200, 200, 200, 200, 200, 200),
    "rules:catalog": (200, 200, 200, 200, 200, 200, 200),
    "rules:form-detail": (404, 404, 404, 404, 404, 404, 404),
    "rules:guide": (200, 200, 200, 200, 200, 200, 200),
    "rules:guide-act": (404, 404, 404, 404, 404, 404, 404),
    "rules:how-to-report": (200, 200, 200, 200, 200, 200, 200),
    "rules:self-check": (200, 200, 200, 200, 200, 200, 200),
    "sanctions-api:blocks": (403, 200, 200, 200, 200, 200, 200),
    "sanctions-api:case-block": (403, 200, 200, 404, 404, 200, 200),
    "sanctions-api:case-block-confirm": (403, 405, 405, 405, 405, 405, 405),
    "sanctions-api:close": (403, 200, 200, 404, 404, 200, 200),
    "sanctions-api:court": (403, 405, 405, 405, 405, 405, 405),
    "sanctions-api:court-ruling": (403, 405, 405, 405, 405, 405, 405),
    "sanctions-api:decision": (403, 200, 200, 404, 404, 200, 200),
    "sanctions-api:decree-file": (403, 404, 404, 404, 404, 404, 404),
    "sanctions-api:remedies": (403, 200, 200, 404, 404, 200, 200),
    "sanctions-api:remedy-decide": (403, 405, 405, 405, 405, 405, 405),
    "sanctions:block-confirm": ("login", 405, 405, 405, 405, 405, 405),
    "sanctions:blocks": ("login", 200, 200, 200, 200, 200, 200),
    "sanctions:case-block": ("login", 200, 200, 404, 404, 200, 200),
    "sanctions:close": ("login", 200, 200, 404, 404, 200, 200),
    "sanctions:court": ("login", 200, 200, 404, 404, 200, 200),
    "sanctions:decision": ("login", 200, 200, 404, 404, 200, 200),
    "sanctions:decree-file": ("login", 404, 404, 404, 404, 404, 404),
    "sanctions:remedy": ("login", 200, 200, 404, 404, 200, 200),
    "sanctions:remedy-decide": ("login", 200, 200, 404, 404, 200, 200),
    "web:home": (200, 200, 200, 200, 200, 200, 200),
    "web:set_language": (405, 405, 405, 405, 405, 405, 405),
    "web:workspace": ("login", 200, 200, 200, 200, 200, 200),
    "workdays-api:add": (400, 400, 400, 400, 400, 400, 400),
    "workdays-api:between": (400, 400, 400, 400, 400, 400, 400),
    "workdays-api:holidays": (400, 400, 400, 400, 400, 400, 400),
}


def _routes(resolver=None, prefix="", namespace=None):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _routes(entry, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or route)
            yield route, name, entry.callback


def _methods(callback) -> list[str]:
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is not None:
        allowed = [m.upper() for m in view.http_method_names if hasattr(view, m)]
    else:
        allowed = getattr(callback, "allowed_methods", None) or ["GET", "POST"]
    return [m for m in ("GET", "POST") if m in allowed] or ["GET"]


def _fill(route: str, values: dict[str, str]) -> str:
    def one(match):
        return values[match.group(2)]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", one, route)


def _kind(route: str, kwarg: str) -> str | None:
    """Which seeded object a path argument names (None: probe with random ids only)."""
    if kwarg == "case_id" or (kwarg == "public_id" and route.startswith("api/v1/cases/")):
        return "case"
    if kwarg == "public_id" and route.startswith("api/v1/reports/"):
        return "report"
    return None


def _random(route: str, kwarg: str) -> str:
    converter = re.search(rf"<(\w+):{kwarg}>", route)
    return str(uuid.uuid4()) if converter and converter.group(1) == "uuid" else "tidak-ada-0"


def _status(response) -> int | str:
    if response.status_code == 302 and "/akun/masuk/" in response.get("Location", ""):
        return "login"
    return response.status_code


@pytest.fixture
def world(case_world, make_staff, make_report):
    from netra.cases.services import case_open_from_report
    from netra.regions.models import Region

    election = case_world["election"]
    jambi = Region.objects.filter(code__startswith="15.", level=3).first()
    inside_case = case_world["open"]()
    outside_case = case_open_from_report(
        actor=case_world["task_force"],
        report=make_report(region=jambi, election=election, reported_name="Budi")[0],
    )
    inside_report, _key = make_report(election=election)
    outside_report, _key = make_report(region=jambi, election=election)
    users = {
        "bawaslu": case_world["bawaslu"],
        "satgas": case_world["task_force"],
        "agency_hr": make_staff(role="agency_hr", agency=case_world["agency"]),
        "ppk": case_world["ppk"],
        "auditor": case_world["auditor"],
        "admin": make_staff(role="admin"),
    }
    objects = {
        "case": (str(inside_case.public_id), str(outside_case.public_id)),
        "report": (str(inside_report.public_id), str(outside_report.public_id)),
    }
    return users, objects


def _probe_paths(route, objects):
    """{"in"|"out"|"random": path} for a route; a route without arguments has only "in"."""
    kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not kwargs:
        return {"in": _fill(route, {})}
    random_values = {k: _random(route, k) for k in kwargs}
    paths = {"random": _fill(route, random_values)}
    kinds = {k: _kind(route, k) for k in kwargs}
    if all(kinds.values()):
        for index, where in enumerate(("in", "out")):
            paths[where] = _fill(route, {k: objects[kinds[k]][index] for k in kwargs})
    return paths


def _observe(users, objects):
    """{(route name, method, role, where): status} over every route."""
    from django.test import Client

    clients = {"anonymous": Client()}
    clients.update({role: verified_login(Client(), user) for role, user in users.items()})
    for c in clients.values():
        c.raise_request_exception = False
    seen = {}
    routes = [r for r in _routes() if not r[0].startswith(SKIP_PREFIXES)]
    for route, name, _callback in routes:
        paths = _probe_paths(route, objects)
        for role in ROLES:
            for where, path in paths.items():
                seen[(name, "GET", role, where)] = _status(clients[role].get(path))
    # Writes after every read (they may change the objects): anonymous on the routes closed to
    # it, staff only on objects they must not reach (writes on in-scope objects and public forms
    # are the flows' own tests).
    for route, name, callback in routes:
        if "POST" not in _methods(callback):
            continue
        paths = _probe_paths(route, objects)
        closed = seen[(name, "GET", "anonymous", "in" if "in" in paths else "random")]
        for role in ROLES:
            for where, path in paths.items():
                national = role in NATIONAL  # for them the other region's case is in scope
                if role == "anonymous":
                    if closed not in ("login", 403, 405):
                        continue
                elif where == "in" or (where == "out" and national):
                    continue
                    seen[(name, "POST", role, where)] = _status(clients[role].post(path))
    return seen


def _row(seen, name) -> tuple:
    """The GET answers per role: for the in-scope object, or a random id if none is seeded."""
    return tuple(
        seen.get((name, "GET", role, "in"), seen.get((name, "GET", role, "random")))
        for role in ROLES
    )


@pytest.mark.django_db
def test_every_route_answers_each_role_as_the_access_policy_says(world):
    users, objects = world
    seen = _observe(users, objects)
    names = sorted({key[0] for key in seen})
    if os.environ.get("NETRA_PRINT_ACCESS_MATRIX"):
        print("\nEXPECTED = {")
        for name in names:
            print(f"    {name!r}: {_row(seen, name)!r},")
        print("}")
    problems = [
        f"{name}: missing from EXPECTED, observed {_row(seen, name)}"
        for name in names
        if name not in EXPECTED
    ]
    problems += [
        f"{name}: in EXPECTED but no longer a route" for name in EXPECTED if name not in names
    ]
    for name in names:
        if name in EXPECTED and _row(seen, name) != EXPECTED[name]:
            problems.append(f"{name}: expected {EXPECTED[name]}, observed {_row(seen, name)}")
    for (name, method, role, where), status in seen.items():
        if isinstance(status, int) and status >= 500:
            problems.append(f"{method} {name} as {role} ({where}): {status}")
        if role == "anonymous" and method == "POST" and status not in ("login", 403, 404, 405):
            problems.append(f"POST {name} as anonymous ({where}): {status}")
        if where != "out" or role in NATIONAL or role == "anonymous":
            continue
        # Out of scope: the same answer as an id that does not exist, and never the object.
        unknown = seen[(name, method, role, "random")]
        if status != unknown:
            problems.append(f"{method} {name} as {role}: out of scope {status}, unknown {unknown}")
        inside = seen.get((name, method, role, "in"))
        if method == "GET" and inside == 200 and status != 404:
            problems.append(f"{method} {name} as {role}: out of scope answers {status}, not 404")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

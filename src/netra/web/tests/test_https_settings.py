"""Production HTTPS settings (T17): HSTS with preload unless the operator opts out, and the
deployment check is clean either way (settings are read at import, so each case runs in its own
process, as the server would)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import json, django\n"
    "from django.conf import settings\n"
    "django.setup()\n"
    "from django.test import RequestFactory\n"
    "from django.middleware.security import SecurityMiddleware\n"
    "from django.http import HttpResponse\n"
    "request = RequestFactory().get('/', secure=True)\n"
    "response = SecurityMiddleware(lambda r: HttpResponse())(request)\n"
    "print(json.dumps({'hsts': response.get('Strict-Transport-Security', ''),\n"
    "  'silenced': list(settings.SILENCED_SYSTEM_CHECKS)}))\n"
)


def _settings(tmp_path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NETRA_", "DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="netra.settings",
        NETRA_VAR_DIR=str(tmp_path),
        NETRA_HTTPS="1",
        NETRA_DEBUG="0",
        NETRA_ALLOWED_HOSTS="netra.example.go.id",
        **extra,
    )
    return env


def _run(args, env):
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("extra", "preload"), [({}, True), ({"NETRA_HSTS_PRELOAD": "0"}, False)])
def test_hsts_preload_by_default_with_an_opt_out(tmp_path, extra, preload):
    import json

    run = _run([sys.executable, "-c", PROBE], _settings(tmp_path, **extra))
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["hsts"].startswith("max-age=31536000; includeSubDomains")
    assert ("preload" in found["hsts"]) is preload
    # Opting out is a recorded decision: W021 is silenced only then.
    assert ("security.W021" in found["silenced"]) is (not preload)


@pytest.mark.parametrize("extra", [{}, {"NETRA_HSTS_PRELOAD": "0"}])
def test_check_deploy_is_clean(tmp_path, extra):
    run = _run(
        [
            str(Path(sys.executable).with_name("netra")),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        _settings(tmp_path, **extra),
    )
    assert run.returncode == 0, run.stdout + run.stderr

"""Running behind the reverse proxy: the forwarded client address (only from a trusted proxy),
and keys generated once when several worker processes start at the same moment."""

import threading

from django.http import HttpResponse
from django.test import RequestFactory

from netra import settings as netra_settings
from netra.web.middleware import ProxyClientAddressMiddleware


def _seen_address(settings, remote: str, header: str | None) -> str:
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse("ok")

    extra = {"REMOTE_ADDR": remote}
    if header is not None:
        extra["HTTP_X_REAL_IP"] = header
    ProxyClientAddressMiddleware(view)(RequestFactory().get("/", **extra))
    return seen["address"]


def test_the_proxys_forwarded_address_is_the_client(settings):
    settings.NETRA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _seen_address(settings, "127.0.0.1", "203.0.113.7") == "203.0.113.7"
    assert _seen_address(settings, "127.0.0.1", "2001:db8::1") == "2001:db8::1"


def test_the_header_is_ignored_from_anyone_else(settings):
    settings.NETRA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _seen_address(settings, "198.51.100.9", "203.0.113.7") == "198.51.100.9"


def test_a_missing_or_malformed_header_keeps_the_proxys_address(settings):
    settings.NETRA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert _seen_address(settings, "127.0.0.1", None) == "127.0.0.1"
    assert _seen_address(settings, "127.0.0.1", "1.2.3.4, 5.6.7.8") == "127.0.0.1"
    assert _seen_address(settings, "127.0.0.1", "<script>") == "127.0.0.1"


def test_without_trusted_proxies_nothing_changes(settings):
    settings.NETRA_TRUSTED_PROXIES = []
    assert _seen_address(settings, "127.0.0.1", "203.0.113.7") == "127.0.0.1"


def test_it_runs_before_anything_that_reads_the_address(settings):
    assert settings.MIDDLEWARE[0] == "netra.web.middleware.ProxyClientAddressMiddleware"


def test_workers_starting_together_agree_on_one_generated_key(tmp_path, monkeypatch):
    monkeypatch.setattr(netra_settings, "VAR_DIR", tmp_path)
    monkeypatch.delenv("NETRA_TEST_RACE_KEY", raising=False)
    barrier = threading.Barrier(8)
    keys, errors = [], []

    def start():
        barrier.wait()
        try:
            keys.append(netra_settings._secret_from_env_or_file("NETRA_TEST_RACE_KEY", "race"))
        except Exception as exc:  # noqa: BLE001 (the assertion below names it)
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(keys) == 8 and len(set(keys)) == 1 and keys[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race"]  # no candidate left behind
    assert (tmp_path / "race").stat().st_mode & 0o777 == 0o600

"""Playwright (sync API) driving Debian's chromium against pytest-django's live_server.

Never `playwright install`: the browser is /usr/bin/chromium from apt (DESIGN.md §2).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM
# calls from the test and the live server thread with SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36"
)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _watched_page(context):
    """A page that records console errors (a CSP violation shows up there)."""
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None
    )
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    yield _watched_page(context)
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        user_agent=PHONE_USER_AGENT,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
        locale="id-ID",
    )
    yield _watched_page(context)
    context.close()


def check_axe(page, *, impacts=("serious", "critical")) -> list:
    """Run axe-core on the current page; fail on violations of the given impacts.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the page itself still runs under its real policy.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => await window.axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    bad = [v for v in result["violations"] if v["impact"] in impacts]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in bad
    )
    return result["violations"]


def staff_login(page, base_url: str, user, *, next_path: str = "/kerja/") -> None:
    """Log `user` in through the real pages: password, then the TOTP code of their device."""
    import time

    from netra.accounts.tests.fixtures import STAFF_PASSWORD, confirmed_device, totp_code

    page.goto(f"{base_url}/akun/masuk/?next={next_path}")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/otp/**")
    device = confirmed_device(user)
    # The next step's code: a code already used on this device would be refused.
    page.get_by_label("Kode verifikasi").fill(totp_code(device, at=time.time() + device.step))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"**{next_path}")


def staff_logout(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()

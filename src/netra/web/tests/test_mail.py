"""Mail without an SMTP server never reaches the log (web/mail.py): no reporter address, no
tracking number, no password-reset link."""

import importlib
import logging
import re
import stat

import pytest

from netra.accounts.services import user_create
from netra.intake.tasks import reporter_notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "netra.web.mail.PrivateFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


def stored(directory) -> str:
    return "".join(path.read_text() for path in sorted(directory.iterdir()))


def test_default_backend_is_the_private_file_backend(monkeypatch):
    import netra.settings

    monkeypatch.delenv("NETRA_EMAIL_BACKEND", raising=False)
    reloaded = importlib.reload(netra.settings)
    assert reloaded.EMAIL_BACKEND == "netra.web.mail.PrivateFileBackend"
    assert "console" not in reloaded.EMAIL_BACKEND


def test_reporter_mail_goes_to_a_private_file_not_the_log(private_mail, make_report, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    report, key = make_report()
    assert reporter_notify(str(report.public_id), "status") is True
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    for secret in ("siti@example.invalid", report.tracking_number, key):
        assert secret not in logged
    assert "1 e-mail message(s) stored in" in caplog.text
    text = stored(private_mail)
    assert "siti@example.invalid" in text and report.tracking_number in text
    assert stat.S_IMODE(private_mail.stat().st_mode) == 0o700
    for path in private_mail.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_password_reset_link_never_reaches_the_log(private_mail, client, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    user_create(actor=None, username="laras", email="laras@example.invalid")
    response = client.post("/akun/sandi/lupa/", {"email": "laras@example.invalid"})
    assert response["Location"] == "/akun/sandi/terkirim/"
    link = re.search(r"/akun/sandi/atur/(\S+)/(\S+)/", stored(private_mail))
    assert link, "the reset link is in the stored message"
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert link.group(2) not in logged and "/akun/sandi/atur/" not in logged
    assert "laras@example.invalid" not in logged

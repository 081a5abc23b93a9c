"""Password reset by e-mail (console backend in development, locmem in tests)."""

import re

import pytest
from django.core import mail

from netra.accounts.choices import AuthEvent
from netra.accounts.services import user_create
from netra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_reset_mail_is_sent_and_link_sets_a_new_password(client):
    # Given an account created by an admin without a password
    user = user_create(actor=None, username="laras", email="laras@example.invalid")
    # When she asks for a reset
    response = client.post("/akun/sandi/lupa/", {"email": "LARAS@example.invalid"})
    assert response["Location"] == "/akun/sandi/terkirim/"
    # Then one Indonesian e-mail with a link arrives
    (message,) = mail.outbox
    assert message.to == ["laras@example.invalid"]
    assert "atur ulang kata sandi" in message.subject
    link = re.search(r"http://testserver(/akun/sandi/atur/\S+/)", message.body).group(1)
    # The token leaves the URL before the form is shown (Django redirects to set-password)
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert "set-password" in form_url
    new = "a brand new passphrase 7"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/akun/sandi/selesai/"
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.filter(action=AuthEvent.PASSWORD_RESET).count() == 1


def test_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post("/akun/sandi/lupa/", {"email": "nobody@example.invalid"})
    assert response["Location"] == "/akun/sandi/terkirim/"
    assert mail.outbox == []


def test_bad_email_and_bad_link_are_handled(client):
    response = client.post("/akun/sandi/lupa/", {"email": "not an address"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.get("/akun/sandi/atur/xx/bad-token/")
    assert response.status_code == 200
    assert "tidak berlaku lagi" in response.content.decode()

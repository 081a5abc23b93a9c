"""Admin: read-only list, and the revoke action asks for a reason and calls the service."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from netra.audit.models import AuditEvent
from netra.documents.choices import DocumentStatus

pytestmark = pytest.mark.django_db

URL = "/admin/documents/issueddocument/"


@pytest.fixture
def admin_client_verified(make_staff, staff_client):
    user = make_staff(role=None)
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return staff_client(user), user


def test_list_is_read_only(admin_client_verified, issue_document):
    client, _user = admin_client_verified
    document = issue_document()
    response = client.get(URL)
    assert response.status_code == 200 and document.code in response.content.decode()
    assert client.get(URL + "add/").status_code == 403
    response = client.get(f"{URL}{document.pk}/change/")
    assert response.status_code == 200 and 'name="title"' not in response.content.decode()


def test_revoke_action_asks_for_a_reason_then_revokes(admin_client_verified, issue_document):
    client, user = admin_client_verified
    document = issue_document()
    selection = {"action": "revoke", ACTION_CHECKBOX_NAME: [document.pk]}
    response = client.post(URL, selection)
    assert response.status_code == 200 and "Alasan pencabutan" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID

    response = client.post(URL, {**selection, "confirm": "1", "reason": ""})
    assert response.status_code == 200  # the form again, with its error
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID

    response = client.post(URL, {**selection, "confirm": "1", "reason": "Diterbitkan ganda"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED
    assert document.revoked_reason == "Diterbitkan ganda" and document.revoked_by == user
    assert AuditEvent.objects.filter(action="documents.document_revoked").count() == 1

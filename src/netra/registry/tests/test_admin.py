"""Admin writes go through the audited services; bad numbers are form errors, not 500s."""

import pytest

from netra.accounts.models import User
from netra.audit.models import AuditEvent
from netra.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings):
    settings.NETRA_REQUIRE_STAFF_OTP = False
    user = User.objects.create_superuser(username="root", email="r@example.org", password="x" * 12)
    client.force_login(user)
    return client


def form(**overrides):
    data = {
        "employee_type": "PNS",
        "nip": "19860926 201505 1 001",
        "nik": "",
        "name": "Dr. H. Ahmad Fauzi, S.Pd., M.Pd.",
        "gender": "",
        "birth_date": "",
        "position": "Guru",
        "position_type": "functional",
        "functional_group": "teacher",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_add_person_through_admin_is_audited(admin_client, agency):
    response = admin_client.post("/admin/registry/person/add/", form(agency=agency.pk))
    assert response.status_code == 302, response.content[:2000]
    person = Person.objects.get()
    assert person.nip == "198609262015051001" and person.name_plain == "Ahmad Fauzi"
    assert str(person.birth_date) == "1986-09-26"
    assert AuditEvent.objects.filter(action="registry.person_create").count() == 1
    listing = admin_client.get("/admin/registry/person/", {"q": "Ahmad"})
    assert b"198609262015051001" in listing.content
    by_nip = admin_client.get("/admin/registry/person/", {"q": "19860926 201505 1 001"})
    assert b"Ahmad Fauzi" in by_nip.content


def test_bad_nip_in_admin_is_a_form_error(admin_client):
    response = admin_client.post("/admin/registry/person/add/", form(nip="198609262015131001"))
    assert response.status_code == 200
    assert b"13-14" in response.content
    assert not Person.objects.exists()


def test_agency_admin_saves_through_service(admin_client):
    response = admin_client.post(
        "/admin/registry/agency/add/",
        {"code": "kemenag", "name": "Kementerian Agama", "kind": "central", "ppk_title": "Menteri"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="registry.agency_create").count() == 1

"""Registry API: public validation by POST; staff lists and details scoped, 404 outside."""

import pytest
from rest_framework.test import APIClient

from netra.accounts.choices import Role
from netra.accounts.models import User
from netra.accounts.services import membership_grant
from netra.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_otp(settings):
    settings.NETRA_REQUIRE_STAFF_OTP = False


def staff(username, **grant):
    user = User.objects.create_user(username=username, password="x" * 12)
    if grant is not None:
        membership_grant(actor=None, user=user, role=Role.AGENCY_HR, **grant)
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_validate_nip_is_public_and_takes_the_number_in_the_body():
    client = APIClient(enforce_csrf_checks=True)
    ok = client.post("/api/v1/registry/validate/nip/", {"value": "19860926 201505 1 001"})
    assert ok.status_code == 200
    assert ok.json()["valid"] is True and ok.json()["birth_date"] == "1986-09-26"
    bad = client.post("/api/v1/registry/validate/nip/", {"value": "1986"}, format="json")
    assert bad.status_code == 200 and bad.json()["valid"] is False
    assert bad.json()["errors"][0]["code"] == "length"
    pppk = client.post("/api/v1/registry/validate/nipppk/", {"value": "199009132025242014"})
    assert pppk.json()["pppk_code"] == "24"


def test_validate_nik_public(regions_sample):
    response = APIClient().post("/api/v1/registry/validate/nik/", {"value": "3201015508950001"})
    assert response.status_code == 200
    assert response.json()["regency_name"] == "Kabupaten Bogor"


@pytest.mark.parametrize("body", [{}, {"value": ""}, {"value": "x" * 100}, {"nilai": "1"}])
def test_validate_bad_body_is_400(body):
    response = APIClient().post("/api/v1/registry/validate/nip/", body, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "value" in body.get("errors", body)


def test_validate_get_is_not_allowed():
    assert APIClient().get("/api/v1/registry/validate/nip/").status_code == 405


def test_lists_need_staff():
    assert APIClient().get("/api/v1/registry/people/").status_code in (401, 403)
    assert APIClient().get("/api/v1/registry/agencies/").status_code in (401, 403)


def test_agency_scoped_user_sees_only_their_agency(registry_regional):
    bogor, sarolangun = registry_regional["bogor"], registry_regional["sarolangun"]
    client = staff("hr-bogor", agency=bogor)
    people = client.get("/api/v1/registry/people/").json()["results"]
    assert [p["public_id"] for p in people] == [str(registry_regional["bogor_person"].public_id)]
    assert "nik" not in people[0] and "id" not in people[0]
    agencies = client.get("/api/v1/registry/agencies/").json()["results"]
    assert [a["code"] for a in agencies] == ["3201"]
    # Objects outside the scope are 404, not 403
    other = registry_regional["sarolangun_person"]
    assert client.get(f"/api/v1/registry/people/{other.public_id}/").status_code == 404
    assert client.get(f"/api/v1/registry/agencies/{sarolangun.public_id}/").status_code == 404
    own = client.get(f"/api/v1/registry/people/{registry_regional['bogor_person'].public_id}/")
    assert own.status_code == 200 and own.json()["agency"]["code"] == "3201"


def test_region_scoped_user_sees_the_province(registry_regional):
    from netra.regions.models import Region

    client = staff("bawaslu-jambi", region=Region.objects.get(code="15"))
    people = client.get("/api/v1/registry/people/").json()["results"]
    assert [p["agency"]["code"] for p in people] == ["1503"]


def test_user_without_grant_sees_nothing(registry_regional):
    user = User.objects.create_user(username="nobody", password="x" * 12)
    client = APIClient()
    client.force_authenticate(user)
    assert client.get("/api/v1/registry/people/").json()["results"] == []


def test_search_filters_and_bad_filters(registry_regional):
    bogor = registry_regional["bogor"]
    PersonFactory(agency=bogor, name="Moch. Djoko Soeprapto, S.Pd.")
    client = staff("hr-bogor2", agency=bogor)
    found = client.get("/api/v1/registry/people/", {"q": "Mohammad Joko"}).json()["results"]
    assert [p["name_plain"] for p in found] == ["Moch. Djoko Soeprapto"]
    nip = registry_regional["bogor_person"].nip
    by_nip = client.get("/api/v1/registry/people/", {"q": nip[:8]}).json()["results"]
    assert nip in [p["nip"] for p in by_nip]
    assert client.get("/api/v1/registry/people/", {"status": "zzz"}).status_code == 400
    assert client.get("/api/v1/registry/people/", {"agency": "not-a-uuid"}).status_code == 400
    assert client.get("/api/v1/registry/people/not-a-uuid/").status_code == 404


def test_person_list_query_count(registry_regional, django_assert_max_num_queries):
    bogor = registry_regional["bogor"]
    PersonFactory.create_batch(5, agency=bogor)
    client = staff("hr-bogor3", agency=bogor)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/registry/people/")
    assert response.json()["count"] == 6

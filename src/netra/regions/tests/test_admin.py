"""Regions are read-only in the admin: they change only through the audited load."""

from django.urls import reverse


def test_region_admin_is_read_only(regions_sample, make_staff, staff_client):
    admin_user = make_staff(role="admin", is_superuser=True, is_staff=True)
    client = staff_client(admin_user)
    response = client.get(reverse("admin:regions_region_changelist"), {"q": "Bogor"})
    assert response.status_code == 200
    assert b"Kabupaten Bogor" in response.content
    assert client.get(reverse("admin:regions_region_add")).status_code == 403

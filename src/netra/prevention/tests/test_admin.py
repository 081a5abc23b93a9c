"""The pledge templates admin shows the rows and refuses every edit."""

import pytest

from netra.accounts.choices import Role
from netra.prevention.models import PledgeTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_staff, staff_client):
    root = make_staff(role=Role.ADMIN, username="root", is_superuser=True, is_staff=True)
    return staff_client(root)


def test_list_and_detail_render_read_only(pledges_loaded, admin_client):
    response = admin_client.get("/admin/prevention/pledgetemplate/")
    assert response.status_code == 200
    assert b"ikrar-netralitas-sarolangun" in response.content
    template = PledgeTemplate.objects.get(code="ikrar-netralitas-sarolangun")
    page = admin_client.get(f"/admin/prevention/pledgetemplate/{template.pk}/change/")
    assert page.status_code == 200
    assert "5. Siap melakukan pencegahan" in page.content.decode()
    assert b'name="_save"' not in page.content


def test_edits_refused(pledges_loaded, admin_client):
    template = PledgeTemplate.objects.get(code="ikrar-netralitas-asn")
    assert admin_client.get("/admin/prevention/pledgetemplate/add/").status_code == 403
    response = admin_client.post(
        f"/admin/prevention/pledgetemplate/{template.pk}/change/", {"title_id": "Diubah"}
    )
    assert response.status_code == 403
    delete = admin_client.post(
        f"/admin/prevention/pledgetemplate/{template.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    template.refresh_from_db()
    assert template.title_id.startswith("Ikrar Netralitas")

"""Admin: catalog rows are read-only; a setting edit becomes a new, audited version."""

import pytest

from netra.audit.models import AuditEvent
from netra.rules.models import RuleSetting, ViolationForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_verified(make_staff, staff_client):
    user = make_staff(role="admin", is_superuser=True, is_staff=True)
    return staff_client(user), user


def test_setting_edit_in_admin_is_a_new_audited_version(rules_loaded, admin_client_verified):
    client, user = admin_client_verified
    setting = RuleSetting.objects.get(code="skb2022.d8.level")
    url = f"/admin/rules/rulesetting/{setting.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"value": "moderate", "valid_from": "", "contested_note": "x"})
    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.value == "heavy"  # version 1 is never edited in place
    newest = RuleSetting.objects.filter(code="skb2022.d8.level").order_by("-version").first()
    assert (newest.version, newest.value) == (2, "moderate")
    event = AuditEvent.objects.filter(action="rules.setting_changed").get()
    assert event.actor_id == user.pk and event.payload["new"] == "moderate"


def test_setting_edit_with_a_value_not_allowed_changes_nothing(rules_loaded, admin_client_verified):
    client, _user = admin_client_verified
    setting = RuleSetting.objects.get(code="skb2022.d8.level")
    client.post(
        f"/admin/rules/rulesetting/{setting.pk}/change/",
        {"value": "light", "valid_from": "", "contested_note": ""},
    )
    assert RuleSetting.objects.filter(code="skb2022.d8.level").count() == 1
    assert not AuditEvent.objects.filter(action="rules.setting_changed").exists()


def test_forms_are_read_only_in_admin(rules_loaded, admin_client_verified):
    client, _user = admin_client_verified
    form = ViolationForm.objects.get(code="SKB2022-D1")
    assert client.get("/admin/rules/violationform/").status_code == 200
    client.post(f"/admin/rules/violationform/{form.pk}/change/", {"level": "moral"})
    form.refresh_from_db()
    assert form.level == "heavy"

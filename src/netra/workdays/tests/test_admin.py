"""The admin writes overrides through the audited services."""

import datetime as dt

from django.urls import reverse

from netra.audit.models import AuditEvent
from netra.regions.models import Region
from netra.workdays.models import HolidayOverride


def test_admin_add_change_delete_are_audited(regions_sample, make_staff, staff_client):
    admin_user = make_staff(role="admin", is_superuser=True, is_staff=True)
    client = staff_client(admin_user)
    jabar = Region.objects.get(code="32")
    form = {
        "date": "2024-03-20",
        "action": "add",
        "region": str(jabar.pk),
        "name": "Hari Jadi Jawa Barat (uji)",
        "decree": "Pergub uji 1/2024",
        "source": "",
    }

    response = client.post(reverse("admin:workdays_holidayoverride_add"), form)
    assert response.status_code == 302, response.content[:2000]
    override = HolidayOverride.objects.get()
    assert override.created_by == admin_user
    assert AuditEvent.objects.filter(action="workdays.override_add").count() == 1

    url = reverse("admin:workdays_holidayoverride_change", args=[override.pk])
    response = client.post(url, {**form, "name": "Hari Jadi (uji)"})
    assert response.status_code == 302
    assert HolidayOverride.objects.get().name == "Hari Jadi (uji)"
    update = AuditEvent.objects.get(action="workdays.override_update")
    assert update.actor_label == admin_user.username

    url = reverse("admin:workdays_holidayoverride_delete", args=[override.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not HolidayOverride.objects.exists()
    assert AuditEvent.objects.filter(action="workdays.override_remove").count() == 1


def test_admin_bulk_delete_is_audited(regions_sample, make_staff, staff_client, holiday_override):
    admin_user = make_staff(role="admin", is_superuser=True, is_staff=True)
    first = holiday_override(dt.date(2024, 3, 20))
    second = holiday_override(dt.date(2024, 3, 21))
    response = staff_client(admin_user).post(
        reverse("admin:workdays_holidayoverride_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not HolidayOverride.objects.exists()
    assert AuditEvent.objects.filter(action="workdays.override_remove").count() == 2

"""Activities: the organiser's rules (services), the workspace pages (scope: 404 outside,
viewers without forms and 403 on POST) and the API."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netra.audit.models import AuditEvent
from netra.prevention import storage
from netra.prevention.choices import ActivityKind
from netra.prevention.models import Activity, ActivityMaterial, AttendanceImport
from netra.prevention.services.activities import (
    ActivityError,
    activity_create,
    activity_update,
    material_add,
)

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def make(w, **changes) -> Activity:
    data = {
        "actor": w["hr"],
        "agency": w["agency"],
        "kind": ActivityKind.APEL,
        "title": "Apel netralitas ASN",
        "election": w["election"],
        "held_on": w["today"],
    }
    data.update(changes)
    return activity_create(**data)


def form_data(w, **changes) -> dict:
    data = {
        "agency": w["agency"].pk,
        "kind": ActivityKind.SOCIALIZATION,
        "title": "Sosialisasi netralitas guru",
        "election": w["election"].pk,
        "held_on": w["today"].isoformat(),
        "unit": w["units"]["education"].pk,
        "partners": ["bawaslu", "bkn"],
        "audience": ["PNS", "PPPK"],
        "place": "Aula Dinas Pendidikan",
    }
    data.update(changes)
    return data


# --- services --------------------------------------------------------------------------------


def test_create_copies_the_region_and_is_audited(prevention_world):
    w = prevention_world
    activity = make(
        w,
        unit=w["units"]["health"],
        partners=["bawaslu", "kpu", "bawaslu"],
        audience=["PNS", "NON_ASN"],
        place="Halaman Puskesmas",
    )
    assert activity.region == w["agency"].region and activity.created_by == w["hr"]
    assert activity.partners == ["bawaslu", "kpu"] and activity.check_in_token
    event = AuditEvent.objects.get(action="prevention.activity_created")
    assert event.payload["agency"] == "BOGOR01"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": ActivityKind.VIDEO_CONFERENCE}, "link"),
        ({"kind": ActivityKind.VIDEO_CONFERENCE, "link": "javascript:alert(1)"}, "link"),
        ({"partners": ["fbi"]}, "partners"),
        ({"audience": ["pejabat"]}, "audience"),
        ({"unit": "sarolangun_school"}, "unit"),
    ],
)
def test_create_refuses_bad_input(prevention_world, changes, field):
    w = prevention_world
    if changes.get("unit"):
        changes = {**changes, "unit": w["units"][changes["unit"]]}
    with pytest.raises(ActivityError) as refused:
        make(w, **changes)
    assert field in refused.value.fields
    assert not Activity.objects.exists()


def test_a_video_conference_with_a_link_is_fine(prevention_world):
    activity = make(
        prevention_world, kind=ActivityKind.VIDEO_CONFERENCE, link="https://vicon.example.id/x"
    )
    assert activity.link == "https://vicon.example.id/x"


@pytest.mark.parametrize("who", ["other_hr", "bawaslu", "task_force", "auditor"])
def test_only_the_agencys_hr_may_create_or_update(prevention_world, who):
    w = prevention_world
    with pytest.raises(ActivityError) as refused:
        make(w, actor=w[who])
    assert refused.value.code == "forbidden"
    activity = make(w)
    with pytest.raises(ActivityError):
        activity_update(
            actor=w[who],
            activity=activity,
            kind=ActivityKind.APEL,
            title="Diubah",
            election=w["election"],
            held_on=w["today"],
        )
    assert Activity.objects.get(pk=activity.pk).title == "Apel netralitas ASN"


def test_update_records_what_changed(prevention_world):
    w = prevention_world
    activity = make(w)
    activity_update(
        actor=w["hr"],
        activity=activity,
        kind=ActivityKind.APEL,
        title="Apel netralitas dan ikrar",
        election=w["election"],
        held_on=w["today"] - dt.timedelta(days=2),
        unit=w["units"]["secretariat"],
    )
    activity.refresh_from_db()
    assert (
        activity.title == "Apel netralitas dan ikrar" and activity.unit == w["units"]["secretariat"]
    )
    event = AuditEvent.objects.get(action="prevention.activity_updated")
    assert event.payload["changed"] == ["held_on", "title", "unit"]


def test_materials_are_content_checked_and_served_rehashed(
    prevention_world, staff_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    w = prevention_world
    activity = make(w)
    with pytest.raises(ActivityError) as refused:
        material_add(
            actor=w["hr"],
            activity=activity,
            title="Bukan PDF",
            upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 executable"),
        )
    assert "file" in refused.value.fields
    with django_capture_on_commit_callbacks(execute=True):
        material = material_add(
            actor=w["hr"],
            activity=activity,
            title="Paparan netralitas",
            upload=SimpleUploadedFile("paparan.pdf", PDF_BYTES),
        )
    url = reverse("prevention:activity-material", args=[activity.public_id, material.public_id])
    response = staff_client(w["bawaslu"]).get(url)
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert staff_client(w["other_hr"]).get(url).status_code == 404
    storage.stored_path(material.sha256).write_bytes(b"%PDF-1.4 tampered")
    assert staff_client(w["hr"]).get(url).status_code == 500
    assert ActivityMaterial.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------


def test_hr_creates_edits_and_sees_an_activity(prevention_world, staff_client):
    w = prevention_world
    client = staff_client(w["hr"])
    page = client.get(reverse("prevention:activity-create"))
    assert page.status_code == 200 and 'type="date"' in page.content.decode()
    response = client.post(reverse("prevention:activity-create"), form_data(w))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:activity-detail", args=[activity.public_id])
    assert activity.partners == ["bawaslu", "bkn"] and activity.unit == w["units"]["education"]
    detail = client.get(response["Location"])
    body = detail.content.decode()
    assert detail.status_code == 200 and detail["Cache-Control"] == "no-store"
    assert "Sosialisasi netralitas guru" in body and "Bawaslu, BKN" in body
    assert 'name="file"' in body and "data:image/svg+xml;base64," not in body  # closed
    toggle = reverse("prevention:activity-checkin-toggle", args=[activity.public_id])
    assert client.post(toggle, {"open": "1"}).status_code == 302
    body = client.get(response["Location"]).content.decode()
    # The detail page links to the rotating QR; no fixed link that could be shared from home
    qr_url = reverse("prevention:activity-qr", args=[activity.public_id])
    assert qr_url in body and activity.check_in_token not in body
    qr = client.get(qr_url)
    assert qr.status_code == 200 and "data:image/svg+xml;base64," in qr.content.decode()
    edit_url = reverse("prevention:activity-edit", args=[activity.public_id])
    assert client.get(edit_url).status_code == 200
    edited = form_data(w, title="Sosialisasi diubah")
    del edited["agency"]
    assert client.post(edit_url, edited).status_code == 302
    listing = client.get(reverse("prevention:activity-list"), {"kind": "socialization"})
    assert "Sosialisasi diubah" in listing.content.decode()
    listing = client.get(reverse("prevention:activity-list"), {"kind": "apel"})
    assert "Sosialisasi diubah" not in listing.content.decode()


def test_the_create_page_shows_service_refusals(prevention_world, staff_client):
    w = prevention_world
    client = staff_client(w["hr"])
    response = client.post(
        reverse("prevention:activity-create"),
        form_data(w, kind=ActivityKind.VIDEO_CONFERENCE),
    )
    assert response.status_code == 400
    assert "Konferensi video memerlukan tautan." in response.content.decode()
    assert not Activity.objects.exists()


def test_scope_on_pages(prevention_world, staff_client):
    w = prevention_world
    activity = make(w)
    ids = [activity.public_id]
    other = staff_client(w["other_hr"])
    for name in ("activity-detail", "activity-edit", "activity-qr"):
        assert other.get(reverse(f"prevention:{name}", args=ids)).status_code == 404
    for name in ("activity-import", "activity-checkin-toggle", "activity-material-add"):
        assert other.post(reverse(f"prevention:{name}", args=ids)).status_code == 404
    assert activity.title not in other.get(reverse("prevention:activity-list")).content.decode()

    viewer = staff_client(w["bawaslu"])
    detail = viewer.get(reverse("prevention:activity-detail", args=ids))
    body = detail.content.decode()
    assert detail.status_code == 200 and activity.title in body
    for name in ("activity-import", "activity-checkin-toggle", "activity-material-add"):
        assert reverse(f"prevention:{name}", args=ids) not in body
    assert reverse("prevention:activity-edit", args=ids) not in body
    assert 'name="file"' not in body and "data:image/svg" not in body
    assert activity.title in viewer.get(reverse("prevention:activity-list")).content.decode()
    csv = SimpleUploadedFile("h.csv", b"nip\n1\n")
    assert (
        viewer.post(reverse("prevention:activity-import", args=ids), {"file": csv}).status_code
        == 403
    )
    assert viewer.post(reverse("prevention:activity-checkin-toggle", args=ids)).status_code == 403
    assert viewer.get(reverse("prevention:activity-edit", args=ids)).status_code == 403
    assert viewer.get(reverse("prevention:activity-create")).status_code == 403
    assert not AttendanceImport.objects.exists()


def test_the_import_page_shows_the_per_row_report(prevention_world, staff_client):
    w = prevention_world
    activity = make(w)
    client = staff_client(w["hr"])
    url = reverse("prevention:activity-import", args=[activity.public_id])
    nip = w["people"]["teacher1"].nip
    bad = SimpleUploadedFile("hadir.csv", f"nip\n{nip}\n123\n".encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Daftar hadir ditolak" in body and "NIP/NI PPPK tidak sah: 123." in body
    assert activity.attendances.count() == 0
    wrong = client.post(url, {"file": SimpleUploadedFile("x.csv", b"kota\nBogor\n")})
    assert wrong.status_code == 400 and "Kolom tidak dikenali" in wrong.content.decode()
    good = SimpleUploadedFile("hadir.csv", f"nip\n{nip}\n".encode())
    client.post(url, {"file": good})
    body = client.get(reverse("prevention:activity-detail", args=[activity.public_id])).content
    assert "1 orang hadir." in body.decode() and activity.attendances.count() == 1


def test_the_pages_speak_english_too(prevention_world, staff_client):
    w = prevention_world
    activity = make(w)
    client = staff_client(w["hr"])
    client.cookies["django_language"] = "en"
    url = reverse("prevention:activity-import", args=[activity.public_id])
    client.post(url, {"file": SimpleUploadedFile("h.csv", b"nip\n123\n")})
    body = client.get(
        reverse("prevention:activity-detail", args=[activity.public_id]),
        headers={"accept-language": "en"},
    ).content.decode()
    assert "Invalid NIP/NI PPPK: 123." in body


# --- API -------------------------------------------------------------------------------------


def test_api_list_detail_and_create(prevention_world, api_client_for):
    w = prevention_world
    activity = make(w)
    other = make(w, actor=w["other_hr"], agency=w["other_agency"], title="Apel Sarolangun")
    hr = api_client_for(w["hr"])
    listing = hr.get("/api/v1/prevention/activities/")
    assert listing.status_code == 200 and listing["Cache-Control"] == "no-store"
    assert [row["id"] for row in listing.json()["results"]] == [str(activity.public_id)]
    detail = hr.get(f"/api/v1/prevention/activities/{activity.public_id}/")
    assert detail.json()["attendance_count"] == 0 and detail.json()["agency"] == "BOGOR01"
    assert hr.get(f"/api/v1/prevention/activities/{other.public_id}/").status_code == 404
    task_force = api_client_for(w["task_force"])
    assert len(task_force.get("/api/v1/prevention/activities/").json()["results"]) == 2
    filtered = task_force.get("/api/v1/prevention/activities/", {"kind": "socialization"})
    assert filtered.json()["results"] == []

    body = {
        "agency": "BOGOR01",
        "kind": "video_conference",
        "title": "Vicon netralitas",
        "election": w["election"].slug,
        "held_on": w["today"].isoformat(),
        "audience": ["PNS"],
    }
    refused = hr.post("/api/v1/prevention/activities/", body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert refused.json()["errors"]["link"] == ["Konferensi video memerlukan tautan."]
    assert refused["Cache-Control"] == "no-store"
    english = hr.post(
        "/api/v1/prevention/activities/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["detail"] == "Check the input: A video conference needs a link."
    assert english.json()["errors"]["link"] == ["A video conference needs a link."]
    body["link"] = "https://vicon.example.id/netral"
    created = hr.post("/api/v1/prevention/activities/", body, format="json")
    assert created.status_code == 201 and created.json()["kind"] == "video_conference"
    forbidden = api_client_for(w["bawaslu"]).post(
        "/api/v1/prevention/activities/", body, format="json"
    )
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "forbidden"
    assert Activity.objects.filter(title="Vicon netralitas").count() == 1

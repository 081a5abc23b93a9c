"""The report form on a phone (issue 13 §1): evidence kept after an error, Enter sends the
report, Back shows the receipt, anonymous keeps nothing of the reporter, photo metadata choice,
marked required fields, error summary links, the language switch after a failed POST."""

import io
import os
import re
import time

import pytest
from django.test import Client
from PIL import Image

from netra.intake import evidence
from netra.intake.models import Evidence, Report
from netra.intake.tests.fixtures import jpeg_with_gps, png_bytes, upload
from netra.intake.tests.test_views import URL, form_data, receipt_codes

pytestmark = pytest.mark.django_db

KEY = "form-key-0001"


def _held_names():
    return [item.original_name for item in evidence.held(KEY)]


def test_evidence_is_kept_after_a_validation_error_and_sent_with_the_report(
    client, intake_reference, django_capture_on_commit_callbacks
):
    data = form_data(province="", regency="", district="")
    data["evidence"] = [upload("foto1.jpg", jpeg_with_gps(), "image/jpeg")]
    refused = client.post(URL, data)
    assert refused.status_code == 400 and Report.objects.count() == 0
    html = refused.content.decode()
    assert "foto1.jpg" in html and "Bukti yang sudah terlampir" in html
    assert 'name="evidence_remove"' in html
    assert _held_names() == ["foto1.jpg"]
    # The corrected form is sent without choosing the file again.
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(URL, form_data())
    assert sent.status_code == 201
    report = Report.objects.get()
    row = report.evidence.get()
    assert row.original_name == "foto1.jpg"
    assert evidence.original_path(row.sha256).exists()
    assert evidence.held(KEY) == []


def test_a_held_file_can_be_removed_and_nothing_is_created(client, intake_reference):
    data = form_data(province="")
    data["evidence"] = [upload("a.png", png_bytes()), upload("b.png", png_bytes(color=(1, 2, 3)))]
    client.post(URL, data)
    assert _held_names() == ["a.png", "b.png"]
    first = evidence.held(KEY)[0].sha256
    response = client.post(URL, {**form_data(province=""), "evidence_remove": first})
    assert response.status_code == 200 and Report.objects.count() == 0
    assert _held_names() == ["b.png"]
    # An unknown or hostile value removes nothing and breaks nothing.
    client.post(URL, {**form_data(province=""), "evidence_remove": "../../etc/passwd"})
    assert _held_names() == ["b.png"]


def test_a_bad_file_is_refused_with_the_other_errors_and_good_ones_stay(client, intake_reference):
    data = form_data(province="")
    data["evidence"] = [upload("ok.png", png_bytes())]
    client.post(URL, data)
    bad = form_data(province="", regency="", district="")
    bad["evidence"] = [upload("virus.jpg", b"MZ not an image")]
    response = client.post(URL, bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Jenis berkas tidak diterima" in html and "Pilih provinsi" in html
    assert _held_names() == ["ok.png"]


def test_too_many_held_files_are_refused(client, intake_reference, settings):
    settings.INTAKE_EVIDENCE_MAX_FILES = 2
    data = form_data(province="")
    data["evidence"] = [upload("a.png", png_bytes()), upload("b.png", png_bytes(color=(9, 9, 9)))]
    client.post(URL, data)
    more = form_data(province="")
    more["evidence"] = [upload("c.png", png_bytes(color=(7, 7, 7)))]
    response = client.post(URL, more)
    assert response.status_code == 400 and "Terlalu banyak berkas" in response.content.decode()
    assert _held_names() == ["a.png", "b.png"]


def test_held_files_are_swept_like_other_staged_files(client, intake_reference):
    data = form_data(province="")
    data["evidence"] = [upload("a.png", png_bytes())]
    client.post(URL, data)
    folder = evidence.staging_dir() / "held" / KEY
    assert folder.is_dir()
    assert evidence.sweep_staging(older_than_seconds=3600) == 0
    old = time.time() - 7200
    os.utime(folder, (old, old))
    assert evidence.sweep_staging(older_than_seconds=3600) == 2  # the photo and its copy
    assert not folder.exists() and evidence.held(KEY) == []


def test_enter_in_a_one_line_field_sends_the_report(client, intake_reference):
    """Browsers press a form's first submit button on Enter: it must be the unnamed one that
    sends the report, not the region refresh or a remove button."""
    html = client.get(URL).content.decode()
    form = html[html.index('id="report-form"') :]
    first = re.search(r"<button[^>]*type=\"submit\"[^>]*>", form).group(0)
    assert "name=" not in first and "hidden" in first


def test_back_after_sending_shows_the_receipt_not_a_new_form(client, intake_reference):
    sent = client.post(URL, form_data())
    assert sent.status_code == 201
    back = client.get(URL)
    assert back.status_code == 200
    assert receipt_codes(back) == receipt_codes(sent)
    assert 'id="report-form"' not in back.content.decode()
    # The same form posted again (reload, or a restored page) answers with the same receipt.
    again = client.post(URL, form_data(description="Diubah setelah kembali ke halaman tadi."))
    assert receipt_codes(again) == receipt_codes(sent) and Report.objects.count() == 1
    fresh = client.get(URL + "?baru=1").content.decode()
    assert 'id="report-form"' in fresh
    assert 'id="report-form"' in client.get(URL).content.decode()


def test_anonymous_keeps_no_contact_even_if_typed_before(client, intake_reference):
    response = client.post(
        URL,
        form_data(
            reporter_mode="anonymous",
            reporter_name="Siti",
            reporter_phone="0812 3456 7890",
            reporter_email="siti@example.invalid",
            reporter_id_number="123",  # invalid: no reason to refuse an anonymous report
            reporter_address="Jl. Mawar 1",
        ),
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.reporter_envelope == "" and report.has_contact is False


def _stored_original(row: Evidence) -> Image.Image:
    return Image.open(io.BytesIO(evidence.original_path(row.sha256).read_bytes()))


@pytest.mark.parametrize(
    ("mode", "choice", "removed"),
    [
        ("anonymous", None, True),  # default: yes
        ("anonymous", "remove", True),
        ("anonymous", "keep", False),
        ("confidential", "remove", False),  # only anonymous reporters choose
    ],
)
def test_metadata_choice_is_recorded_and_honoured_on_the_stored_original(
    client, intake_reference, django_capture_on_commit_callbacks, mode, choice, removed
):
    data = form_data(reporter_mode=mode)
    if choice:
        data["metadata"] = choice
    original = jpeg_with_gps()
    data["evidence"] = [upload("gps.jpg", original, "image/jpeg")]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, data).status_code == 201
    row = Evidence.objects.get()
    assert row.metadata_removed is removed
    assert row.metadata_removal_requested is (mode == "anonymous" and choice != "keep")
    exif = _stored_original(row).getexif()
    if removed:
        assert 0x8825 not in exif and 0x010F not in exif
        assert b"SentinelMake" not in evidence.original_path(row.sha256).read_bytes()
    else:
        assert exif[0x010F] == "SentinelMake" and 0x8825 in exif
        assert evidence.original_path(row.sha256).read_bytes() == original


def test_removing_metadata_keeps_the_picture_and_its_orientation(intake_reference):
    image = Image.new("RGB", (20, 10), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated
    exif[0x8825] = {1: "S", 2: (6.0, 35.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), quality=95)
    png = io.BytesIO()
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Location", "-6.5,106.8")
    Image.new("RGB", (4, 4)).save(png, format="PNG", pnginfo=info)
    staged = evidence.stage_uploads(
        [upload("r.jpg", buffer.getvalue()), upload("t.png", png.getvalue())]
    )
    jpeg_pixels = Image.open(staged[0].path).tobytes()
    evidence.remove_metadata(staged)
    clean_jpeg = Image.open(staged[0].path)
    assert clean_jpeg.getexif().get(0x0112) == 6 and 0x8825 not in clean_jpeg.getexif()
    assert clean_jpeg.tobytes() == jpeg_pixels  # the same picture, not re-encoded
    assert b"Location" not in staged[1].path.read_bytes()
    assert all(item.metadata_removed for item in staged)
    evidence.discard(staged)


def test_form_marks_required_fields_explains_modes_and_brings_the_number_pad(
    client, intake_reference
):
    html = client.get(URL).content.decode()
    assert re.search(r'for="id_province">Provinsi <span class="required"', html)
    assert re.search(r'for="id_description">Uraian kejadian <span class="required"', html)
    for name in ("reporter_id_number", "reported_nip", "reported_nik"):
        assert re.search(rf'<input[^>]*inputmode="numeric"[^>]*id="id_{name}"', html), name
    for mode in ("anonymous", "confidential", "open"):
        assert f'id="mode-hint-{mode}"' in html
    assert "lokasi dan data perangkat" in html
    assert 'accept="image/jpeg' in html and 'data-max-bytes="' in html


def test_error_summary_links_reach_radio_groups(client, intake_reference):
    html = client.post(URL, form_data(reporter_mode="spy")).content.decode()
    assert 'href="#id_reporter_mode_0"' in html and 'id="id_reporter_mode_0"' in html


def test_language_switch_after_a_failed_post_returns_to_a_page(make_report):
    report, key = make_report()
    client = Client()
    client.post("/lapor/status/", {"tracking_number": report.tracking_number, "access_key": key})
    refused = client.post("/lapor/status/balas/", {"body": ""})
    assert refused.status_code == 400
    # The switch sends the browser back to the address of the page it is on.
    switched = client.post("/bahasa/", {"language": "en", "next": "/lapor/status/balas/"})
    assert switched.status_code == 302
    follow = client.get(switched["Location"])
    assert follow.status_code == 302 and follow["Location"] == "/lapor/status/"
    assert client.get("/lapor/status/bukti/").status_code == 302
    assert client.get("/lapor/status/keluar/").status_code == 302
    assert client.get(URL).status_code == 200

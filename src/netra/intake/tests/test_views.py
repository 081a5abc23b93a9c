import re

import pytest
from django.test import Client

from netra.intake import evidence
from netra.intake.models import Evidence, Report, ReportMessage
from netra.intake.tests.fixtures import jpeg_with_gps, png_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/lapor/"
STATUS = "/lapor/status/"


def form_data(**overrides):
    data = {
        "idempotency_key": "form-key-0001",
        "reporter_mode": "confidential",
        "reporter_name": "Siti",
        "reporter_address": "Jl. Mawar 1",
        "reporter_email": "siti@example.invalid",
        "reporter_phone": "0812 3456 7890",
        "act": "",
        "description": "Camat menghadiri deklarasi pasangan calon di lapangan kecamatan.",
        "event_date": "",
        "learned_date": "",
        "place_text": "Lapangan Cibinong",
        "province": "32",
        "regency": "32.01",
        "district": "32.01.01",
        "election": "",
        "witnesses": "",
        "reported_name": "Camat X",
        "reported_workplace": "Kecamatan Cibinong",
        "reported_position": "Camat",
        "reported_nip": "",
        "reported_nik": "",
        "links": "https://Example.org/Post/1#frag\nhttps://example.org/post/2",
    }
    data.update(overrides)
    return data


def submit(client, files=(), capture=None, **overrides):
    data = form_data(**overrides)
    if files:
        data["evidence"] = list(files)
    if capture is None:
        return client.post(URL, data)
    with capture(execute=True):
        return client.post(URL, data)


def receipt_codes(response):
    html = response.content.decode()
    number = re.search(r'id="tracking-number">([^<]+)<', html).group(1)
    key = re.search(r'id="access-key">([^<]+)<', html).group(1)
    return number, key


def test_form_page_sets_no_cookie_and_is_light(client, intake_reference):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.cookies == {} and "Set-Cookie" not in response.headers
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert len(response.content) < 200_000
    html = response.content.decode()
    assert "7 hari kalender" in html and "7 hari kerja" in html  # the window, shown up front
    assert 'name="idempotency_key"' in html and "<fieldset" in html


def test_submit_shows_receipt_once_with_no_store(
    client, intake_reference, django_capture_on_commit_callbacks
):
    response = submit(
        client,
        files=[upload("foto.jpg", jpeg_with_gps(), "image/jpeg")],
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    # The reporter has acted: a short session remembers which form was sent (Back shows it).
    assert response.cookies["sessionid"]["max-age"] == 600
    number, key = receipt_codes(response)
    report = Report.objects.get()
    assert report.tracking_number == number
    assert [link.url for link in report.links.all()] == [
        "https://example.org/Post/1",
        "https://example.org/post/2",
    ]
    assert report.region.code == "32.01.01" and report.evidence.count() == 1
    assert evidence.original_path(report.evidence.get().sha256).exists()


def test_double_submit_with_the_same_form_gives_the_same_receipt(client, intake_reference):
    first = submit(client)
    second = submit(client)
    assert receipt_codes(first) == receipt_codes(second)
    assert Report.objects.count() == 1
    # Another browser (no session) reusing the key with other content is refused.
    changed = submit(Client(), description="Isi yang berbeda dari kiriman pertama tadi.")
    assert changed.status_code == 409 and Report.objects.count() == 1


BAD_FIELDS = [
    ({"reporter_mode": "spy"}, "reporter_mode"),
    ({"reporter_name": ""}, "reporter_name"),
    ({"reporter_email": "bukan-email", "reporter_phone": ""}, "reporter_email"),
    ({"reporter_phone": "12ab"}, "reporter_phone"),
    ({"reporter_id_number": "123"}, "reporter_id_number"),
    ({"description": ""}, "description"),
    ({"event_date": "2024-02-31"}, "event_date"),
    ({"event_date": "2999-01-01"}, "event_date"),
    ({"event_date": "2024-05-02", "learned_date": "2024-05-01"}, "learned_date"),
    ({"act": "tidak-ada"}, "act"),
    ({"election": "pemilu-1955"}, "election"),
    ({"province": "", "regency": "", "district": ""}, "province"),
    ({"province": "99"}, "province"),
    ({"district": "35.01.01"}, "district"),
    ({"regency": "35.01", "district": ""}, "regency"),
    ({"region": "32.01.01.2001"}, "region"),
    ({"reported_name": "", "reported_workplace": "", "reported_position": ""}, "reported_name"),
    ({"reported_nip": "123456"}, "reported_nip"),
    ({"reported_nik": "99999"}, "reported_nik"),
    ({"links": "javascript:alert(1)"}, "links"),
    ({"links": "\n".join(f"https://e.org/{i}" for i in range(11))}, "links"),
    ({"idempotency_key": "bad key!"}, "idempotency_key"),
    ({"description": "x" * 10001}, "description"),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_FIELDS)
def test_bad_input_on_every_field_is_a_400_next_to_the_field(
    client, intake_reference, overrides, field
):
    response = submit(client, files=[upload("foto.png", png_bytes())], **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'id="error-summary"' in html and "Periksa isian berikut" in html
    assert Report.objects.count() == 0 and Evidence.objects.count() == 0
    # The photo is only held for the form (shown as attached), never stored as evidence.
    held = evidence.staging_dir() / "held"
    files = [p for p in evidence.evidence_root().rglob("*") if p.is_file()]
    stray = [p for p in files if held not in p.parents]
    assert stray == []
    if field != "idempotency_key":
        assert [item.original_name for item in evidence.held("form-key-0001")] == ["foto.png"]


def test_errors_are_in_english_when_the_reporter_chose_english(client, intake_reference):
    client.cookies["netra_language"] = "en"
    response = submit(client, description="")
    assert response.status_code == 400
    assert "Check the following" in response.content.decode() or "required" in str(
        response.context["form"].errors["description"]
    )


def test_hostile_evidence_is_a_400_and_stores_nothing(client, intake_reference):
    response = submit(
        client,
        files=[upload("foto.png", png_bytes()), upload("foto2.jpg", b"<html>not an image</html>")],
    )
    assert response.status_code == 400
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert Report.objects.count() == 0
    assert not any(p.is_file() for p in evidence.evidence_root().rglob("*"))


def test_too_large_request_is_a_413_before_parsing(client, intake_reference, settings):
    settings.INTAKE_MAX_REQUEST_BYTES = 1000
    response = submit(client, files=[upload("a.pdf", b"%PDF-1.4\n" + b"x" * 2000)])
    assert response.status_code == 413 and Report.objects.count() == 0


def test_cross_site_post_is_refused(client, intake_reference):
    response = client.post(URL, form_data(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and Report.objects.count() == 0


def test_region_refresh_without_javascript_lists_regencies(client, intake_reference):
    response = client.post(URL, {**form_data(regency="", district=""), "refresh_region": "1"})
    assert response.status_code == 200
    assert "Bogor" in response.content.decode() and Report.objects.count() == 0


def test_submissions_are_rate_limited_per_ip(client, intake_reference, settings):
    settings.INTAKE_SUBMISSIONS_PER_IP = "2/h"
    for i in range(2):
        assert submit(client, idempotency_key=f"key-number-{i}").status_code == 201
    response = submit(client, idempotency_key="key-number-9")
    assert response.status_code == 429 and Report.objects.count() == 2


# --- status page ------------------------------------------------------------------------


def test_status_lookup_page_sets_no_cookie(client, intake_reference):
    response = client.get(STATUS)
    assert response.status_code == 200 and response.cookies == {}
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_wrong_key_and_unknown_number_look_the_same(client, make_report):
    report, key = make_report()
    wrong_key = client.post(
        STATUS, {"tracking_number": report.tracking_number, "access_key": "AAAA-BBBB"}
    )
    other = report.tracking_number[:-1]
    from netra.intake import tracking

    unknown_number = tracking.format_number(2024, "YYYYYYY")
    unknown = client.post(STATUS, {"tracking_number": unknown_number, "access_key": key[:-1] + "0"})
    assert wrong_key.status_code == unknown.status_code == 400
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.content.decode())  # noqa: E731
    assert strip(wrong_key) == strip(unknown)
    assert other  # a mistyped number is caught by its check character instead
    assert wrong_key.cookies == {}


def test_wrong_keys_are_rate_limited_per_ip(client, make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "3/h"
    report, key = make_report()
    for _ in range(3):
        assert (
            client.post(
                STATUS, {"tracking_number": report.tracking_number, "access_key": "WRONG"}
            ).status_code
            == 400
        )
    blocked = client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert blocked.status_code == 429
    html = blocked.content.decode()
    minutes = -(-int(blocked["Retry-After"]) // 60)  # the real wait, at most the hour
    assert "dihentikan sementara" in html and f"{minutes} menit" in html and minutes <= 60
    assert "tidak dapat diproses" not in html
    # Another client IP is not blocked by this one.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert (
        other.post(
            STATUS, {"tracking_number": report.tracking_number, "access_key": key}
        ).status_code
        == 200
    )


def test_global_failures_never_lock_out_the_right_key(make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_GLOBAL = "4/h"
    settings.INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK = "1/15m"
    report, key = make_report()
    for i in range(6):
        Client(REMOTE_ADDR=f"10.0.0.{i}").post(
            STATUS, {"tracking_number": report.tracking_number, "access_key": "WRONG"}
        )
    response = Client(REMOTE_ADDR="10.0.1.1").post(
        STATUS, {"tracking_number": report.tracking_number, "access_key": key}
    )
    assert response.status_code == 200 and "public-status" in response.content.decode()
    # Over the global limit, an address that guesses wrong has the smaller allowance (here one).
    guesser = Client(REMOTE_ADDR="10.0.2.2")
    first = guesser.post(STATUS, {"tracking_number": report.tracking_number, "access_key": "X"})
    assert first.status_code == 400
    second = guesser.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert second.status_code == 429


def test_failures_are_counted_per_tracking_number(make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_NUMBER = "3/h"
    settings.INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK = "1/15m"
    report, key = make_report()
    other_report, other_key = make_report(idempotency_key="another-form-key")
    for i in range(4):  # four addresses, one wrong try each, all on the same number
        Client(REMOTE_ADDR=f"10.1.0.{i}").post(
            STATUS, {"tracking_number": report.tracking_number, "access_key": "WRONG"}
        )
    # The fourth address is now paused; the reporter with the right key is not.
    paused = Client(REMOTE_ADDR="10.1.0.3").post(
        STATUS, {"tracking_number": report.tracking_number, "access_key": key}
    )
    assert paused.status_code == 429
    owner = Client(REMOTE_ADDR="10.1.9.9")
    ok = owner.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert ok.status_code == 200
    # A wrong try on another number from a fresh address is an ordinary mistake.
    fresh = Client(REMOTE_ADDR="10.1.8.8").post(
        STATUS, {"tracking_number": other_report.tracking_number, "access_key": "WRONG"}
    )
    assert fresh.status_code == 400


def test_status_journey_reply_and_add_evidence(
    make_report, make_staff, django_capture_on_commit_callbacks
):
    from netra.intake.services import correction_deadline, report_message_to_reporter

    report, key = make_report()
    officer = make_staff(region="32.01")
    report_message_to_reporter(
        actor=officer,
        report=report,
        body="Mohon kirim foto kejadian.",
        reply_by=correction_deadline(),
    )
    client = Client(enforce_csrf_checks=True)
    response = client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Mohon kirim foto kejadian." in html and "Petugas meminta Anda melengkapi" in html
    assert "sessionid" in response.cookies  # the session starts after the reporter acted
    token = client.cookies["csrftoken"].value
    # A plain GET now shows the report from the session
    assert "Mohon kirim foto" in client.get(STATUS).content.decode()
    reply = client.post(
        "/lapor/status/balas/", {"body": "Foto menyusul.", "csrfmiddlewaretoken": token}
    )
    assert reply.status_code == 302
    assert ReportMessage.objects.filter(direction="from_reporter").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            "/lapor/status/bukti/",
            {"evidence": [upload("foto.png", png_bytes())], "csrfmiddlewaretoken": token},
        )
    assert added.status_code == 302 and report.evidence.count() == 1
    bad = client.post(
        "/lapor/status/bukti/",
        {"evidence": [upload("x.png", b"GIF89a broken")], "csrfmiddlewaretoken": token},
    )
    assert bad.status_code == 400 and report.evidence.count() == 1
    empty = client.post("/lapor/status/balas/", {"body": "", "csrfmiddlewaretoken": token})
    assert empty.status_code == 400
    client.post("/lapor/status/keluar/", {"csrfmiddlewaretoken": token})
    assert "Masukkan nomor laporan" in client.get(STATUS).content.decode()


def test_session_rotates_on_access(make_report):
    report, key = make_report()
    client = Client()
    client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    first = client.cookies["sessionid"].value
    client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert client.cookies["sessionid"].value != first


def test_reporter_actions_need_a_session(client, intake_reference):
    assert client.post("/lapor/status/balas/", {"body": "x"}).status_code == 403
    assert client.post("/lapor/status/bukti/", {}).status_code == 403


def test_staff_browsing_public_pages_is_not_redirected(make_staff, intake_reference):
    user = make_staff(region="32")
    client = Client()
    client.force_login(user)  # logged in, not OTP-verified
    assert client.get(URL).status_code == 200
    assert client.get(STATUS).status_code == 200


def test_form_page_in_english(client, intake_reference):
    client.cookies["netra_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Report a breach of civil-service neutrality" in html
    assert "7 calendar days" in html and "7 working days" in html
    response = submit(client, reported_nip="123")
    assert "Invalid NIP/NI PPPK" in response.content.decode()

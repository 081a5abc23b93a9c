"""The public verification pages: every answer, no personal data, no cookie, rate limit,
and the byte-identical PDF check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.documents import codes, storage
from netra.documents.services import document_revoke

pytestmark = pytest.mark.django_db

SECRET_NAME = "Budi Santoso Rahasia"


@pytest.fixture
def letter(issue_document):
    # The letter's own text names the person; the verify page must never show it.
    return issue_document(
        kind="recommendation_letter",
        title=f"Rekomendasi atas {SECRET_NAME}",
        issuer="Bawaslu Kabupaten Bogor",
        context={"paragraphs": [f"Terlapor: {SECRET_NAME}, NIP 198001012005011001."]},
        public_fields={"letter_number": "001/REK/2026"},
    )


def _get(client, code, **headers):
    return client.get(f"/verify/{code}/", **headers)


def _assert_public_response(response):
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies, "a plain GET must not set a cookie"


def test_the_form_page_renders_without_cookie(client):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert "Periksa keaslian dokumen" in response.content.decode()
    _assert_public_response(response)


def test_valid_document_is_confirmed_without_personal_data(client, letter):
    response = _get(client, letter.code)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dokumen ini asli dan berlaku." in body
    assert "Bawaslu Kabupaten Bogor" in body and "Surat rekomendasi" in body
    assert "001/REK/2026" in body
    assert SECRET_NAME not in body and "198001012005011001" not in body
    _assert_public_response(response)


def test_certificate_shows_its_public_name_and_agency(client, issue_document):
    document = issue_document(
        kind="pledge_certificate", public_fields={"name": "Siti Aminah", "agency": "Dinas"}
    )
    body = _get(client, document.code).content.decode()
    assert "Siti Aminah" in body and "Instansi" in body


def test_revoked_document_says_so_with_the_date_but_not_the_reason(client, letter):
    document_revoke(actor=None, document=letter, reason="Keliru menyebut pasal")
    response = _get(client, letter.code)
    body = response.content.decode()
    assert response.status_code == 200
    assert "sudah dicabut" in body and "Dicabut pada" in body
    assert "Keliru menyebut pasal" not in body


def test_unknown_code_is_not_found(client, letter):
    other = codes.code_new()
    response = _get(client, other)
    assert response.status_code == 404
    assert "Tidak ada dokumen dengan kode ini." in response.content.decode()
    _assert_public_response(response)


@pytest.mark.parametrize("bad", ["hello", "VRF-8K2M", "x" * 300, "VRF-8K2M-Q7XD-UU"])
def test_malformed_code_is_a_clear_400(client, bad):
    response = _get(client, bad)
    assert response.status_code == 400
    assert "Kode ini tidak sah." in response.content.decode()
    _assert_public_response(response)


def test_nul_in_the_code_is_refused_before_the_view(client):
    # netra.web.middleware.RejectNulMiddleware answers for every route.
    assert _get(client, "%00").status_code == 400


def test_a_typo_is_caught_by_the_check_character(client, letter):
    typed = list(letter.code)
    typed[5] = "X" if typed[5] != "X" else "Y"
    response = _get(client, "".join(typed))
    assert response.status_code == 400


def test_what_people_type_is_normalised(client, letter):
    typed = letter.code.lower().replace("-", "").replace("0", "o")
    response = _get(client, typed)
    assert response.status_code == 200 and letter.code in response.content.decode()


def test_the_form_redirects_a_good_code_and_explains_a_bad_one(client, letter):
    response = client.get("/verify/", {"code": letter.code.lower()})
    assert response.status_code == 302 and response["Location"] == f"/verify/{letter.code}/"
    response = client.get("/verify/", {"code": "VRF-1234"})
    assert response.status_code == 400
    assert "Kode ini tidak sah" in response.content.decode()
    response = client.get("/verify/", {"code": ""})
    assert response.status_code == 400


def test_english_page_through_the_language_cookie(client, letter):
    client.cookies["netra_language"] = "en"
    body = _get(client, letter.code).content.decode()
    assert "This document is genuine and valid." in body


def test_rate_limit_answers_429_with_a_message(client, settings, letter):
    settings.DOCUMENTS_VERIFY_PER_IP = "3/h"
    for _ in range(3):
        assert _get(client, letter.code).status_code == 200
    response = _get(client, letter.code)
    assert response.status_code == 429
    assert "Terlalu banyak pemeriksaan" in response.content.decode()
    # Another address is not affected.
    assert _get(client, letter.code, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_uploaded_identical_pdf_is_genuine_and_a_changed_byte_is_not(client, letter):
    data = storage.stored_path(letter.sha256).read_bytes()
    upload = SimpleUploadedFile("surat.pdf", data, content_type="application/pdf")
    response = client.post(f"/verify/{letter.code}/", {"pdf": upload})
    assert response.status_code == 200
    assert "sama persis dengan dokumen yang diterbitkan" in response.content.decode()
    assert not response.cookies

    changed = bytearray(data)
    changed[-10] ^= 0x20
    upload = SimpleUploadedFile("surat.pdf", bytes(changed), content_type="application/pdf")
    response = client.post(f"/verify/{letter.code}/", {"pdf": upload})
    assert response.status_code == 200
    assert "TIDAK sama" in response.content.decode()


def test_a_photo_of_the_letter_is_not_called_altered(client, letter):
    photo = SimpleUploadedFile("surat.jpg", b"\xff\xd8\xff\xe0" + b"0" * 500, "image/jpeg")
    response = client.post(f"/verify/{letter.code}/", {"pdf": photo})
    body = response.content.decode()
    assert response.status_code == 400 and "TIDAK sama" not in body
    assert "Hanya berkas PDF asli yang Anda terima dapat dibandingkan" in body
    assert not response.cookies


def test_upload_without_a_file_is_a_400(client, letter):
    response = client.post(f"/verify/{letter.code}/", {})
    assert response.status_code == 400
    assert "Periksa isian berikut" in response.content.decode()


def test_upload_for_an_unknown_code_is_not_found(client):
    upload = SimpleUploadedFile("surat.pdf", b"%PDF-1.7 x", content_type="application/pdf")
    response = client.post(f"/verify/{codes.code_new()}/", {"pdf": upload})
    assert response.status_code == 404


def test_oversized_upload_is_refused_before_reading(client, settings, letter):
    settings.DOCUMENTS_UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 200_000)
    response = client.post(f"/verify/{letter.code}/", {"pdf": upload})
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()


def test_upload_just_over_the_file_limit_is_a_form_error(client, settings, letter):
    settings.DOCUMENTS_UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 2000)
    response = client.post(f"/verify/{letter.code}/", {"pdf": upload})
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()


def test_cross_site_upload_is_refused(client, letter):
    upload = SimpleUploadedFile("surat.pdf", b"%PDF-1.7 x")
    response = client.post(
        f"/verify/{letter.code}/", {"pdf": upload}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403


def test_other_methods_are_refused(client, letter):
    assert client.put(f"/verify/{letter.code}/").status_code == 405
    assert client.post("/verify/").status_code == 405

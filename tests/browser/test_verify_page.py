"""Phone journey of someone checking a letter: type the code as printed (or sloppily), read
the answer, compare the PDF; axe on the form and the result; no cookie at any point."""

import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def letter(settings, tmp_path):
    from netra.documents.services import document_issue

    settings.MEDIA_ROOT = tmp_path / "media"
    return document_issue(
        actor=None,
        kind="recommendation_letter",
        title="Rekomendasi atas Budi Santoso",
        issuer="Bawaslu Kabupaten Bogor",
        template="documents/pdf/notice.html",
        context={"paragraphs": ["Terlapor: Budi Santoso."]},
        public_fields={"letter_number": "001/REK/2026"},
    )


def test_type_a_code_and_see_the_answer_on_a_phone(phone_page, live_server, letter, tmp_path):
    from netra.documents import storage

    page = phone_page
    page.goto(f"{live_server.url}/verify/")
    assert page.get_by_role("heading", level=1).inner_text() == "Periksa keaslian dokumen"
    check_axe(page)

    # Lower case, no dashes: the page still finds the letter.
    page.get_by_label("Kode verifikasi").fill(letter.code.lower().replace("-", " "))
    page.get_by_role("button", name="Periksa", exact=True).click()
    page.wait_for_url(f"**/verify/{letter.code}/")
    result = page.locator("#verify-result")
    assert "Dokumen ini asli dan berlaku." in result.inner_text()
    body = page.inner_text("body")
    assert "Bawaslu Kabupaten Bogor" in body and "001/REK/2026" in body
    assert "Budi Santoso" not in body
    check_axe(page)

    # The same PDF is reported identical.
    copy = tmp_path / "surat.pdf"
    copy.write_bytes(storage.stored_path(letter.sha256).read_bytes())
    page.get_by_label("Berkas PDF yang Anda terima").set_input_files(str(copy))
    page.get_by_role("button", name="Bandingkan").click()
    page.wait_for_load_state()
    assert "sama persis" in page.locator("#upload-result").inner_text()

    # A typo is caught by the check character.
    typo = letter.code[:-1] + ("X" if letter.code[-1] != "X" else "Y")
    page.get_by_label("Kode verifikasi").fill(typo)
    page.get_by_role("button", name="Periksa", exact=True).click()
    page.wait_for_load_state()
    assert "Kode ini tidak sah" in page.inner_text("body")
    check_axe(page)
    assert page.context.cookies() == []
    # The malformed code answers 400 (logged by the browser); nothing else may complain.
    assert [e for e in page.console_errors if "400" not in e] == []

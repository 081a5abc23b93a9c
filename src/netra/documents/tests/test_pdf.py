"""PDF rendering: the code and the verify URL are in the HTML, WeasyPrint produces a PDF, and
nothing is ever fetched from the network."""

import pytest

from netra.documents import codes, pdf

CODE = codes.format_code("8K2MQ7XD")


def test_html_carries_the_code_the_absolute_verify_url_and_a_qr_image(settings):
    settings.NETRA_PUBLIC_BASE_URL = "https://netra.example.id/"
    html = pdf.render_html(
        "documents/pdf/notice.html",
        {"title": "Surat uji", "issuer": "Bawaslu", "paragraphs": ["Satu.", "Dua."]},
        code=CODE,
    )
    assert CODE in html
    assert f"https://netra.example.id/verify/{CODE}/" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Satu." in html and "Dua." in html


def test_pdf_is_produced():
    _html, data = pdf.render_pdf(
        "documents/pdf/notice.html", {"title": "Surat uji", "issuer": "Bawaslu"}, code=CODE
    )
    assert data.startswith(b"%PDF-") and len(data) > 1000


def test_documents_are_rendered_in_indonesian_whatever_the_request_language():
    from django.utils import translation

    with translation.override("en"):
        html = pdf.render_html("documents/pdf/notice.html", {"title": "T"}, code=CODE)
    assert "Kode verifikasi" in html


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x.png", "https://example.com/font.woff", "file:///etc/passwd"]
)
def test_rendering_refuses_every_non_data_url(url, monkeypatch):
    import urllib.request

    opened = []

    def no_network(self, *args, **kwargs):
        opened.append(args)  # WeasyPrint swallows fetch errors, so record instead of raising
        raise OSError("refused by the test")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    html = (
        f'<html><body><img src="{url}"><link rel="stylesheet" href="{url}"><p>x</p></body></html>'
    )
    data = pdf.html_to_pdf(html)
    assert data.startswith(b"%PDF-")
    assert opened == []


def test_data_urls_still_work():
    html = f'<html><body><img src="{pdf.qr_data_uri("abc")}" alt=""></body></html>'
    assert pdf.html_to_pdf(html).startswith(b"%PDF-")

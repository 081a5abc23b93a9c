"""HTML (Django template) -> PDF with WeasyPrint, with the verification code and its QR code.

Templates extend `documents/pdf/base_letter.html` (A4, letterhead, page numbers). Rendering
never touches the network: the fetcher accepts `data:` URLs only, and fonts come from the
system (DejaVu through fontconfig).
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint import HTML, URLFetcher

# Official documents are issued in Indonesian whatever language the officer's browser uses.
DOCUMENT_LANGUAGE = "id"


def verify_url(code: str) -> str:
    base = settings.NETRA_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("documents:verify_code", kwargs={"code": code})


def qr_data_uri(text: str) -> str:
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_html(template: str, context: dict, *, code: str) -> str:
    url = verify_url(code)
    full = {
        **context,
        "verify_code": code,
        "verify_url": url,
        "verify_qr": qr_data_uri(url),
    }
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(template, full)


def _fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template: str, context: dict, *, code: str) -> tuple[str, bytes]:
    """The rendered HTML (for checks and previews) and the PDF bytes."""
    html = render_html(template, context, code=code)
    return html, html_to_pdf(html)

"""Pledge certificates: issued through the documents app, verifiable at /verify/<code>/ with
only the name and agency shown (plus kind, issuer, date and status)."""

import datetime as dt

import pytest
from django.urls import reverse

from netra.documents import pdf
from netra.documents.choices import DocumentKind
from netra.documents.services import document_open
from netra.prevention.services.pledges import (
    CERTIFICATE_TEMPLATE,
    campaign_create,
    certificate_context,
)
from netra.prevention.tests.fixtures import pledge_with_proof

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(prevention_media):
    return prevention_media


@pytest.fixture
def pledge(prevention_world, django_capture_on_commit_callbacks):
    w = prevention_world
    campaign = campaign_create(
        actor=w["hr"],
        agency=w["agency"],
        election=w["election"],
        template=w["template"],
        title="Ikrar netralitas ASN Kabupaten Bogor",
        starts_on=w["today"],
        ends_on=w["today"] + dt.timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        return pledge_with_proof(
            campaign=campaign, person=w["people"]["teacher1"], identity_check="birth_date"
        ).pledge


def test_certificate_is_a_stored_pdf_with_exactly_name_and_agency_public(pledge):
    document = pledge.certificate
    assert document.kind == DocumentKind.PLEDGE_CERTIFICATE
    assert document.public_fields == {
        "name": pledge.person.name,
        "agency": pledge.campaign.agency.name,
    }
    assert document.subject_ref == f"prevention.pledge:{pledge.public_id}"
    assert document_open(actor=None, document=document).startswith(b"%PDF")


def test_certificate_text_numbered_points_masked_nip_and_verification(pledge):
    html = pdf.render_html(CERTIFICATE_TEMPLATE, certificate_context(pledge), code="VRF-TEST")
    person = pledge.person
    assert person.name in html
    assert person.nip not in html
    assert "*" * 14 + person.nip[-4:] in html
    assert pledge.campaign.agency.name in html
    assert pledge.campaign.title in html
    # The election of the campaign by its name; never the pledge text's internal code
    assert f"Pemilihan</td><td>: {pledge.campaign.election.name_id}" in html
    assert pledge.template.code not in html and f"v{pledge.template.version}" not in html
    assert html.count("<li>") == len(pledge.template.points)
    for point in pledge.template.points:
        assert point["id"] in html
    assert "VRF-TEST" in html
    assert "data:image/svg+xml;base64," in html  # the QR code


@pytest.mark.parametrize("template_key", ["template", "regional_template"])
def test_certificate_fits_on_one_page_and_says_what_the_verify_page_shows(
    pledge, prevention_world, template_key
):
    from weasyprint import HTML

    # The longest text we hold (Sarolangun's five points) still leaves room for the QR block.
    pledge.template = prevention_world[template_key]
    long = "Apel dan Ikrar Netralitas Aparatur Sipil Negara Sekretariat Daerah Kabupaten"
    context = {
        **certificate_context(pledge),
        # the longest facts a certificate shows: a collective pledge at a long-named apel
        "method": "collective",
        "activity_title": long,
        "campaign_title": long,
        "unit_name": "Dinas Pendidikan dan Kebudayaan Kabupaten",
        "title": "Sertifikat Ikrar Netralitas ASN",
        "issuer": pledge.campaign.agency.name,
        "issued_on": pledge.pledged_at.date(),
    }
    html = pdf.render_html(CERTIFICATE_TEMPLATE, context, code="VRF-TEST-TEST-0")
    assert len(HTML(string=html).render().pages) == 1
    assert "menunjukkan nama, instansi" in html
    assert "hanya menunjukkan jenis" not in html


def test_verify_page_valid(pledge, client):
    code = pledge.certificate.code
    response = client.get(reverse("documents:verify_code", kwargs={"code": code}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Asli dan berlaku" in body
    assert pledge.person.name in body and pledge.campaign.agency.name in body
    # Nothing else personal: no NIP (not even masked), unit, birth date or campaign.
    assert pledge.person.nip not in body and pledge.person.nip[-4:] not in body
    assert pledge.person.unit.name not in body
    assert pledge.campaign.title not in body


def _tamper(code: str) -> str:
    last = code[-1]
    return code[:-1] + ("X" if last != "X" else "Y")


def test_verify_page_tampered_and_unknown_codes(pledge, client):
    code = pledge.certificate.code
    tampered = client.get(reverse("documents:verify_code", kwargs={"code": _tamper(code)}))
    assert tampered.status_code == 400
    assert pledge.person.name not in tampered.content.decode()
    from netra.documents.codes import code_new

    unknown = code_new()
    assert unknown != code
    missing = client.get(reverse("documents:verify_code", kwargs={"code": unknown}))
    assert missing.status_code == 404
    assert "Tidak ada dokumen dengan kode ini" in missing.content.decode()


def test_staff_download_the_certificate_again_audited(pledge, prevention_world, staff_client):
    from netra.audit.models import AuditEvent

    w = prevention_world
    campaign = pledge.campaign
    url = reverse(
        "prevention:campaign-pledge-certificate", args=[campaign.public_id, pledge.public_id]
    )
    detail = staff_client(w["hr"]).get(
        reverse("prevention:campaign-detail", args=[campaign.public_id])
    )
    assert url in detail.content.decode()
    response = staff_client(w["hr"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "no-store"
    opened = AuditEvent.objects.filter(action="documents.document_opened").last()
    assert opened.actor_id == w["hr"].pk
    # Another agency's HR and an unknown pledge: 404
    assert staff_client(w["other_hr"]).get(url).status_code == 404
    other = reverse(
        "prevention:campaign-pledge-certificate", args=[campaign.public_id, campaign.public_id]
    )
    assert staff_client(w["hr"]).get(other).status_code == 404

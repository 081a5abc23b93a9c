"""The public page "Aturan netralitas ASN" in Indonesian and English."""

import pytest

pytestmark = pytest.mark.django_db


def test_catalog_in_indonesian(client, rules_loaded):
    response = client.get("/aturan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Aturan netralitas ASN</h1>" in html
    assert "Menjadi anggota atau pengurus partai politik" in html  # act label_id
    assert "Pemutusan hubungan perjanjian kerja tidak dengan hormat" in html  # PPPK sanction
    assert "<caption>" in html and 'href="/aturan/SKB2022-D8/"' in html
    assert "<script>" not in html and "style=" not in html  # CSP: no inline code


def test_catalog_in_english_by_header(client, rules_loaded):
    html = client.get("/aturan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>ASN neutrality rules</h1>" in html
    assert "Party membership or party office" in html  # act label_en
    assert "Termination of the work agreement without honour" in html
    assert "Menjadi anggota atau pengurus partai politik" not in html


def test_catalog_in_english_by_cookie(client, rules_loaded):
    client.cookies["netra_language"] = "en"
    html = client.get("/aturan/").content.decode()
    assert "ASN neutrality rules" in html
    assert "Prohibited acts" in html


def test_form_detail_page(client, rules_loaded):
    html = client.get("/aturan/SKB2022-D8/").content.decode()
    # The reader sees how the form is cited, never its code nor where the data came from.
    assert "<h1>SKB 2022 butir D8</h1>" in html
    assert ">SKB2022-D8<" not in html and "Infosemarang" not in html and "DOMAIN" not in html
    english = client.get("/aturan/SKB2022-D8/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Holding activities that show partisanship" in english
    assert "<h1>SKB 2022 item D8</h1>" in english


def test_unknown_form_is_404(client, rules_loaded):
    assert client.get("/aturan/SKB2022-D99/").status_code == 404


def test_empty_catalog_still_renders(client, db):
    assert client.get("/aturan/").status_code == 200

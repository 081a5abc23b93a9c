"""The public guide (/aturan/panduan/), its per-act pages and the how-to-report page."""

import re

import pytest
from django.urls import resolve, reverse

from netra.rules.models import ProhibitedAct, Sanction, ViolationForm

pytestmark = pytest.mark.django_db


def _act_items(html: str) -> dict[str, str]:
    """The guide's <li id="<slug>"> blocks, by slug (each runs to the next one)."""
    section = html.split('id="tidak-boleh"', 1)[1].split("</section>", 1)[0]
    blocks = section.split('<li id="')[1:]
    return dict(block.split('">', 1) for block in blocks)


def test_guide_lists_every_act_with_its_rule_and_a_sanction_from_the_catalog(client, rules_loaded):
    response = client.get(reverse("rules:guide"))
    assert response.status_code == 200
    html = response.content.decode()
    items = _act_items(html)
    slugs = list(ProhibitedAct.objects.exclude(verdict="allowed").values_list("slug", flat=True))
    assert len(slugs) == 15 and set(items) == set(slugs)
    sanction_labels = set(Sanction.objects.values_list("label_id", flat=True))
    for slug, block in items.items():
        codes = re.findall(r'href="/aturan/((?:SKB2022|PP94)-[A-Z0-9]+)/"', block)
        assert codes, f"{slug}: no link to its rule"
        for code in codes:
            assert client.get(f"/aturan/{code}/").status_code == 200
        shown = set(re.findall(r"<li>([^<]+)</li>", block))
        assert shown & sanction_labels, f"{slug}: no sanction from the catalog"
        assert f'href="/aturan/panduan/{slug}/"' in block


def test_guide_reads_the_catalog_not_the_template(client, rules_loaded):
    """A changed sanction label in the catalog shows up on the page."""
    sanction = Sanction.objects.get(code="MORAL_OPEN_STATEMENT")
    sanction.label_id = "Pernyataan terbuka (label uji)"
    sanction.save()
    html = client.get("/aturan/panduan/").content.decode()
    assert "Pernyataan terbuka (label uji)" in html


def test_guide_shows_seed_examples_and_what_is_allowed(client, rules_loaded):
    html = client.get("/aturan/panduan/").content.decode()
    assert "Guru membuat alat peraga kampanye di sekolah" in html  # seed 003
    assert "memperagakan jari sesuai nomor urutnya" in html  # seed 001
    assert "Memberikan suara di bilik suara" in html  # seed 004
    assert 'href="/aturan/cek-diri/"' in html and 'href="/aturan/cara-melapor/"' in html
    assert "<script>" not in html and "style=" not in html


def test_guide_in_english(client, rules_loaded):
    html = client.get("/aturan/panduan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Party membership or party office" in html
    assert "A teacher making campaign props at school" in html
    assert "Casting one's vote in the polling booth" in html.replace("&#x27;", "'")
    assert "Memberikan suara di bilik suara" not in html


def test_guide_act_page_shows_each_employee_type(client, rules_loaded):
    response = client.get("/aturan/panduan/party-membership/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/aturan/SKB2022-D5/"' in html
    assert "Pemberhentian tidak dengan hormat (PTDH)" in html  # PNS
    assert "Pemutusan hubungan perjanjian kerja tidak dengan hormat" in html  # PPPK
    assert "Pemutusan hubungan kerja (PHK) sesuai perjanjian kerja" in html  # non-ASN
    assert 'href="/aturan/cek-diri/?perbuatan=party-membership"' in html


def test_unknown_guide_act_is_404(client, rules_loaded):
    assert client.get("/aturan/panduan/no-such-act/").status_code == 404


def test_fixed_pages_come_before_the_form_page_and_no_code_collides(rules_loaded):
    fixed = {"panduan": "rules:guide", "cek-diri": "rules:self-check"}
    fixed["cara-melapor"] = "rules:how-to-report"
    for slug, name in fixed.items():
        assert resolve(f"/aturan/{slug}/").view_name == name
    codes = set(ViolationForm.objects.values_list("code", flat=True))
    assert codes and not codes & set(fixed)


def test_catalog_and_home_link_the_new_pages(client, rules_loaded):
    for url in ("/aturan/", "/"):
        html = client.get(url).content.decode()
        for target in ("/aturan/panduan/", "/aturan/cek-diri/", "/aturan/cara-melapor/"):
            assert f'href="{target}"' in html, (url, target)


def test_how_to_report_page(client, db):
    response = client.get("/aturan/cara-melapor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("intake:report")}"' in html
    assert f'href="{reverse("intake:status")}"' in html
    assert "anonim" in html and "NIP" in html and "nomor laporan" in html
    assert not response.cookies  # public page: no cookie
    english = client.get("/aturan/cara-melapor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "anonymously" in english


def test_guide_asks_each_sanction_combination_once(
    client, rules_loaded, django_assert_max_num_queries
):
    # 15 acts x 2 phases x 3 employee types share a handful of level combinations: the page must
    # not query the catalog per act (it did: 185 queries).
    with django_assert_max_num_queries(40):
        assert client.get(reverse("rules:guide")).status_code == 200

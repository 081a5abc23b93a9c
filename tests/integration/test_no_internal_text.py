"""Nothing internal reaches a reader (issue #10 §5).

The demo is built once for the module. Then, for the public and for every demo role, in
Indonesian and in English (switched with the language cookie, as the site's switch does), every
page reachable from the navigation is crawled breadth-first from the landing page with Django's
test client (GET only, same site, HTML only, at most `PER_ROUTE` URLs per URL pattern), and the
visible text of each page is checked by the detectors of `internal_text`: codes, slugs, raw enum
values, Python literals, ISO dates, English words on Indonesian pages (and the reverse), notes
about sources. A page that answers 500 fails too.

The detectors are unit-tested first on small snippets, so the crawl cannot pass by checking
nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import models, transaction
from django.test import Client, TestCase
from django.urls import Resolver404, resolve

from tests.integration.internal_text import Detectors, visible_chunks

LANGUAGES = ("id", "en")
ROLES = ("public", "admin", "bawaslu.bogor", "satgas.bkn", "bkpsdm.bogor", "ppk.bogor", "auditor")
PER_ROUTE = 2  # URLs crawled per URL pattern (query strings included)
MAX_PAGES = 150  # per role and language; the crawl stops there
SKIP_PREFIXES = ("/admin/", "/api/", "/i18n/", "/bahasa/", "/static/", "/media/")

# Findings allowed while their fix is pending (none now). Keyed by URL pattern and the exact
# offending text (the whole text node, so the same word elsewhere on the page still fails); never
# a whole page or a whole detector. Remove an entry when its fix lands.
KNOWN_PENDING: set[tuple[str, str]] = set()


# --- the detectors prove they fire -------------------------------------------------------------


def _check(html: str, lang: str = "id", **data) -> list[str]:
    return [f.detector for f in Detectors(**data).check_html(html, lang)]


def test_visible_text_skips_scripts_styles_comments_and_attributes():
    html = (
        '<html lang="id"><head><title>Judul</title><style>.x{}</style></head><body>'
        "<!-- TODO catatan --><script>var x = None;</script>"
        '<a href="/pilkada-2024/" data-x="PNS_PP94">Tautan</a>'
        '<input type="date" value="2024-11-27"><select><option value="x">Pilihan</option></select>'
        '<img alt="Gambar" src="/a.png"><input type="submit" value="Kirim">'
        '<button aria-label="Tutup">x</button><input placeholder="Nama"></body></html>'
    )
    texts = [c.text for c in visible_chunks(html)]
    assert texts == ["Judul", "Tautan", "Pilihan", "Gambar", "Kirim", "Tutup", "x", "Nama"]
    assert _check(html, slugs=["pilkada-2024"]) == []


@pytest.mark.parametrize(
    ("html", "data", "detector"),
    [
        ("<p>Sanksi PNS_PP94_DEMOTION_12M</p>", {}, "code"),
        ("<p>Bentuk F7</p>", {"codes": ["F7"]}, "data code"),
        ("<p>Pemilihan pilkada-2024 serentak</p>", {"slugs": ["pilkada-2024"]}, "slug"),
        (
            "<td>recommendation_to_ppk</td>",
            {"enum_values": ["recommendation_to_ppk"]},
            "enum value",
        ),
        ("<td>None</td>", {}, "literal"),
        ("<td>False</td>", {}, "literal"),
        ("<option>---------</option>", {}, "literal"),
        ("<td>[]</td>", {}, "literal"),
        ("<td>{}</td>", {}, "literal"),
        ("<p>Batas %(days)s hari kerja</p>", {}, "literal"),
        ("<p>Tanggal 2024-11-27</p>", {}, "ISO date"),
        ("<p>Dibuat 2024-11-27 10:15</p>", {}, "ISO date"),
        ("<p>Lihat DOMAIN.md</p>", {}, "developer note"),
        ("<p>Pasal belum dikonfirmasi</p>", {}, "developer note"),
        ("<p>UNCONFIRMED</p>", {}, "developer note"),
        ("<p>sumber: domain</p>", {}, "developer note"),
        ("<p>TODO isi nanti</p>", {}, "developer note"),
        ("<p>dari seeds</p>", {}, "developer note"),
        ("<p>lihat rules/data/acts.toml</p>", {}, "developer note"),
        ('<input placeholder="Search">', {}, "English on an Indonesian page"),
        ("<button>Submit</button>", {}, "English on an Indonesian page"),
        ("<li>This field is required.</li>", {}, "English on an Indonesian page"),
        ("<p>Page 1 of 3</p>", {}, "English on an Indonesian page"),
        ("<p>Yes / No</p>", {}, "English on an Indonesian page"),
    ],
)
def test_each_detector_fires(html, data, detector):
    assert detector in _check(html, **data)


@pytest.mark.parametrize(
    "html",
    [
        "<button>Simpan</button>",
        "<td>Cari dan unduh</td>",
        "<p>Unduh laporan</p>",
        "<p>Kasus kembali</p>",
        "<p>Halaman 1 dari 3</p>",
    ],
)
def test_indonesian_words_on_an_english_page_fire(html):
    assert "Indonesian on an English page" in _check(html, "en")


@pytest.mark.parametrize(
    ("html", "lang"),
    [
        ("<p>PP No. 94 Tahun 2021</p>", "id"),  # "No." is nomor
        ('<p>Bahasa Indonesia</p><button lang="en">English</button>', "id"),
        ('<p>Report of <span lang="id">Kepala Dinas dan Staf</span></p>', "en"),
        ("<p>Email</p><p>PDF</p><p>QR</p>", "id"),
        ('<input type="date" value="2024-11-27">', "id"),
        ("<p>Nomor 0001/2024-11</p>", "id"),
        ("<p>Status: Hasil impor terakhir daftar-hadir.csv</p>", "id"),
    ],
)
def test_what_is_fine_passes(html, lang):
    assert _check(html, lang) == []


def test_words_written_by_people_are_not_taken_for_translation_bugs():
    # A report text (free text in one language) shown on an English page is data, not a label.
    html = "<p>Camat hadir dan berfoto dengan calon</p>"
    assert "Indonesian on an English page" in _check(html, "en")
    assert _check(html, "en", free_text=["Camat hadir dan berfoto dengan calon"]) == []


# --- building the demo once ---------------------------------------------------------------------


def _enum_values() -> set[str]:
    import netra

    values: set[str] = set()
    for info in pkgutil.iter_modules(netra.__path__):
        try:
            module = importlib.import_module(f"netra.{info.name}.choices")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, models.TextChoices):
                if obj is models.TextChoices:
                    continue
                for value in obj.values:
                    # Single plain words ("study", "kota") may be real words; codes have _ or .
                    if any(sep in value for sep in "_."):
                        values.add(value)
    return values


# Fields that hold labels copied in one language (a snapshot), not words people wrote: a page
# must show them in its own language, so they are not exempt.
NOT_FREE_TEXT = {"cases.Case.classification"}


def _strings(value) -> list[str]:
    """The sentences in a field's value (JSON included): words people wrote."""
    if isinstance(value, str):
        return [value] if " " in value.strip() else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _data_lists() -> dict[str, set[str]]:
    from django.apps import apps

    from netra.elections.models import Election
    from netra.rules.models import ActFormMapping, ProhibitedAct, Sanction, ViolationForm

    codes = set(Sanction.objects.values_list("code", flat=True))
    codes |= set(ViolationForm.objects.values_list("code", flat=True))
    codes |= set(ActFormMapping.objects.exclude(form_code="").values_list("form_code", flat=True))
    slugs = set(Election.objects.values_list("slug", flat=True))
    slugs |= set(ProhibitedAct.objects.values_list("slug", flat=True))
    # Text in one language only (names, what reporters and officers wrote, legal titles
    # without a translation); a field with an `_en` sibling is a label and is checked.
    free_text: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("netra."):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        wanted = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
            and f"{f.name}_en" not in names
            and f"{f.name.removesuffix('_id')}_en" not in names
            and not f.name.endswith("_en")
            and f"{model._meta.label}.{f.name}" not in NOT_FREE_TEXT
        ]
        if wanted:
            for row in model.objects.values_list(*wanted)[:5000]:
                for value in row:
                    free_text.update(_strings(value))
    return {
        "codes": {c for c in codes if c and len(c) >= 3},
        "slugs": {s for s in slugs if s and "-" in s},
        "enum_values": _enum_values(),
        "free_text": free_text,
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The `netra demo` data, built once for this module inside a transaction rolled back at
    the end (the other modules never see it)."""
    from django.core.management import call_command

    from netra.regions.services import regions_load_reference
    from netra.regions.tests.fixtures import SAMPLE_PROVINCES

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                regions_load_reference(provinces=SAMPLE_PROVINCES, include_villages=False)
                call_command("demo", "--if-empty", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield Detectors(**_data_lists())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the crawl ----------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") and "download" not in attrs:
            self.links.append(attrs["href"])


def _client(role: str, lang: str) -> Client:
    from netra.accounts.models import User
    from netra.accounts.tests.fixtures import verified_login

    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if role != "public":
        verified_login(client, User.objects.get(username=role))
    return client


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.url_name else match.route


def _crawl(client: Client, start: str, detectors: Detectors, lang: str):
    seen_urls: set[str] = set()
    per_route: dict[str, int] = {}
    queue = deque([start])
    pages: dict[str, str] = {}
    problems: list[str] = []
    logout = "/akun/keluar/"
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        path = urlsplit(url).path
        if path.startswith(SKIP_PREFIXES) or path.startswith(logout):
            continue
        route = _route(path)
        if route is None or per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url} ({route}) answered {response.status_code}")
            continue
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode(response.charset or "utf-8", errors="replace")
        pages[url] = route
        if f'<html lang="{lang}"' not in html:
            problems.append(f"{url} ({route}) is not marked lang={lang}")
        for finding in detectors.check_html(html, lang):
            if (route, finding.chunk) in KNOWN_PENDING:
                continue
            problems.append(f"{url} ({route}): {finding}")
        links = _Links()
        links.feed(html)
        for href in links.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in ("http", "") or parts.netloc not in ("", "testserver"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, problems


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_no_internal_text_on_any_page(demo, role, lang):
    client = _client(role, lang)
    start = "/" if role == "public" else "/kerja/"
    pages, problems = _crawl(client, start, demo, lang)
    assert len(pages) >= (3 if role == "public" else 5), f"crawled too little: {sorted(pages)}"
    assert not problems, f"{role}, {lang}: {len(problems)} problem(s)\n" + "\n".join(problems)

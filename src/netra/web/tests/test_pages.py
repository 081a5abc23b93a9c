"""Home, workspace, error pages, language switch and the date filter."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import include, path
from django.utils import translation

from netra.web.templatetags.netra_format import format_date, tanggal

pytestmark = pytest.mark.django_db


def test_home_is_indonesian_with_links_and_skip_link(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert 'href="/aturan/"' in html and 'href="/akun/masuk/"' in html
    # Everything a member of the public or an ASN can do without an account is one tap away
    for url in ("/lapor/", "/lapor/status/", "/ikrar/", "/cakupan/", "/statistik/", "/verify/"):
        assert f'href="{url}"' in html
    assert "Beranda" in html


def test_home_has_one_primary_action_and_three_main_tasks(client):
    html = client.get("/").content.decode()
    assert html.count("btn-primary") == 1
    assert 'id="report-action" href="/lapor/">Laporkan pelanggaran</a>' in html
    assert html.count('<li class="task">') == 3


def test_home_sets_no_cookie_on_plain_get(client):
    response = Client().get("/")
    assert response.cookies == {}
    assert "Set-Cookie" not in response


def test_home_page_is_light(client):
    # The public layout loads no CSS framework (DESIGN.md §10: < 200 KB per page)
    html = client.get("/").content.decode()
    assert "bootstrap" not in html
    assert len(html.encode()) < 20_000


def test_no_inline_script_or_style_in_layouts(client, make_staff, staff_client):
    pages = [client.get("/").content.decode()]
    pages.append(staff_client(make_staff()).get("/kerja/").content.decode())
    for html in pages:
        assert "<script>" not in html and "<style" not in html and " style=" not in html
    # Scripts only where a page uses them: the home page needs none, the workspace its menus
    assert "<script" not in pages[0]
    assert "bootstrap.bundle.min.js" in pages[1] and "htmx" not in pages[1].split("</head>")[1]


def test_language_switch_sets_cookie_and_html_lang_follows(client):
    response = client.post("/bahasa/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["netra_language"].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Home" in html and "Beranda" not in html
    client.post("/bahasa/", {"language": "id", "next": "/"})
    assert '<html lang="id">' in client.get("/").content.decode()


def test_language_switch_rejects_get_and_offsite_next(client):
    assert client.get("/bahasa/").status_code == 405
    response = client.post("/bahasa/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_language_switch_form_is_on_public_pages(client):
    html = client.get("/").content.decode()
    assert 'action="/bahasa/" method="post"' in html
    assert 'name="language" value="en" lang="en"' in html


def test_workspace_shows_scope_and_queue(make_staff, staff_client):
    from netra.accounts.tests.helpers import region

    jabar = region("32", "Jawa Barat")
    user = make_staff(region=jabar, username="officer")
    html = staff_client(user).get("/kerja/").content.decode()
    assert "Antrean" in html
    assert "Petugas Bawaslu" in html and "Jawa Barat" in html
    assert 'action="/akun/keluar/"' in html and 'method="post"' in html


def test_404_is_friendly_and_translated(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    client.post("/bahasa/", {"language": "en", "next": "/"})
    assert "Page not found" in client.get("/tidak-ada/").content.decode()


def _boom(request):
    raise RuntimeError("secret stack detail")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad")


def _denied(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("bad/", _bad),
    path("denied/", _denied),
    path("", include("netra.urls")),
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_error_pages_have_no_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html and "secret stack detail" not in html
    assert "Traceback" not in html
    assert "Permintaan tidak valid" in client.get("/bad/").content.decode()
    response = client.get("/denied/")
    assert response.status_code == 403 and "Akses ditolak" in response.content.decode()


def test_tanggal_filter_in_both_languages():
    day = dt.date(2024, 11, 27)
    with translation.override("id"):
        assert tanggal(day) == "27 November 2024"
        assert tanggal(dt.date(2024, 2, 14)) == "14 Februari 2024"
    with translation.override("en"):
        assert tanggal(dt.date(2024, 8, 17)) == "17 August 2024"
    assert format_date(dt.date(2024, 8, 17), "id") == "17 Agustus 2024"
    assert tanggal(None) == "" and tanggal("2024-11-27") == ""


def test_tanggal_uses_local_time_for_aware_datetimes():
    # 20:00 UTC on the 26th is 03:00 WIB on the 27th
    moment = dt.datetime(2024, 11, 26, 20, 0, tzinfo=dt.UTC)
    with translation.override("id"):
        assert tanggal(moment) == "27 November 2024"

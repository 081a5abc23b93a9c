"""`netra regions load|show|search`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from netra.regions.models import Region


def run(*args) -> str:
    out = StringIO()
    # Messages in the default language, whatever an earlier request left active.
    with translation.override("id"):
        call_command("regions", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_provinces_without_villages_then_nothing_changes():
    out = json.loads(run("load", "--provinces", "15,64", "--no-villages", "--json"))
    assert out["levels"]["province"]["created"] == 2
    assert not Region.objects.filter(level=4).exists()
    assert "nothing changed" in run("load", "--provinces", "15,64", "--no-villages")


@pytest.mark.django_db
@pytest.mark.parametrize("provinces", ["99", "32.01", ",", "abc"])
def test_load_bad_provinces_exits_1(provinces):
    with pytest.raises(CommandError) as exc:
        run("load", "--provinces", provinces)
    assert exc.value.returncode == 1
    assert not Region.objects.exists()


def test_show_by_code_variants(regions_sample):
    text = run("show", " 32-01 ")
    assert "32.01  Kabupaten Bogor" in text and "32 Jawa Barat" in text
    data = json.loads(run("show", "320101", "--json"))
    assert data["code"] == "32.01.01"
    assert [a["code"] for a in data["ancestors"]] == ["32", "32.01"]


@pytest.mark.parametrize(("code", "message"), [("3299", "tidak ditemukan"), ("abc", "tidak valid")])
def test_show_bad_code_exits_1_with_message(regions_sample, code, message):
    with pytest.raises(CommandError) as exc:
        run("show", code)
    assert exc.value.returncode == 1
    assert message in str(exc.value)


def test_search(regions_sample):
    data = json.loads(run("search", "Bogor", "--level", "regency", "--json"))
    assert [r["code"] for r in data] == ["32.01", "32.71"]
    assert "Kota Bogor" in run("search", "kota bogor")
    assert "Tidak ada" in run("search", "zzzz")


def test_search_bad_input(regions_sample):
    with pytest.raises(CommandError) as exc:
        run("search", "   ")
    assert exc.value.returncode == 1
    with pytest.raises(CommandError):
        run("search", "Bogor", "--level", "planet")

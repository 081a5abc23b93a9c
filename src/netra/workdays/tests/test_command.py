"""`netra workdays add|between|holidays`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation


def run(*args) -> str:
    out = StringIO()
    # Messages in the default language, whatever an earlier request left active.
    with translation.override("id"):
        call_command("workdays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2024-04-05", "1", "2024-04-16"),
        ("2024-04-16", "-1", "2024-04-05"),
        ("2024-12-24", "4", "2025-01-02"),
        ("2024-04-10", "0", "2024-04-10"),
    ],
)
def test_add_prints_only_the_date(start, n, due):
    assert run("add", start, n) == f"{due}\n"


def test_add_json_and_region(regions_sample, holiday_override):
    holiday_override(dt.date(2024, 3, 20), region="32")
    data = json.loads(run("add", "2024-03-19", "1", "--region", "3201", "--json"))
    assert data == {"start": "2024-03-19", "days": 1, "region": "32.01", "due": "2024-03-21"}
    assert run("add", "2024-03-19", "1", "--region", "35") == "2024-03-20\n"


@pytest.mark.django_db
def test_between():
    assert run("between", "2024-04-05", "2024-04-16") == "1\n"
    data = json.loads(run("between", "2024-04-16", "2024-04-05", "--json"))
    assert data["working_days"] == -1


@pytest.mark.django_db
def test_holidays_lists_indonesian_names():
    text = run("holidays", "2024")
    assert "2024-04-10  Hari Raya Idul Fitri" in text
    assert "2024-04-08  Cuti Bersama Hari Raya Idul Fitri" in text
    assert "2024-04-13" not in text  # plain Saturday
    data = json.loads(run("holidays", "2020", "--json"))
    assert {"date": "2020-12-09", "name": "Hari Pemilihan Kepala Daerah"} in data["days"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2024-13-01", "1"), "Tanggal"),
        (("add", "05/04/2024", "1"), "YYYY-MM-DD"),
        (("add", "2024-04-05", "x"), "bilangan bulat"),
        (("add", "2024-04-05", "1.5"), "bilangan bulat"),
        (("add", "2024-04-05", "999999"), "paling banyak"),
        (("add", "2024-04-05", "1", "--region", "3299"), "tidak ditemukan"),
        (("add", "2024-04-05", "1", "--region", "abc"), "tidak valid"),
        (("between", "2024-04-05", "kemarin"), "Tanggal"),
        (("holidays", "20x4"), "Tahun"),
        (("holidays", "3000"), "Tahun"),
    ],
)
def test_bad_input_exits_1_with_a_message(regions_sample, args, message):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 1
    assert message in str(exc.value)

"""`netra registry resolve`: one query, a file of queries, and bad files."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(regions_sample):
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory, WorkUnitFactory

    bogor = AgencyFactory(
        code="3201", name="Pemerintah Kabupaten Bogor", region=Region.objects.get(code="32.01")
    )
    school = WorkUnitFactory(agency=bogor, name="SD Negeri 3 Cibinong")
    return {
        "teguh": PersonFactory(
            name="Mochammad Teguh Fauzi, S.Pd.I", agency=bogor, unit=school, region=bogor.region
        ),
        "joko": PersonFactory(name="Joko Suprapto", agency=bogor, region=bogor.region),
    }


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("registry", "resolve", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_query_as_json(people):
    out, _ = run("Muhamad Teguh Fauzy", "--agency", "SDN 3 Cibinong", "--region", "3201", "--json")
    data = json.loads(out)
    assert data["query"] == "Muhamad Teguh Fauzy" and data["region"] == "32.01"
    assert data["confident"] is True
    best = data["candidates"][0]
    assert best["nip"] == people["teguh"].nip and best["name"] == people["teguh"].name
    assert best["score"] > 40
    codes = [r["code"] for r in best["reasons"]]
    assert codes[0] == "name_variant" and "same_unit" in codes
    assert all(r["label"] for r in best["reasons"])


def test_one_query_in_words(people):
    out, _ = run("Djoko Soeprapto")
    assert people["joko"].name in out and "1." in out


def test_a_file_of_queries_gives_one_json_line_each(people, tmp_path):
    queries = tmp_path / "queries.csv"
    queries.write_text(
        "query;agency;region\nFauzi Teguh;;\nDjoko Soeprapto;SD Negeri 3 Cibinong;32.01\n"
        "Zzyzx Qwerty;;\n",
        encoding="utf-8",
    )
    out, _ = run("--file", str(queries), "--json", "--timing")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["Fauzi Teguh", "Djoko Soeprapto", "Zzyzx Qwerty"]
    assert lines[0]["candidates"][0]["nip"] == people["teguh"].nip
    assert lines[1]["candidates"][0]["nip"] == people["joko"].nip
    assert lines[2]["candidates"] == [] and lines[2]["confident"] is False
    assert all(line["ms"] >= 0 for line in lines)


def test_bad_rows_are_reported_and_the_rest_resolved(people, tmp_path):
    queries = tmp_path / "queries.csv"
    queries.write_text("nama,wilayah\nJoko Suprapto,abc\n,\nFauzi Teguh,\n , 32.01\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "registry", "resolve", "--file", str(queries), "--json", stdout=out, stderr=err
        )
    assert raised.value.returncode == 1
    assert str(raised.value).startswith("2 ")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line.get("line") for line in lines] == [2, None, 5]
    assert "abc" in lines[0]["error"]
    assert lines[1]["candidates"][0]["nip"] == people["teguh"].nip
    assert "Baris 2" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "tidak ditemukan"),
        (b"", "kosong"),
        (b"name_of_person,agency\nJoko,\n", "Kolom query"),
        (b"query\n\xff\xfeJ\x00o\x00", "UTF-8"),
    ],
)
def test_bad_files_give_a_clear_message_and_exit_code(tmp_path, content, message):
    path = tmp_path / "queries.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        run("--file", str(path))
    assert raised.value.returncode == 1
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("Joko", "--file", "x.csv"),
        ("Joko", "--limit", "0"),
        ("Joko", "--region", "not-a-region"),
    ],
)
def test_bad_arguments_exit_2(args):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2


def test_the_console_script_prints_no_traceback(tmp_path):
    path = tmp_path / "queries.csv"
    path.write_text("who\nJoko\n")
    netra = os.path.join(os.path.dirname(sys.executable), "netra")
    done = subprocess.run(  # noqa: S603 (our own console script, fixed arguments)
        [netra, "registry", "resolve", "--file", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "query" in done.stderr

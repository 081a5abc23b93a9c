"""The set-based import's unchanged rows (`Person.import_digest`): skipped without any work,
yet the result is the batched path's, also when the file has duplicates, the person was edited
since, or a row has a warning. And cells the staging COPY must escape."""

import csv

import pytest
from django.db import connection

from netra.registry import import_pg, importer
from netra.registry.models import Person, PersonNameKey
from netra.registry.services import registry_import
from netra.registry.tests.test_import_national import _run_both, generated, report_lines

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"
    ),
]


def _keys():
    return sorted(PersonNameKey.objects.values_list("key", "person_id"))


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_unchanged_rows_are_skipped_without_validation_or_writes(
    regions_sample, tmp_path, monkeypatch
):
    # Given a generated file (with bad rows and rows with warnings) imported once
    path = tmp_path / "gen.csv"
    generated(path, people=200, seed=21)
    first = registry_import(actor=None, path=path, errors_out=tmp_path / "first.csv")
    clean = Person.objects.exclude(import_digest="").count()
    assert 0 < clean <= first.created
    stamps = dict(Person.objects.values_list("nip", "updated_at"))
    keys = _keys()
    # When the same file is imported again, counting the rows the validator sees
    seen = []
    validate = importer.RowValidator.validate

    def counting(self, line, raw):
        seen.append(line)
        return validate(self, line, raw)

    monkeypatch.setattr(importer.RowValidator, "validate", counting)
    again = registry_import(actor=None, path=path, errors_out=tmp_path / "again.csv")
    # Then nothing is written, the clean rows are never validated, and the report is the same
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert again.rejected == first.rejected and again.warnings == first.warnings
    assert len(seen) <= first.rows_read - clean
    assert dict(Person.objects.values_list("nip", "updated_at")) == stamps
    assert _keys() == keys
    assert report_lines(again.report_path) == report_lines(first.report_path)


def test_a_person_edited_since_is_put_back_by_the_same_file(regions_sample, tmp_path):
    path = tmp_path / "gen.csv"
    generated(path, people=80, seed=22)
    registry_import(actor=None, path=path)
    person = Person.objects.exclude(import_digest="").exclude(position="").first()
    written = person.position
    person.position = "Diubah Di Aplikasi"
    person.save()
    # The values half of the digest no longer matches: the row is validated and written again
    results = _run_both(path, tmp_path)
    assert results[True][:3] == results[False][:3]
    summary = registry_import(actor=None, path=path)
    assert summary.updated == 1
    person.refresh_from_db()
    assert person.position == written


def test_duplicates_of_unchanged_rows_are_refused_as_in_the_batched_path(regions_sample, tmp_path):
    # Given a file imported once
    path = tmp_path / "gen.csv"
    generated(path, people=60, seed=23)
    registry_import(actor=None, path=path)
    lines = _lines(path)
    header, rows = lines[0], lines[1:]
    columns = next(csv.reader([header]))
    clean = set(Person.objects.exclude(import_digest="").values_list("nip", flat=True))
    unchanged = [r for r in rows if next(csv.reader([r]))[0] in clean]
    first, second = unchanged[0], unchanged[1]

    def renamed(row, name):
        cells = next(csv.reader([row]))
        cells[columns.index("name")] = name
        return ",".join(f'"{c}"' for c in cells)

    # When the file gets a later row with the NIP of an unchanged row (refused), and an earlier
    # row with the NIP of another unchanged row (which then is the duplicate, and the new row
    # wins)
    _write(path, [header, renamed(second, "Nama Lebih Dulu"), *rows, renamed(first, "Nama Baru")])
    # Then both paths give the same counts, report and people
    results = _run_both(path, tmp_path)
    assert results[True][:3] == results[False][:3]
    assert results[True][0]["updated"] == 1
    messages = [line for line in results[True][1] if "NIP" in line[-1]]
    assert len(messages) >= 2


def test_cells_with_tabs_backslashes_and_line_breaks_are_staged_as_written(
    regions_sample, tmp_path
):
    path = tmp_path / "odd.csv"
    path.write_text(
        "nip,name,employee_type,position\n"
        '198001012006042003,Rina Wulandari,PNS,"Guru\\Kelas"\n'
        '198001022006042003,"Rini\tWulandari",PNS,"Guru\nKelas 2"\n'
        "198001032006042003,Rani \\N Wulandari,PNS,\\.\n",
        encoding="utf-8",
    )
    results = _run_both(path, tmp_path)
    assert results[True][:3] == results[False][:3]
    registry_import(actor=None, path=path)
    positions = dict(Person.objects.values_list("nip", "position"))
    assert positions["198001012006042003"] == "Guru\\Kelas"
    assert positions["198001032006042003"] == "\\."


def test_the_run_state_is_a_model(regions_sample, tmp_path, monkeypatch):
    from netra.registry.models import ImportRun

    path = tmp_path / "gen.csv"
    generated(path, people=30, seed=24)

    def crashing(self):
        raise RuntimeError("killed")

    monkeypatch.setattr(import_pg._Run, "stage_prepare", crashing)
    with pytest.raises(RuntimeError):
        registry_import(actor=None, path=path)
    run = ImportRun.objects.get()
    assert run.stage == "staged" and run.summary["rows_read"] == 30

"""National scale: the generated registry file, and the set-based PostgreSQL import (staging,
SQL screen, duplicates, resume after a crash) giving what the batched path gives."""

import csv

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from netra.audit.models import AuditEvent
from netra.registry import demo_file, import_pg
from netra.registry.models import Agency, Person, PersonNameKey, WorkUnit
from netra.registry.services import registry_import
from netra.registry.tests.test_import import BAD, GOOD, HEADER, write_csv

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"
)


def generated(path, people=400, seed=5):
    demo_file.write_file(path=path, people=people, seed=seed)
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report_lines(path):
    if path is None:
        return []
    with open(path, encoding="utf-8") as handle:
        return sorted(tuple(row) for row in csv.reader(handle))


# --- the generator ---------------------------------------------------------------------------


def test_generator_is_deterministic_by_seed(regions_sample, tmp_path):
    first = generated(tmp_path / "a.csv", seed=5)
    again = generated(tmp_path / "b.csv", seed=5)
    other = generated(tmp_path / "c.csv", seed=6)
    assert first == again
    assert first != other
    assert list(first[0]) == list(demo_file.FILE_COLUMNS)


def test_generator_mix_is_realistic(regions_sample):
    rows = list(demo_file.generate_rows(people=3000, seed=1))
    good = [r.values for r in rows if r.bad is None]
    groups = [r["functional_group"] for r in good]
    # Teachers and health workers are the largest groups; PNS and PPPK both present.
    assert groups.count("guru") > len(good) * 0.3
    assert groups.count("tenaga kesehatan") > len(good) * 0.1
    assert {r["employee_type"] for r in good} == {"PNS", "PPPK"}
    bad_share = sum(1 for r in rows if r.bad) / len(rows)
    assert 0.005 < bad_share < 0.03
    # Names carry titles and come from several traditions (a Balinese birth-order name, a
    # Batak clan name).
    names = " ".join(r["name"] for r in good)
    assert "S.Pd." in names and ("H. " in names or "Hj. " in names)
    assert any(order in names for order in ("Wayan", "Made", "Nyoman", "Ketut", "Putu"))
    assert any(clan in names for clan in ("Siregar", "Nasution", "Lubis", "Harahap"))


def test_generated_rows_pass_or_fail_as_labelled(regions_sample, tmp_path):
    # Given a generated file with its bad rows labelled by kind
    path = tmp_path / "people.csv"
    rows = list(demo_file.generate_rows(people=1500, seed=11))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(demo_file.FILE_COLUMNS)
        for row in rows:
            writer.writerow([row.values[c] for c in demo_file.FILE_COLUMNS])
    # When imported (the batched path: person_validate row by row)
    summary = registry_import(actor=None, path=path, set_based=False)
    # Then every good row is stored and every bad row is refused naming the expected column
    bad = {number: row.bad for number, row in enumerate(rows, start=2) if row.bad}
    assert bad, "the sample should hold bad rows"
    assert summary.rejected == len(bad)
    assert summary.created == len(rows) - len(bad)
    with open(summary.report_path, encoding="utf-8") as handle:
        errors = {
            (int(r["row"]), r["column"]) for r in csv.DictReader(handle) if r["level"] == "error"
        }
    for number, kind in bad.items():
        assert (number, demo_file.BAD_KINDS[kind]) in errors, (number, kind)


def test_generate_command_writes_the_file(regions_sample, tmp_path, capsys):
    out = tmp_path / "national.csv"
    call_command("demo", "generate", "--people", "50", "--seed", "3", "--out", str(out), "--json")
    assert '"people": 50' in capsys.readouterr().out
    assert len(out.read_text(encoding="utf-8").splitlines()) == 51


# --- the set-based import --------------------------------------------------------------------

EDGE = [
    # birth date and gender given, both different from the NIP (warnings)
    "198001012006042003,Rina Wulandari,,PNS,1981-02-02,L,,,,,,",
    # NIK disagreeing with the NIP (warning), NIK of an unknown district
    "198202022006042004,Sari Dewi,3201014202820001,PNS,,,,,,,,",
    "198303032006041005,Bayu Aji,3299010303830001,PNS,,,,,,,,",
    # PPPK appointed before the first PPPK year (warning); too young at appointment (error)
    "199001012018212001,Nina Lestari,,PPPK,,,,,,,,",
    "200501012019011001,Raka Putra,,PNS,,,,,,,,",
    # an unknown agency without its name; a new agency with its name and a unit
    "198404042006041006,Eka Saputra,,PNS,,,,ZZ99,,,,",
    "198505052006041007,Fajar Nugroho,,PNS,,,Guru Kelas,KEMENX,Kementerian X,SD X 1,,",
    # the same NIP twice: the first (invalid) row does not take it, the second does
    "198606062006041008,,,PNS,,,,,,,,",
    "198606062006041008,Gilang Ramadhan,,PNS,,,,,,,,",
    # only a title as name; a name with an apostrophe and odd spacing
    "198707072006041009,Dr.,,PNS,,,,,,,,",
    "198808082006041010,  Siti   Nur'aini ,,PNS,,,,,,,,",
    # a non-ASN row without NIP
    ",Honorer Tanpa NIP,3201011111900001,Non-ASN,,,,,,,,",
]


def _state():
    people = sorted(
        Person.objects.values_list(
            "nip",
            "name",
            "name_plain",
            "name_key",
            "name_variants_key",
            "employee_type",
            "nik",
            "birth_date",
            "gender",
            "position",
            "position_type",
            "functional_group",
            "agency__code",
            "unit__name",
            "region__code",
            "status",
        )
    )
    agencies = sorted(Agency.objects.values_list("code", "name", "kind", "region__code"))
    units = sorted(WorkUnit.objects.values_list("agency__code", "name", "name_key"))
    return people, agencies, units


def _run_both(path, tmp_path, **options):
    """Import with each path in a transaction that is rolled back; their results."""
    results = {}
    for set_based in (False, True):
        with transaction.atomic():
            events = AuditEvent.objects.count()
            summary = registry_import(
                actor=None,
                path=path,
                set_based=set_based,
                errors_out=tmp_path / f"report-{set_based}.csv",
                **options,
            )
            data = summary.as_dict()
            data.pop("report_path")
            results[set_based] = (
                data,
                report_lines(summary.report_path),
                _state(),
                AuditEvent.objects.count() - events,
            )
            transaction.set_rollback(True)
    return results


@postgres_only
def test_set_based_and_batched_paths_give_the_same_result(regions_sample, tmp_path):
    # Given a generated file plus hand-made edge cases and the messy rows of test_import
    rows = generated(tmp_path / "gen.csv", people=600, seed=8)
    path = tmp_path / "all.csv"
    lines = [",".join(csv_quote(r[c]) for c in demo_file.FILE_COLUMNS) for r in rows]
    edge = write_csv(tmp_path / "edge.csv", GOOD + BAD + EDGE)
    path.write_text(
        ",".join(demo_file.FILE_COLUMNS) + "\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    for source in (path, edge):
        # When both paths import it
        results = _run_both(source, tmp_path)
        # Then counts, per-row report, stored people, agencies and units are the same
        batched, set_based = results[False], results[True]
        assert set_based[0] == batched[0]
        assert set_based[1] == batched[1]
        assert set_based[2] == batched[2]
        assert set_based[3] == batched[3] == 1  # one audit event per import


def csv_quote(value: str) -> str:
    return f'"{value}"' if "," in value else value


@postgres_only
def test_set_based_import_of_an_agency_refuses_other_agencies(registry_regional, tmp_path):
    bogor = registry_regional["bogor"]
    other = registry_regional["sarolangun_person"]
    lines = [
        "198001012006042003,Rina Wulandari,,PNS,,,,,,,,",
        "198001022006042003,Rini Wulandari,,PNS,,,,1503,,,,",
        f"{other.nip},Orang Lain,,PNS,,,,,,,,",
    ]
    source = write_csv(tmp_path / "own.csv", lines)
    results = _run_both(source, tmp_path, agency=bogor)
    assert results[True][:3] == results[False][:3]
    assert results[True][0]["rejected"] == 2


@postgres_only
def test_reimport_of_an_unchanged_file_changes_nothing(regions_sample, tmp_path):
    path = tmp_path / "gen.csv"
    generated(path, people=300, seed=4)
    first = registry_import(actor=None, path=path)
    stamps = dict(Person.objects.values_list("nip", "updated_at"))
    again = registry_import(actor=None, path=path)
    assert first.created > 0 and (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created
    assert dict(Person.objects.values_list("nip", "updated_at")) == stamps
    # One changed row is one update.
    text = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(text[1:], start=1):
        if ",aktif" in line and "Magang" not in line:
            text[number] = line.replace(",aktif", ",pensiun")
            break
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    third = registry_import(actor=None, path=path)
    assert (third.created, third.updated, third.unchanged) == (0, 1, first.created - 1)


@postgres_only
def test_interrupted_import_resumes_without_duplicates(regions_sample, tmp_path, monkeypatch):
    # Given a file imported in batches of 50 rows, and a crash after the second batch
    path = tmp_path / "gen.csv"
    generated(path, people=300, seed=9)
    with transaction.atomic():
        expected = registry_import(actor=None, path=path, set_based=False)
        expected_state = _state()
        transaction.set_rollback(True)
    calls = {"n": 0}
    original = import_pg._Run.stage_batch

    def crashing(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return original(self)

    monkeypatch.setattr(import_pg._Run, "stage_batch", crashing)
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        registry_import(actor=None, path=path, batch_size=50)
    # Then two batches are stored, no audit event yet, and the run waits to be resumed
    assert Person.objects.count() == 100
    assert AuditEvent.objects.count() == events
    [waiting] = import_pg.unfinished_runs(expected.sha256)
    assert (waiting["stage"], waiting["batches_done"]) == ("prepared", 2)
    # When the same command is run again with --resume
    monkeypatch.setattr(import_pg._Run, "stage_batch", original)
    summary = registry_import(actor=None, path=path, batch_size=50, resume=True)
    # Then the import completes as one import would have
    assert (summary.created, summary.rejected, summary.rows_read) == (
        expected.created,
        expected.rejected,
        expected.rows_read,
    )
    assert _state() == expected_state
    assert AuditEvent.objects.count() == events + 1
    assert import_pg.unfinished_runs(expected.sha256) == []


@postgres_only
def test_without_resume_an_interrupted_run_starts_over(regions_sample, tmp_path, monkeypatch):
    path = tmp_path / "gen.csv"
    generated(path, people=120, seed=2)
    original = import_pg._Run.stage_prepare

    def crashing(self):
        raise RuntimeError("killed while validating")

    monkeypatch.setattr(import_pg._Run, "stage_prepare", crashing)
    with pytest.raises(RuntimeError):
        registry_import(actor=None, path=path)
    monkeypatch.setattr(import_pg._Run, "stage_prepare", original)
    summary = registry_import(actor=None, path=path)
    assert summary.created + summary.rejected == 120
    assert Person.objects.count() == summary.created


@postgres_only
def test_set_based_dry_run_stores_nothing(regions_sample, tmp_path):
    path = tmp_path / "gen.csv"
    generated(path, people=100, seed=1)
    summary = registry_import(actor=None, path=path, dry_run=True)
    assert summary.created > 0 and summary.dry_run
    assert Person.objects.count() == 0 and Agency.objects.count() == 0
    assert import_pg.unfinished_runs(summary.sha256) == []


@postgres_only
def test_set_based_import_of_a_file_without_optional_columns(regions_sample, tmp_path):
    # Only nip and name: stored values of the other columns are kept on update
    source = write_csv(
        tmp_path / "min.csv",
        ["198001012006042003,Rina Wulandari", "198001012006042003,Rina Lagi"],
        header="nip,nama",
    )
    results = _run_both(source, tmp_path)
    assert results[True][:3] == results[False][:3]
    assert HEADER  # the messy header of test_import is reused above


@postgres_only
def test_command_resumes_and_can_force_the_batched_path(regions_sample, tmp_path, capsys):
    path = tmp_path / "gen.csv"
    generated(path, people=60, seed=3)
    call_command("registry", "import", str(path), "--json", "--no-progress", "--batched")
    batched = capsys.readouterr().out
    assert '"created": ' in batched
    # Nothing to resume: --resume runs the import (all unchanged now).
    call_command("registry", "import", str(path), "--json", "--no-progress", "--resume")
    out = capsys.readouterr().out
    assert '"created": 0' in out and '"updated": 0' in out


def _person_indexes():
    """Indexes and constraints of the person and name-key tables (a fresh load sets them
    aside)."""
    tables = [Person._meta.db_table, PersonNameKey._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [tables]
        )
        found = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
            "pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1",
            [tables],
        )
        return found + [row[0] for row in cursor.fetchall()]


@postgres_only
def test_fresh_load_builds_indexes_at_the_end_even_after_a_crash(
    regions_sample, tmp_path, monkeypatch
):
    # Given an empty registry, a fresh load large enough to set the indexes aside
    monkeypatch.setattr(import_pg, "FRESH_LOAD_ROWS", 1)
    indexes = _person_indexes()
    assert any("gin" in i for i in indexes)
    path = tmp_path / "gen.csv"
    generated(path, people=150, seed=12)
    original = import_pg._Run.stage_batch
    calls = {"n": 0}

    def crashing(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return original(self)

    monkeypatch.setattr(import_pg._Run, "stage_batch", crashing)
    with pytest.raises(RuntimeError):
        registry_import(actor=None, path=path, batch_size=50)
    # Then while interrupted the secondary indexes are set aside (unique ones kept)
    during = _person_indexes()
    assert len(during) < len(indexes) and any("UNIQUE" in i for i in during)
    # (the NIP's unique key stays: the upsert needs it; foreign keys are set aside too)
    assert any("(nip)" in i for i in during)
    assert not any("FOREIGN KEY" in i for i in during)
    # And a run without --resume puts them back and completes
    monkeypatch.setattr(import_pg._Run, "stage_batch", original)
    summary = registry_import(actor=None, path=path, batch_size=50)
    assert summary.created + summary.rejected == 150 - 0 or summary.unchanged
    assert _person_indexes() == indexes
    # A resumed fresh load also ends with every index
    Person.objects.all().delete()
    calls["n"] = 0
    monkeypatch.setattr(import_pg._Run, "stage_batch", crashing)
    with pytest.raises(RuntimeError):
        registry_import(actor=None, path=path, batch_size=50)
    monkeypatch.setattr(import_pg._Run, "stage_batch", original)
    summary = registry_import(actor=None, path=path, batch_size=50, resume=True)
    assert Person.objects.count() == summary.created + summary.updated + summary.unchanged
    assert _person_indexes() == indexes
    # And the name index is complete: every person imported has their keys
    from netra.registry.name_index import keys_for

    for person in Person.objects.all()[:20]:
        stored = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == set(keys_for(person.name_plain))


@postgres_only
def test_a_file_with_columns_the_set_based_path_does_not_know_goes_batched(
    regions_sample, tmp_path, monkeypatch
):
    monkeypatch.setattr(import_pg, "SUPPORTED_COLUMNS", frozenset({"nip", "name"}))
    called = []
    monkeypatch.setattr(import_pg, "run", lambda **kwargs: called.append(kwargs))
    source = write_csv(tmp_path / "more.csv", GOOD)
    summary = registry_import(actor=None, path=source)
    assert not called and summary.created == 3

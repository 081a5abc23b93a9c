"""`netra registry import`: messy rows, idempotence, broken files, XLSX, dry run, --json."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from netra.audit.models import AuditEvent
from netra.registry.choices import EmployeeType, FunctionalGroup, Gender, PersonStatus
from netra.registry.models import Agency, Person, WorkUnit
from netra.registry.services import registry_import

pytestmark = pytest.mark.django_db

HEADER = (
    "nip,nama,nik,jenis_pegawai,tanggal_lahir,jenis_kelamin,jabatan,kode_instansi,"
    "nama_instansi,unit_kerja,kode_wilayah,status"
)
GOOD = [
    # a teacher; birth date and gender come from the NIP
    '19860926 201505 1 001,"Dr. H. Ahmad Fauzi, S.Pd., M.Pd.",3201012609860001,PNS,,,'
    "Guru Ahli Madya,3201,Pemerintah Kabupaten Bogor,SDN 1 Cibinong,32.01.01,aktif",
    # a PPPK nurse, Indonesian values and a DD-MM-YYYY date
    '19900913 2025 24 2 014,"Hj. Siti Nurhaliza, S.Kep., Ns.",,PPPK,13-09-1990,P,'
    "Perawat Ahli Pertama,3201,Pemerintah Kabupaten Bogor,Puskesmas Cibinong,3201,Aktif",
    # English values; no agency
    "198001012006042003,Rina Wulandari,,pns,1980-01-01,female,Analis Kebijakan,,,,,retired",
]
BAD = [
    "198609262015131001,Budi Santoso,,PNS,,,,,,,,",  # month 13 in a PNS NIP
    "197001012000011001,Agus Salim,,PNS,,,,,,,99.99,",  # unknown region code
    "197101012000011001,Joko Widodo,,PNS,31-31-1971,,,,,,,",  # impossible date
    "197201012000011001,Dedi Kurnia,,pegawai tetap,,,,,,,,",  # unknown employee type
    "197301012000011001,   ,,PNS,,,,,,,,",  # empty name
    "19860926 201505 1 001,Ahmad Fauzi Kedua,,PNS,,,,,,,,",  # duplicate NIP (row 2 wins)
    "197401012000011001,Teguh Prakoso,,PNS,,L,,,,SD Tanpa Instansi,,",  # unit without agency
]


def write_csv(path, lines, header=HEADER):
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def read_report(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_messy_file_keeps_good_rows_and_reports_bad_ones(regions_sample, tmp_path):
    # Given a file with good rows and every kind of bad row
    source = write_csv(tmp_path / "pegawai.csv", GOOD + BAD)
    # When imported
    summary = registry_import(actor=None, path=source, batch_size=3)
    # Then the good rows are stored and each bad row is reported, none aborting the import
    assert (summary.rows_read, summary.created, summary.rejected) == (10, 3, 7)
    assert sorted(summary.rejected_rows) == [5, 6, 7, 8, 9, 10, 11]
    report = read_report(tmp_path / "pegawai.errors.csv")
    errors = {(int(r["row"]), r["column"]) for r in report if r["level"] == "error"}
    assert {
        (5, "nip"),
        (6, "region_code"),
        (7, "birth_date"),
        (8, "employee_type"),
        (9, "name"),
        (10, "nip"),
        (11, "unit"),
    } <= errors
    duplicate = next(r for r in report if r["row"] == "10")
    assert "baris 2" in duplicate["message"]

    teacher = Person.objects.get(nip="198609262015051001")
    assert teacher.name_plain == "Ahmad Fauzi"
    assert teacher.name_key == "ahmad fauzi"
    assert (teacher.birth_date.isoformat(), teacher.gender) == ("1986-09-26", Gender.MALE)
    assert teacher.functional_group == FunctionalGroup.TEACHER
    assert teacher.agency.code == "3201" and teacher.unit.name == "SDN 1 Cibinong"
    assert teacher.region.code == "32.01.01"
    nurse = Person.objects.get(nip="199009132025242014")
    assert nurse.employee_type == EmployeeType.PPPK
    assert nurse.functional_group == FunctionalGroup.HEALTH
    assert nurse.gender == Gender.FEMALE
    retired = Person.objects.get(nip="198001012006042003")
    assert (retired.status, retired.agency) == (PersonStatus.RETIRED, None)
    assert Agency.objects.get(code="3201").kind == "regency"
    assert WorkUnit.objects.count() == 2
    # One audit event for the whole import, with the counts and the file's SHA-256
    event = AuditEvent.objects.get(action="registry.import")
    assert event.payload["created"] == 3 and event.payload["rejected"] == 7
    assert event.payload["sha256"] == summary.sha256 and len(summary.sha256) == 64
    assert AuditEvent.objects.filter(action__startswith="registry.").count() == 1


def test_reimport_is_idempotent(regions_sample, tmp_path):
    source = write_csv(tmp_path / "a.csv", GOOD)
    registry_import(actor=None, path=source)
    before = list(Person.objects.order_by("nip").values_list("nip", "updated_at", "public_id"))
    # When the same file is imported again
    again = registry_import(actor=None, path=source)
    # Then nothing is created or written
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    after = list(Person.objects.order_by("nip").values_list("nip", "updated_at", "public_id"))
    assert before == after
    assert (Agency.objects.count(), WorkUnit.objects.count()) == (1, 2)


def test_changed_row_is_an_update_and_absent_columns_are_kept(regions_sample, tmp_path):
    registry_import(actor=None, path=write_csv(tmp_path / "a.csv", GOOD))
    # Given a later file with only nip, name and position
    changed = write_csv(
        tmp_path / "b.csv",
        ["198609262015051001,Ahmad Fauzi,Kepala Sekolah"],
        header="nip,name,position",
    )
    summary = registry_import(actor=None, path=changed)
    assert (summary.updated, summary.created) == (1, 0)
    teacher = Person.objects.get(nip="198609262015051001")
    assert teacher.position == "Kepala Sekolah" and teacher.name == "Ahmad Fauzi"
    # columns missing from the file keep their stored values
    assert teacher.agency.code == "3201" and teacher.nik == "3201012609860001"


def test_conflicting_birth_date_is_a_warning(regions_sample, tmp_path):
    source = write_csv(
        tmp_path / "w.csv",
        ["198609262015051001,Ahmad Fauzi,3201016609860001,PNS,1986-09-27,P"],
        header="nip,name,nik,employee_type,birth_date,gender",
    )
    summary = registry_import(actor=None, path=source)
    assert summary.created == 1 and summary.warnings >= 3
    report = read_report(tmp_path / "w.errors.csv")
    assert {r["column"] for r in report} >= {"birth_date", "gender", "nik"}
    assert {r["level"] for r in report} == {"warning"}


def test_unknown_agency_code_without_name_is_rejected(regions_sample, tmp_path):
    source = write_csv(
        tmp_path / "x.csv", ["198609262015051001,Ahmad Fauzi,NOPE"], header="nip,name,agency_code"
    )
    summary = registry_import(actor=None, path=source)
    assert (summary.created, summary.rejected) == (0, 1)
    assert not Agency.objects.exists()


def test_dry_run_stores_nothing(regions_sample, tmp_path):
    source = write_csv(tmp_path / "d.csv", GOOD + BAD)
    summary = registry_import(actor=None, path=source, dry_run=True)
    assert (summary.created, summary.rejected) == (3, 7)
    assert not Person.objects.exists() and not Agency.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="registry.").exists()


def test_xlsx_import(regions_sample, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["NIP", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Instansi", "Nama Instansi"]
    )
    sheet.append(
        [
            "198609262015051001",
            "Budi Santoso, S.E.",
            "1986-09-26",
            "L",
            "KEMENAG",
            "Kementerian Agama",
        ]
    )
    # an 18-digit NIP typed as a number has lost its last digits in Excel
    sheet.append([1.98609262015051e17, "Rusak Angka", None, None, None, None])
    path = tmp_path / "pegawai.xlsx"
    workbook.save(path)
    summary = registry_import(actor=None, path=path)
    assert (summary.created, summary.rejected) == (1, 1)
    person = Person.objects.get()
    assert person.name_plain == "Budi Santoso" and person.agency.kind == "central"
    report = read_report(tmp_path / "pegawai.errors.csv")
    assert "teks" in report[0]["message"]


def test_semicolon_csv_with_bom(regions_sample, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffNIP;Nama\n198609262015051001;Budi\n".encode())
    assert registry_import(actor=None, path=path).created == 1


def cmd(*args):
    from io import StringIO

    out = StringIO()
    call_command("registry", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_command_json_summary_and_errors_out(regions_sample, tmp_path):
    source = write_csv(tmp_path / "p.csv", GOOD + BAD)
    report = tmp_path / "laporan" / "salah.csv"
    data = json.loads(cmd("import", str(source), "--json", "--errors-out", str(report)))
    assert data["created"] == 3 and data["rejected"] == 7 and data["rows_read"] == 10
    assert data["report_path"] == str(report) and report.exists()
    text = cmd("import", str(source), "--no-progress", "--errors-out", str(report))
    assert "3 tidak berubah" in text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.csv", None),
        ("columns.csv", b"nomor,alamat\n1,Jalan\n"),
        ("empty.csv", b""),
        ("broken.xlsx", b"PK\x03\x04 this is not a zip"),
        ("binary.csv", b"\x00\x01\x02nip,name"),
        # the first rows are fine, then the bytes stop being UTF-8
        (
            "halfway.csv",
            b"nip,name\n198609262015051001,Budi\n" * 1 + b"199001012015051001,\xff\xfe\n",
        ),
    ],
)
def test_unreadable_files_exit_1_and_store_nothing(regions_sample, tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as info:
        cmd("import", str(path), "--batch-size", "1", "--no-progress")
    assert info.value.returncode == 1
    assert str(info.value)
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="registry.").exists()


def test_bad_batch_size_is_refused(tmp_path):
    with pytest.raises(CommandError) as info:
        cmd("import", str(tmp_path / "x.csv"), "--batch-size", "0")
    assert info.value.returncode == 2


def test_file_that_breaks_half_way_leaves_stored_people_untouched(regions_sample, tmp_path):
    # Given a person already in the registry
    good = tmp_path / "good.csv"
    good.write_text("nip,name\n198609262015051001,Budi Santoso\n", encoding="utf-8")
    cmd("import", str(good), "--no-progress")
    before = Person.objects.values().get(nip="198609262015051001")
    events = AuditEvent.objects.count()
    # When a later file renames them in its first batch and then stops being readable
    broken = tmp_path / "broken.csv"
    broken.write_bytes(
        b"nip,name\n198609262015051001,Nama Baru\n" + b"199001012015051001,\xff\xfe\n"
    )
    with pytest.raises(CommandError) as info:
        cmd("import", str(broken), "--batch-size", "1", "--no-progress")
    # Then the import fails as a whole and the stored row is exactly as it was
    assert info.value.returncode == 1
    assert Person.objects.values().get(nip="198609262015051001") == before
    assert AuditEvent.objects.count() == events

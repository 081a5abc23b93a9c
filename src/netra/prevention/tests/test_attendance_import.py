"""Attendance import: messy files resolved against the organising agency's active staff; one
bad row rejects the whole list (only its report is kept); a clean list is applied at once."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from netra.audit.models import AuditEvent
from netra.prevention.choices import ActivityKind, ImportOutcome
from netra.prevention.errors import attendance_row_text
from netra.prevention.models import Attendance, AttendanceImport
from netra.prevention.services.activities import ActivityError, activity_create, attendance_import

pytestmark = pytest.mark.django_db


def csv_file(text: str, *, name="hadir.csv", bom=False) -> SimpleUploadedFile:
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows: list[list[object]]) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("hadir.xlsx", buffer.getvalue())


def spaced(nip: str) -> str:
    """A NIP as people type it: `19850314 200901 2 001`."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@pytest.fixture
def apel(prevention_world):
    w = prevention_world
    return activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.APEL,
        title="Apel netralitas ASN",
        election=w["election"],
        held_on=w["today"] - dt.timedelta(days=1),
    )


def statuses(batch) -> list[tuple[int, str]]:
    return [(entry["row"], entry["status"]) for entry in batch.report]


def test_messy_csv_with_bom_semicolons_spaced_nips_and_mixed_headers(prevention_world, apel):
    p = prevention_world["people"]
    text = (
        "No;NIP/NI PPPK;NAMA;Unit Kerja\r\n"
        f"1;{spaced(p['teacher1'].nip)};Siti;Dinas Pendidikan\r\n"
        f"2;{p['teacher2'].nip.replace('1', '1.', 1)};Budi;\r\n"
        ";;;\r\n"
        f"3;;{p['nurse1'].name};Puskesmas Cibinong\r\n"
    )
    batch = attendance_import(
        actor=prevention_world["hr"], activity=apel, upload=csv_file(text, bom=True)
    )
    assert batch.outcome == ImportOutcome.APPLIED, batch.report
    assert statuses(batch) == [(2, "added"), (3, "added"), (5, "added")]
    assert batch.rows_added == 3 and batch.rows_total == 3
    assert set(apel.attendances.values_list("person__name", flat=True)) == {
        p["teacher1"].name,
        p["teacher2"].name,
        p["nurse1"].name,
    }
    event = AuditEvent.objects.filter(action="prevention.attendance_imported").latest("id")
    assert event.payload["added"] == 3 and event.payload["errors"] == 0
    assert p["teacher1"].name not in str(event.payload)


def test_xlsx_with_english_headers_and_nik_for_contract_staff(prevention_world, apel):
    p = prevention_world["people"]
    upload = xlsx_file(
        [["Name", "NIK", "nip"], ["", None, p["nurse2"].nip], ["Rudi", p["teacher4"].nik, None]]
    )
    batch = attendance_import(actor=prevention_world["hr"], activity=apel, upload=upload)
    assert batch.outcome == ImportOutcome.APPLIED, batch.report
    assert statuses(batch) == [(2, "added"), (3, "added")]
    assert apel.attendances.count() == 2


def test_a_file_without_usable_columns_is_refused_whole(prevention_world, apel):
    with pytest.raises(ActivityError) as refused:
        attendance_import(
            actor=prevention_world["hr"],
            activity=apel,
            upload=csv_file("jabatan,alamat\nGuru,Bogor\n"),
        )
    assert refused.value.code == "file_columns"
    with translation.override("id"):
        assert "NIP, NIK atau Nama" in refused.value.message
    assert refused.value.status == 400 and "file" in refused.value.fields
    assert not AttendanceImport.objects.exists() and not Attendance.objects.exists()


def test_a_binary_or_non_utf8_file_is_refused(prevention_world, apel):
    with pytest.raises(ActivityError, match="UTF-8"):
        attendance_import(
            actor=prevention_world["hr"],
            activity=apel,
            upload=SimpleUploadedFile("x.csv", "nip;nama\n1;Jos\xe9\n".encode("latin-1")),
        )
    with pytest.raises(ActivityError, match="XLSX"):
        attendance_import(
            actor=prevention_world["hr"],
            activity=apel,
            upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a workbook"),
        )


def test_bad_rows_reject_everything_then_the_fixed_file_applies(prevention_world, apel):
    w = prevention_world
    p = w["people"]
    bad = (
        "nip,nama,unit\n"
        f"{p['teacher1'].nip},,\n"  # 2 fine
        "199001012020011999,,\n"  # 3 unknown (valid shape)
        "12345,,\n"  # 4 invalid NIP
        f"{p['saro1'].nip},,\n"  # 5 another agency
        f"{p['retired'].nip},,\n"  # 6 not active
        f"{spaced(p['teacher1'].nip)},,\n"  # 7 duplicate of row 2
        ",Agus Salim,Sekretariat Daerah\n"  # 8 ambiguous
        ",Nama Yang Tidak Ada,\n"  # 9 unknown name
    )
    batch = attendance_import(actor=w["hr"], activity=apel, upload=csv_file(bad))
    assert batch.outcome == ImportOutcome.REJECTED and batch.rows_added == 0
    assert statuses(batch) == [(2, "added")] + [(n, "error") for n in range(3, 10)]
    with translation.override("id"):
        messages = {entry["row"]: attendance_row_text(entry) for entry in batch.report}
    assert "tidak terdaftar" in messages[3]
    assert "tidak sah" in messages[4]
    assert "bukan pegawai" in messages[5]
    assert batch.report[2]["code"] == "nip_invalid"
    with translation.override("en"):
        assert "is not in the civil-service registry" in attendance_row_text(batch.report[1])
        assert "does not work for" in attendance_row_text(batch.report[3])
    assert "tidak berstatus aktif" in messages[6]
    assert "baris 2" in messages[7]
    assert "Agus Salim, S.E." in messages[8] and "Agus Salim, S.Sos." in messages[8]
    assert "tidak ditemukan" in messages[9]
    assert not Attendance.objects.exists()
    assert (
        AuditEvent.objects.filter(action="prevention.attendance_imported")
        .latest("id")
        .payload["outcome"]
        == ImportOutcome.REJECTED
    )

    fixed = f"nip,nama\n{p['teacher1'].nip},\n{p['clerk1'].nip},Agus Salim\n"
    batch = attendance_import(actor=w["hr"], activity=apel, upload=csv_file(fixed))
    assert batch.outcome == ImportOutcome.APPLIED
    assert apel.attendances.count() == 2

    again = f"NIP\n{p['teacher1'].nip}\n{p['teacher3'].nip}\n"
    batch = attendance_import(actor=w["hr"], activity=apel, upload=csv_file(again))
    assert batch.outcome == ImportOutcome.APPLIED
    assert statuses(batch) == [(2, "already"), (3, "added")]
    assert batch.rows_added == 1 and apel.attendances.count() == 3
    assert AttendanceImport.objects.filter(activity=apel).count() == 3


def test_a_unique_name_is_enough_and_the_unit_column_helps(prevention_world, apel):
    p = prevention_world["people"]
    text = "nama;unit kerja\nDewi Lestari;Dinas Pendidikan\nyusuf hidayat;\n"
    batch = attendance_import(actor=prevention_world["hr"], activity=apel, upload=csv_file(text))
    assert batch.outcome == ImportOutcome.APPLIED, batch.report
    assert set(apel.attendances.values_list("person", flat=True)) == {
        p["teacher3"].pk,
        p["nurse3"].pk,
    }


def test_row_limit_and_other_refusals(prevention_world, apel, settings):
    w = prevention_world
    settings.PREVENTION_ATTENDANCE_MAX_ROWS = 2
    text = "nip\n" + "\n".join(w["people"][k].nip for k in ("teacher1", "teacher2", "nurse1"))
    with pytest.raises(ActivityError) as refused:
        attendance_import(actor=w["hr"], activity=apel, upload=csv_file(text))
    with translation.override("id"):
        assert "paling banyak 2 baris" in refused.value.message
    assert refused.value.code == "file_too_many_rows"
    # Another agency's HR and a Bawaslu viewer may not import.
    for actor in (w["other_hr"], w["bawaslu"]):
        with pytest.raises(ActivityError) as refused:
            attendance_import(actor=actor, activity=apel, upload=csv_file("nip\n1\n"))
        assert refused.value.code == "forbidden"
    leaflet = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.LEAFLET,
        title="Brosur netralitas",
        election=w["election"],
        held_on=w["today"],
    )
    with pytest.raises(ActivityError) as refused:
        attendance_import(actor=w["hr"], activity=leaflet, upload=csv_file("nip\n1\n"))
    assert refused.value.code == "no_attendance"
    assert not AttendanceImport.objects.exists()

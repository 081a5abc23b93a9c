"""Letter settings, numbering and superseding in the documents app (docs/letters.md)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from netra.audit.models import AuditEvent
from netra.documents import numbering
from netra.documents.choices import VerifyState
from netra.documents.models import LetterInstitution, LetterNumberCounter
from netra.documents.selectors import document_verify
from netra.documents.services import (
    InstitutionDataError,
    documents_load_reference,
    letter_institution_save,
    letter_number_allocate,
)

BKN = {
    "code": "bkn-test",
    "kind": "authority",
    "authority_code": "BKN",
    "name": "Badan Kepegawaian Negara",
    "letterhead": "BADAN KEPEGAWAIAN NEGARA",
    "place": "Jakarta",
    "signatory_name": "Penanda Tangan Uji",
    "signatory_position": "Deputi",
    "number_format": "{seq:04d}/B-KP.07/SD/D/{year}",
}


# --- Number formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "seq", "day", "expected"),
    [
        (
            "{seq:03d}/Bawaslu-Kab.Bogor/PM.06/{month_roman}/{year}",
            7,
            dt.date(2026, 12, 3),
            "007/Bawaslu-Kab.Bogor/PM.06/XII/2026",
        ),
        ("B-{seq}/KASN/{month}/{year}", 2708, dt.date(2020, 9, 18), "B-2708/KASN/9/2020"),
        ("{seq}/{day}/{month:02d}/{year}", 1, dt.date(2024, 1, 5), "1/5/01/2024"),
    ],
)
def test_a_number_format_makes_the_letter_number(fmt, seq, day, expected):
    numbering.format_check(fmt)
    assert numbering.format_number(fmt, seq=seq, day=day) == expected


@pytest.mark.parametrize(
    ("fmt", "says"),
    [
        ("", "wajib"),
        ("{seq}/PM.06", "{year}"),
        ("PM.06/{year}", "{seq}"),
        ("{seq}/{case_number}/{year}", "case_number"),
        ("{seq:03x}/{year}/{0}", "tidak"),
        ("{seq}/{year", "tidak sah"),
        ("{seq:d}/{month_roman:d}/{year}", "tidak sah"),
        ("{seq}/" + "X" * 130 + "/{year}", "terlalu panjang"),
    ],
)
def test_a_bad_number_format_is_refused_with_a_reason(fmt, says):
    with pytest.raises(numbering.NumberFormatError) as refused:
        numbering.format_check(fmt)
    assert says in str(refused.value)


# --- Settings --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_settings_are_validated_and_every_change_is_audited(make_staff):
    admin = make_staff(role="admin")
    institution = letter_institution_save(actor=admin, institution=LetterInstitution(**BKN))
    assert AuditEvent.objects.filter(action="documents.institution_created").count() == 1

    institution.signatory_name = "Penanda Tangan Baru"
    letter_institution_save(actor=admin, institution=institution)
    event = AuditEvent.objects.get(action="documents.institution_changed")
    assert event.payload["changed"] == ["signatory_name"]

    institution.number_format = "{seq}/tanpa-tahun"
    with pytest.raises(ValidationError) as refused:
        letter_institution_save(actor=admin, institution=institution)
    assert "number_format" in refused.value.message_dict
    institution.refresh_from_db()
    assert institution.number_format == BKN["number_format"]


@pytest.mark.django_db
def test_one_row_per_authority_and_per_bawaslu(regions_sample):
    from netra.regions.models import Region

    letter_institution_save(actor=None, institution=LetterInstitution(**BKN))
    with pytest.raises(ValidationError):
        letter_institution_save(actor=None, institution=LetterInstitution(**{**BKN, "code": "x"}))
    region = Region.objects.get(code="32")
    bawaslu = {**BKN, "kind": "bawaslu", "authority_code": "", "code": "b-32", "region": region}
    letter_institution_save(actor=None, institution=LetterInstitution(**bawaslu))
    with pytest.raises(ValidationError):
        letter_institution_save(
            actor=None, institution=LetterInstitution(**{**bawaslu, "code": "b-32-again"})
        )


@pytest.mark.django_db
def test_load_reference_seeds_the_national_rows_once_and_never_overwrites():
    # When the reference data is loaded into an empty table
    counts = documents_load_reference()

    # Then Bawaslu RI, BKN and KASN exist, without a signatory name (the operators set it)
    assert counts == {"source": 3, "created": 3, "unchanged": 0}
    rows = {row.code: row for row in LetterInstitution.objects.all()}
    assert set(rows) == {"bawaslu-ri", "bkn", "kasn"}
    assert rows["bkn"].authority_code == "BKN" and rows["kasn"].authority_code == "KASN"
    assert rows["bawaslu-ri"].region is None
    assert all(not row.signatory_name for row in rows.values())
    for row in rows.values():
        numbering.format_check(row.number_format)
    assert AuditEvent.objects.filter(action="documents.reference_loaded").count() == 1

    # And an operator's edit survives the next load
    bkn = rows["bkn"]
    bkn.address = "Alamat baru"
    bkn.signatory_name = "Penanda Tangan Uji"
    letter_institution_save(actor=None, institution=bkn)
    assert documents_load_reference() == {"source": 3, "created": 0, "unchanged": 3}
    bkn.refresh_from_db()
    assert bkn.address == "Alamat baru" and bkn.signatory_name == "Penanda Tangan Uji"
    assert AuditEvent.objects.filter(action="documents.reference_loaded").count() == 1


@pytest.mark.django_db
def test_a_bad_reference_file_stores_nothing(tmp_path):
    path = tmp_path / "institutions.toml"
    path.write_text(
        '[[institution]]\ncode = "a"\nkind = "authority"\nauthority_code = "A"\nname = "A"\n'
        'letterhead = "A"\nplace = "Jakarta"\nsignatory_position = "Ketua"\n'
        'number_format = "{seq}/{year}"\n'
        '[[institution]]\ncode = "b"\nkind = "bawaslu"\nname = "B"\nletterhead = "B"\n'
        'place = "Jakarta"\nsignatory_position = "Ketua"\nnumber_format = "{seq}"\n'
    )
    with pytest.raises(InstitutionDataError) as refused:
        documents_load_reference(path=path)
    assert "#2" in str(refused.value)
    assert not LetterInstitution.objects.exists()


# --- Numbers under concurrency ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_numbers_allocated_at_the_same_time_never_collide():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the row lock is exercised on PostgreSQL")
    institution = letter_institution_save(actor=None, institution=LetterInstitution(**BKN))
    threads, per_thread = 6, 5
    start = threading.Barrier(threads)
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def allocate():
        try:
            start.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    seq, _number = letter_number_allocate(
                        institution=institution, day=dt.date(2026, 12, 3)
                    )
                with lock:
                    got.append(seq)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=allocate) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert not errors
    assert sorted(got) == list(range(1, threads * per_thread + 1))
    assert LetterNumberCounter.objects.get(institution=institution, year=2026).last_seq == 30


# --- Superseding -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_verify_api_names_the_replacement(issue_document, client):
    from netra.documents.services import document_issue

    old = issue_document(kind="other", subject_ref="cases.case:abc")
    new = document_issue(
        actor=None,
        kind="other",
        title="Pengganti",
        issuer="Bawaslu Kabupaten Bogor",
        template="documents/pdf/notice.html",
        context={"paragraphs": ["Isi pengganti."]},
        public_fields={"letter_number": "002/X/2026"},
        subject_ref="cases.case:abc",
        letter_number="002/X/2026",
        supersede=True,
    )
    assert document_verify(old.code).state == VerifyState.SUPERSEDED
    body = client.get(f"/api/v1/documents/verify/{old.code}/").json()
    assert body["state"] == "superseded"
    assert body["superseded_by"] == {
        "code": new.code,
        "letter_number": "002/X/2026",
        "verify_url": f"/verify/{new.code}/",
    }
    assert body["superseded_at"]
    assert client.get(f"/api/v1/documents/verify/{new.code}/").json()["superseded_by"] is None

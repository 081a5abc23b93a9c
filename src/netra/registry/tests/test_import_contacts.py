"""The contact e-mail and phone columns of the registry import (issue 13 §3: where one-time
pledge codes go): sealed at rest, checked for format (a bad value is a warning and left out),
compared without opening, kept when a file has no contact columns; both import paths agree."""

import pytest
from django.db import connection

from netra.registry.contacts import mask_email, mask_phone, person_contact
from netra.registry.models import Person
from netra.registry.services import registry_import

pytestmark = pytest.mark.django_db
PATHS = [
    False,
    pytest.param(
        True,
        marks=pytest.mark.skipif(
            connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"
        ),
    ),
]

HEADER = "nip,nama,kode_instansi,nama_instansi,email,no_hp"
ROWS = [
    # both, in the shapes spreadsheets hold them
    "198609262015051001,Ahmad Fauzi,3201,Pemerintah Kabupaten Bogor,"
    "Ahmad.Fauzi@Example.go.id,+62 812-3456-7123",
    # a bad e-mail: the person is imported with the phone only
    "198803032011012005,Siti Nurhaliza,3201,Pemerintah Kabupaten Bogor,siti@,081298765432",
    # a bad phone (a landline): the e-mail only
    "198001012006042003,Rina Wulandari,3201,Pemerintah Kabupaten Bogor,rina@example.go.id,0251123",
    # none
    "198502022010011004,Budi Santoso,3201,Pemerintah Kabupaten Bogor,,",
]


def _write(path, rows, header=HEADER):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _contacts():
    return {p.nip: person_contact(p) for p in Person.objects.all()}


@pytest.mark.parametrize("set_based", PATHS)
def test_contact_columns_are_sealed_checked_and_compared(regions_sample, tmp_path, set_based):
    path = _write(tmp_path / "people.csv", ROWS)
    if set_based:
        from netra.registry import import_pg

        assert import_pg.handles(path)  # the set-based path itself, not a fallback
    summary = registry_import(
        actor=None, path=path, set_based=set_based, errors_out=tmp_path / "report.csv"
    )
    assert summary.created == 4 and summary.rejected == 0
    assert summary.warnings == 2
    report = (tmp_path / "report.csv").read_text(encoding="utf-8")
    assert "siti@" not in report and "0251123" not in report  # never echoed
    contacts = _contacts()
    ahmad = contacts["198609262015051001"]
    assert (ahmad.email, ahmad.phone) == ("ahmad.fauzi@example.go.id", "081234567123")
    assert (contacts["198803032011012005"].email, contacts["198803032011012005"].phone) == (
        "",
        "081298765432",
    )
    assert contacts["198001012006042003"].phone == ""
    assert not contacts["198502022010011004"]
    # At rest: an envelope, never the plain text.
    stored = Person.objects.get(nip="198609262015051001")
    assert stored.contact_sealed.startswith("v1.") and "fauzi" not in stored.contact_sealed
    assert mask_email(ahmad.email) == "a***@example.go.id"
    assert mask_phone(ahmad.phone) == "08*******123"

    # The same file again: nothing changed (compared by digest, not by the sealed text).
    again = registry_import(actor=None, path=path, set_based=set_based)
    assert again.unchanged == 4 and again.updated == 0
    # A changed phone is an update.
    changed = [ROWS[0].replace("+62 812-3456-7123", "081200001111"), *ROWS[1:]]
    third = registry_import(
        actor=None, path=_write(tmp_path / "b.csv", changed), set_based=set_based
    )
    assert third.updated == 1
    assert _contacts()["198609262015051001"].phone == "081200001111"
    # A file without contact columns keeps the contacts.
    plain = _write(
        tmp_path / "c.csv",
        [",".join(r.split(",")[:4]) for r in ROWS],
        header="nip,nama,kode_instansi,nama_instansi",
    )
    registry_import(actor=None, path=plain, set_based=set_based)
    assert _contacts()["198609262015051001"].email == "ahmad.fauzi@example.go.id"

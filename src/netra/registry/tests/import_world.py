"""Shared set-up of the web import tests: two agencies, their HR, a national admin, users without
an import grant, and a small file for Bogor with one row of every outcome."""

import datetime as dt

import pytest

from netra.registry.choices import Gender
from netra.registry.tests.factories import make_nik, make_nip

NEW_NIP = make_nip(dt.date(1986, 9, 26), appointed=(2015, 5), gender=Gender.MALE)
BAD_NIP = "198609262015131001"  # month 13 in a PNS NIP


def bogor_rows(world) -> list[str]:
    """Row 2 new, row 3 an update of Bogor's person, row 4 another agency's code, row 5 a person
    of Sarolangun, row 6 a bad NIP."""
    bogor, saro = world["bogor_person"], world["sarolangun_person"]
    nik = make_nik("320101", dt.date(1986, 9, 26), gender=Gender.MALE)
    return [
        f"{NEW_NIP},Ahmad Fauzi S.Pd.,{nik},PNS,3201,Guru Ahli Pertama",
        f"{bogor.nip},Nama Baru Pegawai Bogor,,PNS,,Analis Kebijakan",
        f"{make_nip(dt.date(1980, 1, 1), appointed=(2006, 4), gender=Gender.FEMALE)},"
        "Rina Wulandari,,PNS,1503,Guru",
        f"{saro.nip},Pegawai Pindahan,,PNS,3201,Guru",
        f"{BAD_NIP},Budi Santoso,,PNS,3201,Guru",
    ]


HEADER = "nip,nama,nik,jenis_pegawai,kode_instansi,jabatan"


def csv_bytes(world) -> bytes:
    return ("\n".join([HEADER, *bogor_rows(world)]) + "\n").encode("utf-8")


@pytest.fixture
def import_world(registry_regional, make_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = dict(registry_regional)
    world["hr"] = make_staff(role="agency_hr", region=None, agency=world["bogor"])
    world["other_hr"] = make_staff(role="agency_hr", region=None, agency=world["sarolangun"])
    world["admin"] = make_staff(role="admin", region=None)
    world["regional_hr"] = make_staff(role="agency_hr", region="32")  # no agency named
    world["officer"] = make_staff(role="bawaslu_officer", region="32")
    world["auditor"] = make_staff(role="auditor", region=None)
    return world

"""A readable summary of an event's payload: labelled facts, never raw JSON keys or codes.

Each payload key the code records has a label and a kind here. Values that are codes (a case
state, a remedy kind, a sanction) are shown through a labeller the owning app registers in its
``audit_scopes.py`` (`register_values`); a code without a labeller is left out rather than shown.
Identifiers that mean nothing to a reader (UUIDs, user ids) are left out; file hashes are
shortened. Payloads never hold reporter identity (ADR 0003), and nothing here adds any.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

TEXT, DATE, NUMBER, BOOL, COUNT, CODE, HASH = (
    "text",
    "date",
    "number",
    "bool",
    "count",
    "code",
    "hash",
)

# key -> (label, kind). Keys not listed are left out of the summary.
KEYS: dict[str, tuple[object, str]] = {
    "number": (gettext_lazy("Nomor kasus"), TEXT),
    "case": (gettext_lazy("Kasus"), TEXT),
    "duplicate": (gettext_lazy("Kasus duplikat"), TEXT),
    "report": (gettext_lazy("Laporan"), TEXT),
    "reports": (gettext_lazy("Laporan"), TEXT),
    "tracking_number": (gettext_lazy("Nomor laporan"), TEXT),
    "from": (gettext_lazy("Dari"), CODE),
    "to": (gettext_lazy("Menjadi"), CODE),
    "role": (gettext_lazy("Sebagai"), CODE),
    "facts": (gettext_lazy("Data yang dicatat"), COUNT),
    "deadlines": (gettext_lazy("Batas waktu baru"), COUNT),
    "not_in_registry": (gettext_lazy("Tidak ada di data ASN"), BOOL),
    "suggestion_rank": (gettext_lazy("Peringkat saran"), NUMBER),
    "act": (gettext_lazy("Perbuatan"), CODE),
    "form": (gettext_lazy("Bentuk pelanggaran"), CODE),
    "level": (gettext_lazy("Tingkat"), CODE),
    "warnings": (gettext_lazy("Peringatan"), COUNT),
    "code": (gettext_lazy("Kode"), CODE),
    "due": (gettext_lazy("Jatuh tempo"), DATE),
    "kind": (gettext_lazy("Jenis"), CODE),
    "letter_number": (gettext_lazy("Nomor surat"), TEXT),
    "format": (gettext_lazy("Format"), CODE),
    "rows": (pgettext_lazy("plural", "Baris"), NUMBER),
    "sanction": (gettext_lazy("Sanksi"), CODE),
    "new_sanction": (gettext_lazy("Sanksi baru"), CODE),
    "decree_number": (gettext_lazy("Nomor SK"), TEXT),
    "decree_date": (gettext_lazy("Tanggal SK"), DATE),
    "received_on": (gettext_lazy("Diterima"), DATE),
    "compliance": (gettext_lazy("Kesesuaian"), CODE),
    "file_sha256": (gettext_lazy("Sidik berkas"), HASH),
    "sha256": (gettext_lazy("Sidik berkas"), HASH),
    "filed_on": (gettext_lazy("Diajukan"), DATE),
    "deadline": (gettext_lazy("Batas waktu"), DATE),
    "outcome": (gettext_lazy("Hasil"), CODE),
    "decided_on": (gettext_lazy("Diputus"), DATE),
    "court_case_number": (gettext_lazy("Nomor perkara"), TEXT),
    "ruled_on": (gettext_lazy("Tanggal putusan"), DATE),
    "reason": (gettext_lazy("Alasan"), TEXT),
    "problem": (gettext_lazy("Masalah"), TEXT),
    "source": (gettext_lazy("Sumber"), CODE),
    "reporter_mode": (gettext_lazy("Identitas pelapor"), CODE),
    "has_contact": (gettext_lazy("Ada kontak pelapor"), BOOL),
    "evidence": (gettext_lazy("Bukti"), COUNT),
    "by_reporter": (gettext_lazy("Oleh pelapor"), BOOL),
    "display": (gettext_lazy("Salinan tampilan"), BOOL),
    "length": (gettext_lazy("Panjang pesan (karakter)"), NUMBER),
    "reply_by": (gettext_lazy("Dijawab paling lambat"), DATE),
    "old": (gettext_lazy("Sebelumnya"), CODE),
    "new": (gettext_lazy("Menjadi"), CODE),
    "fields": (pgettext_lazy("plural", "Isian"), COUNT),
    "size": (gettext_lazy("Ukuran (bita)"), NUMBER),
    "username": (gettext_lazy("Nama pengguna"), TEXT),
    "is_staff": (gettext_lazy("Staf"), BOOL),
    "is_superuser": (gettext_lazy("Administrator penuh"), BOOL),
    "sessions_ended": (gettext_lazy("Sesi diakhiri"), NUMBER),
    "backup_codes": (gettext_lazy("Kode cadangan"), NUMBER),
    "devices_left": (gettext_lazy("Perangkat tersisa"), NUMBER),
    "starts_on": (gettext_lazy("Mulai"), DATE),
    "ends_on": (pgettext_lazy("end date", "Selesai"), DATE),
    "signed_on": (gettext_lazy("Ditandatangani"), DATE),
    "created": (gettext_lazy("Baru"), NUMBER),
    "already": (gettext_lazy("Sudah ada"), NUMBER),
    "added": (gettext_lazy("Ditambahkan"), NUMBER),
    "errors": (gettext_lazy("Galat"), COUNT),
    "people": (gettext_lazy("Orang"), COUNT),
    "units": (pgettext_lazy("plural", "Unit kerja"), COUNT),
    "recipients": (gettext_lazy("Penerima"), COUNT),
    "changed": (gettext_lazy("Perubahan"), COUNT),
    "milestone_days": (gettext_lazy("Hari sebelum pemungutan suara"), NUMBER),
    "days_to_vote": (gettext_lazy("Hari menuju pemungutan suara"), NUMBER),
    "count": (gettext_lazy("Jumlah"), NUMBER),
    "version": (gettext_lazy("Versi"), NUMBER),
    "date": (gettext_lazy("Tanggal"), DATE),
    "name": (gettext_lazy("Nama"), TEXT),
    "decree": (gettext_lazy("Dasar penetapan"), TEXT),
    # retention (cases/retention.py, ADR 0014): counts only
    "days": (gettext_lazy("Masa retensi (hari)"), NUMBER),
    "messages": (gettext_lazy("Pesan dihapus"), NUMBER),
    "links": (gettext_lazy("Tautan dihapus"), NUMBER),
    "cases": (gettext_lazy("Kasus dihapus isinya"), NUMBER),
    "identities": (gettext_lazy("Identitas pelapor dihapus"), NUMBER),
    "files_removed": (gettext_lazy("Berkas bukti dihapus"), NUMBER),
    "failed": (gettext_lazy("Gagal diproses"), NUMBER),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEX = re.compile(r"^[0-9a-f]{64}$")

Labeller = Callable[[str], str | None]


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


_VALUES: dict[tuple[str | None, str], Labeller] = {}


def register_values(key: str, labeller: Labeller, *, actions: tuple[str, ...] = ()) -> None:
    """``labeller(code) -> label or None`` for a payload key, in the given actions (all
    actions when none are named). Registered by the app that writes those codes."""
    for action in actions or (None,):
        _VALUES[(action, key)] = labeller


def choices_labeller(choices) -> Labeller:
    """A labeller from a TextChoices class (its labels are lazy translations)."""
    labels = dict(choices.choices)
    return lambda code: str(labels[code]) if code in labels else None


def _date(value: str) -> str:
    from netra.web.templatetags.netra_format import format_date

    try:
        return format_date(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return ""


def _count(value) -> str:
    if isinstance(value, list | dict | tuple):
        n = len(value)
        return ngettext("%(n)s butir", "%(n)s butir", n) % {"n": n} if n else ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _value(action: str, key: str, kind: str, value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if kind == BOOL:
        return _("Ya") if value else _("Tidak")
    if kind == NUMBER:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""
    if kind == COUNT:
        return _count(value)
    if kind == DATE:
        return _date(value) if isinstance(value, str) and _ISO_DATE.match(value) else ""
    if kind == HASH:
        return f"{value[:12]}…" if isinstance(value, str) and _HEX.match(value) else ""
    if kind == TEXT:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value if isinstance(v, str | int))
        return str(value) if isinstance(value, str | int) else ""
    # CODE: only through a labeller registered for this action and key (or for the key).
    labeller = _VALUES.get((action, key)) or _VALUES.get((None, key))
    if labeller is None:
        return ""
    if isinstance(value, list):
        labels = [labeller(str(v)) for v in value]
        return ", ".join(label for label in labels if label)
    return labeller(str(value)) or ""


def describe(action: str, payload: dict) -> list[Fact]:
    """The payload as labelled facts, in the payload's order; empty when nothing is readable."""
    facts = []
    if not isinstance(payload, dict):
        return facts
    for key, value in payload.items():
        entry = KEYS.get(key)
        if entry is None:
            continue
        label, kind = entry
        shown = _value(action, key, kind, value)
        if shown:
            facts.append(Fact(str(label), shown))
    return facts

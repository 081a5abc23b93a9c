"""Validity guidance, not rejection (DOMAIN.md §2.2, §8.4): the reporting window and the formal
and material requirements, computed for the form and snapshotted on the report.

Window lengths and their day unit are dated rule settings (rules/data/settings.toml), read with
`setting_value`, so a change of law is a new data row, not a code change.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from netra.elections.choices import ElectionKind
from netra.rules.selectors import setting_value
from netra.workdays.calendar import add_working_days, calendar_deadline

DEFAULT_WINDOW = {"regional": (7, "calendar"), "general": (7, "working")}

FORMAL = {
    "reporter_identity": _("Identitas pelapor (nama dan alamat)"),
    "reported_party": _("Pihak terlapor"),
    "within_window": _("Dilaporkan dalam batas waktu melapor sejak kejadian diketahui"),
    "signature": _("Tanda tangan sesuai KTP (diperiksa petugas)"),
}
MATERIAL = {
    "time_place": _("Waktu dan tempat kejadian"),
    "description": _("Uraian kejadian"),
    "witnesses": _("Saksi"),
    "evidence": _("Bukti (dokumen, foto, video, tautan)"),
}
MIN_DESCRIPTION = 30


@dataclass(frozen=True)
class Window:
    kind: str  # election kind, or "unknown"
    days: int
    unit: str  # "calendar" or "working"
    learned_on: dt.date | None
    deadline: dt.date | None

    def late_on(self, day: dt.date) -> bool:
        return self.deadline is not None and day > self.deadline

    def as_dict(self, today: dt.date) -> dict:
        return {
            "election_kind": self.kind,
            "days": self.days,
            "unit": self.unit,
            "learned_on": self.learned_on.isoformat() if self.learned_on else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "late": self.late_on(today),
        }


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def window_rule(kind: str, on: dt.date | None = None) -> tuple[int, str]:
    """(days, unit) for an election kind on a date; unknown kind -> the shorter calendar rule."""
    key = kind if kind in DEFAULT_WINDOW else ElectionKind.REGIONAL
    days_default, unit_default = DEFAULT_WINDOW[key]
    days_row = setting_value(f"report.window.{key}.days", on)
    unit_row = setting_value(f"report.window.{key}.unit", on)
    days = _int(days_row.value if days_row else None, days_default)
    unit = unit_row.value if unit_row and unit_row.value in ("calendar", "working") else None
    return days, unit or unit_default


def reporting_window(
    *, election_kind: str | None, learned_on: dt.date | None, region_code: str | None = None
) -> Window:
    kind = election_kind or "unknown"
    days, unit = window_rule(kind, learned_on)
    deadline = None
    if learned_on is not None:
        if unit == "working":
            deadline = add_working_days(learned_on, days, region_code)
        else:
            deadline = calendar_deadline(learned_on, days)
    return Window(kind, days, unit, learned_on, deadline)


CORRECTION_SETTING = "report.correction.days"


def correction_days(on: dt.date | None = None) -> int | None:
    """Calendar days the reporter has to complete a report (Perbawaslu 7/2022 Pasal 15), the
    one stored figure: the rules setting `report.correction.days`, which the cases deadline
    rule `correction` also counts (cases/data/deadlines.toml names it). None when not loaded."""
    row = setting_value(CORRECTION_SETTING, on)
    value = _int(row.value if row else None, 0)
    return value if value > 0 else None


def guidance_snapshot(
    *,
    window: Window,
    submitted_on: dt.date,
    reporter_mode: str,
    identity: dict,
    reported: dict,
    event_date: dt.date | None,
    place_text: str,
    description: str,
    evidence_count: int,
    link_count: int,
) -> dict:
    """What the officer sees first: late or not, and which requirements look missing."""
    formal = []
    if reporter_mode == "anonymous" or not (identity.get("name") and identity.get("address")):
        formal.append("reporter_identity")
    if not any(reported.get(k) for k in ("name", "nip", "nik")):
        formal.append("reported_party")
    if window.deadline is None or window.late_on(submitted_on):
        formal.append("within_window")
    formal.append("signature")  # an online form cannot carry a signature matching the e-KTP
    material = []
    if event_date is None or not place_text.strip():
        material.append("time_place")
    if len(description.strip()) < MIN_DESCRIPTION:
        material.append("description")
    if not identity.get("witnesses"):
        material.append("witnesses")
    if evidence_count + link_count == 0:
        material.append("evidence")
    return {
        "window": window.as_dict(submitted_on),
        "formal_missing": formal,
        "material_missing": material,
    }


def labels(codes: list[str]) -> list[str]:
    merged = FORMAL | MATERIAL
    return [str(merged[c]) for c in codes if c in merged]

"""The case timeline in words: one readable line per `CaseEvent`, in the active language.

A line never shows a code, a slug or an ISO date: states, levels, letter kinds and acts are
written with their labels, people by name (only for readers who may see who is reported; the
others read that the person was set or changed, without the name).
"""

from django.utils.translation import gettext as _

from netra.cases.choices import CaseEventKind, CaseState
from netra.documents.choices import DocumentKind
from netra.rules.choices import SanctionLevel

K = CaseEventKind


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else ""


def _act_label(slug: str) -> str:
    from netra.rules.selectors import act_get

    act = act_get(slug) if slug else None
    return str(act.label) if act is not None else ""


def _person(value, personal: bool) -> str:
    """A person as the timeline names them: name and NIP, or "not in the registry"."""
    if not value:
        return _("tidak ada di registri")
    if not personal:
        return _("(disembunyikan)")
    name = str(value.get("name") or "").strip()
    nip = str(value.get("nip") or "").strip()
    return f"{name} (NIP {nip})" if nip else name


def _with_reason(text: str, details: dict) -> str:
    reason = str(details.get("reason") or "").strip()
    if not reason:
        return text
    return _("%(text)s Alasan: %(reason)s") % {"text": text, "reason": reason}


def _classification(details: dict) -> str:
    act = _act_label(details.get("act", "")) or _("perbuatan tidak dikenal")
    level = _label(SanctionLevel, details.get("level")) or _("tanpa tingkat")
    return _("%(act)s, tingkat %(level)s") % {"act": act, "level": level}


def event_line(event, *, personal: bool = True) -> str:
    """What `event` changed, as one sentence in the active language."""
    details = event.details or {}
    kind = event.kind or K.TRANSITION
    if kind == K.TRANSITION:
        if not event.from_state:
            return _("Kasus dibuka.")
        return _("Status menjadi %(state)s.") % {"state": _label(CaseState, event.to_state)}
    if kind == K.IDENTITY_RESOLVED:
        if not details.get("new"):
            return _("Terlapor dinyatakan tidak ada di registri.")
        return _("Terlapor ditetapkan: %(person)s.") % {
            "person": _person(details.get("new"), personal)
        }
    if kind == K.IDENTITY_CHANGED:
        text = _("Terlapor diubah dari %(old)s menjadi %(new)s.") % {
            "old": _person(details.get("old"), personal),
            "new": _person(details.get("new"), personal),
        }
        return _with_reason(text, details)
    if kind == K.MERGED:
        if details.get("side") == "duplicate":
            text = _("Kasus ini digabung ke kasus %(other)s.")
        else:
            text = _("Kasus %(other)s digabung ke kasus ini; laporannya ditangani di sini.")
        return _with_reason(text % {"other": details.get("other", "")}, details)
    if kind == K.UNMERGED:
        if details.get("side") == "duplicate":
            text = _("Penggabungan ke kasus %(other)s dibatalkan; kasus ini ditangani lagi.")
        else:
            text = _("Penggabungan kasus %(other)s dibatalkan; laporannya dilepas kembali.")
        return _with_reason(text % {"other": details.get("other", "")}, details)
    if kind == K.CLASSIFIED:
        return _("Klasifikasi dicatat: %(classification)s.") % {
            "classification": _classification(details)
        }
    if kind == K.CLASSIFICATION_CHANGED:
        return _("Klasifikasi diubah dari %(old)s menjadi %(new)s.") % {
            "old": _classification(details.get("old") or {}),
            "new": _classification(details),
        }
    if kind == K.LETTER_ISSUED:
        letter = _label(DocumentKind, details.get("letter_kind")) or _("Surat")
        return _("%(letter)s diterbitkan dengan nomor %(number)s.") % {
            "letter": letter,
            "number": details.get("letter_number", ""),
        }
    if kind == K.DECREE_RECORDED:
        return _("Keputusan PPK dicatat: SK nomor %(number)s.") % {
            "number": details.get("decree_number", "")
        }
    return _label(CaseEventKind, kind)

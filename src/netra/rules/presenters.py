"""Plain dicts of catalog rows for the command line's --json output."""

from netra.rules.models import RecommendingAuthority, ViolationForm


def form_dict(form: ViolationForm, *, detail: bool = False) -> dict:
    data = {
        "code": form.code,
        "version": form.version,
        "regulation": form.regulation.code,
        "item": form.item,
        "category": form.category,
        "level": form.level,
        "level_setting": form.level_setting or None,
        "phase_hint": form.phase_hint,
        "label_id": form.label_id,
        "label_en": form.label_en,
        "contested": form.contested,
    }
    if detail:
        data |= {
            "legal_basis": form.legal_basis,
            "contested_note": form.contested_note,
            "unconfirmed": form.unconfirmed,
            "valid_from": form.valid_from.isoformat() if form.valid_from else None,
            "valid_to": form.valid_to.isoformat() if form.valid_to else None,
            "source": form.source,
        }
    return data


def authority_dict(authority: RecommendingAuthority | None) -> dict | None:
    if authority is None:
        return None
    return {
        "code": authority.code,
        "name_id": authority.name_id,
        "name_en": authority.name_en,
        "valid_from": authority.valid_from.isoformat() if authority.valid_from else None,
        "valid_to": authority.valid_to.isoformat() if authority.valid_to else None,
        "legal_basis": authority.legal_basis,
    }

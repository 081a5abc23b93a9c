"""How the audit trail names the rules catalog's codes in event payloads (discovered by
`netra.audit.apps`): a sanction, a violation form and a prohibited act by their labels."""

from netra.audit.describe import register_values
from netra.rules.models import ProhibitedAct, Sanction, ViolationForm


def _latest_label(model, code: str) -> str | None:
    row = model.objects.filter(code=code).order_by("-version").first()
    return row.label if row else None


def _act_label(value: str) -> str | None:
    acts = ProhibitedAct.objects
    row = acts.filter(pk=int(value)).first() if value.isdigit() else acts.filter(slug=value).first()
    return row.label if row else None


register_values("sanction", lambda code: _latest_label(Sanction, code))
register_values("new_sanction", lambda code: _latest_label(Sanction, code))
register_values("form", lambda code: _latest_label(ViolationForm, code))
register_values("act", _act_label)

"""How the audit trail reads the sanctions app's events (discovered by `netra.audit.apps`).

A decision, an objection or appeal, and a data block are readable by whoever sees their case
(`selectors.decisions_for`, `remedies_for`, `data_blocks_for`), and belong to that case.
"""

from netra.audit.describe import choices_labeller, register_values
from netra.audit.scoping import register_case_objects, register_names, register_scope, uuids
from netra.cases.choices import Compliance, RemedyOutcome
from netra.cases.choices import Remedy as RemedyKind
from netra.sanctions.models import DataBlock, Decision, Remedy


def _case_numbers(model):
    def names_for(ids) -> dict[str, str]:
        rows = model.objects.filter(public_id__in=uuids(ids)).values_list(
            "public_id", "case__number"
        )
        return {str(pid): number for pid, number in rows}

    return names_for


def _scoped(selector_name):
    def refs_for(user):
        from netra.sanctions import selectors

        return getattr(selectors, selector_name)(user)

    return refs_for


for _model, _selector in (
    (Decision, "decisions_for"),
    (Remedy, "remedies_for"),
    (DataBlock, "data_blocks_for"),
):
    register_scope(_model, _scoped(_selector))
    register_case_objects(
        _model, lambda numbers, model=_model: model.objects.filter(case__number__in=numbers)
    )
    register_names(_model, _case_numbers(_model))


register_values("compliance", choices_labeller(Compliance))
register_values(
    "kind",
    choices_labeller(RemedyKind),
    actions=("sanctions.remedy_filed", "sanctions.remedy_decided"),
)
register_values("outcome", choices_labeller(RemedyOutcome), actions=("sanctions.remedy_decided",))

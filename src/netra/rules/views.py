"""Public pages: the neutrality rules in plain words (/aturan/) and one form (/aturan/<code>/)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import Category, MappingSlot, SanctionLevel


def _levels(values: list[str]) -> str:
    return ", ".join(str(SanctionLevel(value).label) for value in values if value in SanctionLevel)


def catalog(request):
    forms = list(selectors.form_list())
    forms_by_code = {form.code: form for form in forms}
    acts = []
    for act in selectors.act_list():
        acts.append(
            {
                "act": act,
                "before": forms_by_code.get(
                    selectors.act_form_code(act, MappingSlot.SKB2022_PROSPECTIVE)
                ),
                "after": forms_by_code.get(
                    selectors.act_form_code(act, MappingSlot.SKB2022_CANDIDATE)
                ),
            }
        )
    sanction_groups = []
    sanctions = selectors.sanction_list()
    for employee_type in EmployeeType:
        rows = [
            {"sanction": sanction, "levels": _levels(sanction.levels)}
            for sanction in sanctions
            if employee_type.value in sanction.employee_types
        ]
        sanction_groups.append({"label": employee_type.label, "rows": rows})
    context = {
        "acts": acts,
        "ethics_forms": [
            f for f in forms if f.regulation.code == "SKB-2022" and f.category == Category.ETHICS
        ],
        "discipline_forms": [
            f
            for f in forms
            if f.regulation.code == "SKB-2022" and f.category == Category.DISCIPLINE
        ],
        "old_forms": [f for f in forms if f.regulation.code == "SKB-2020"],
        "sanction_groups": sanction_groups,
        "authorities": selectors.authority_list(),
        "regulations": selectors.regulation_list(),
    }
    return render(request, "rules/catalog.html", context)


def form_detail(request, code: str):
    form = selectors.form_get(code)
    if form is None:
        raise Http404(_("Bentuk pelanggaran tidak dikenal."))
    setting = selectors.setting_value(form.level_setting) if form.level_setting else None
    context = {
        "form": form,
        "setting": setting,
        "acts": selectors.acts_for_form(form.code),
    }
    return render(request, "rules/form_detail.html", context)

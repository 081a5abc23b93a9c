"""Public pages: the neutrality rules in plain words (/aturan/), one form (/aturan/<code>/), the
guide (/aturan/panduan/), the self-check (/aturan/cek-diri/) and how to report
(/aturan/cara-melapor/). No account and no cookie: the self-check is a GET form."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.registry.choices import EmployeeType
from netra.rules import guide as guide_content
from netra.rules import selectors
from netra.rules.choices import Category, MappingSlot, SanctionLevel, Verdict
from netra.rules.classification import ClassificationError
from netra.rules.forms import EMPLOYEE_TYPE_CHOICES, SelfCheckForm


def _levels(values: list[str]) -> str:
    return ", ".join(str(SanctionLevel(value).label) for value in values if value in SanctionLevel)


def catalog(request):
    forms = list(selectors.form_list())
    forms_by_code = {form.code: form for form in forms}
    acts = []
    for act in selectors.act_list():
        if act.verdict == Verdict.ALLOWED:
            continue  # no form to show: the guide lists what is allowed
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
        # Discipline forms now: SKB 2022's and those taken from PP 94/2021 itself.
        "discipline_forms": [
            f
            for f in forms
            if f.regulation.code in ("SKB-2022", "PP-94-2021") and f.category == Category.DISCIPLINE
        ],
        "old_forms": [f for f in forms if f.regulation.code in ("SKB-2020", "PP-53-2010")],
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
        # The setting's value is a sanction level: shown by its label, never the raw value.
        "setting_label": (
            SanctionLevel(setting.value).label
            if setting and setting.value in SanctionLevel.values
            else ""
        ),
        "acts": selectors.acts_for_form(form.code),
    }
    return render(request, "rules/form_detail.html", context)


def guide(request):
    entries = guide_content.guide_entries(timezone.localdate())
    context = {"entries": entries, "allowed": guide_content.allowed_items()}
    return render(request, "rules/guide.html", context)


def guide_act(request, slug: str):
    entry = guide_content.guide_entry(slug, timezone.localdate())
    if entry is None:
        raise Http404(_("Perbuatan tidak dikenal."))
    phases = [
        {"title": _("Sebelum penetapan calon"), "rule": entry.before},
        {"title": _("Setelah penetapan calon"), "rule": entry.after},
    ]
    return render(request, "rules/guide_act.html", {"entry": entry, "phases": phases})


def self_check(request):
    submitted = any(name in request.GET for name in SelfCheckForm.base_fields)
    preset = request.GET.get("perbuatan", "")
    form = SelfCheckForm(request.GET if submitted else None, preset_act=preset)
    answer, status = None, 200
    if submitted:
        if form.is_valid():
            data = form.cleaned_data
            try:
                answer = guide_content.self_check_answer(
                    act=data["act"],
                    employee_type=data["employee_type"],
                    act_date=data["act_date"],
                    election=data["election"],
                    race=data.get("race"),
                )
            except ClassificationError as exc:
                form.add_error(None, exc.message)
                status = 400
        else:
            status = 400
    context = {
        "form": form,
        "answer": answer,
        "employee_label": dict(EMPLOYEE_TYPE_CHOICES).get(form.data.get("employee_type")),
    }
    response = render(request, "rules/self_check.html", context, status=status)
    # The answer says what a person did: no shared cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


def how_to_report(request):
    return render(request, "rules/how_to_report.html")

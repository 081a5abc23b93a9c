"""Inputs of the case pages (and of the API transition endpoint, which reuses them).

Each workflow move the case pages make has a form (`transition_form_class(source, target)`,
mostly by target through `TRANSITION_FORMS`) whose `facts()` are exactly the facts that move's
guards read and that the officer may state; `note()` is the free text kept on the case event.
Facts the data decides (person resolved, classification, deadlines passed...) are derived by
`services.case_facts` and are never taken from a form. The moves whose records the sanctions
app keeps (`workflow.RECORDED_MOVES`) have no form here.
"""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.cases import recommendation
from netra.cases.choices import CaseState, OfficialOutcome, Requirement
from netra.registry.choices import EmployeeType
from netra.rules.choices import PhaseHint

S = CaseState

# Formal and material requirements of a report (DOMAIN.md §2.2; Perbawaslu 7/2022).
REQUIREMENTS = tuple(Requirement.choices)
REQUIREMENT_CODES = tuple(Requirement.values)
# intake.guidance codes (computed when the report came in) -> the checklist's codes
_GUIDANCE_CODES = {
    "reporter_identity": "reporter_identity",
    "reported_party": "reported_person",
    "within_window": "within_deadline",
    "signature": "signature_matches_id",
    "time_place": "time_and_place",
    "description": "description",
    "witnesses": "witnesses",
    "evidence": "evidence",
}


def suspected_missing(case) -> list[str]:
    """Checklist items the intake guidance flagged as probably missing on the primary report
    (a hint for the officer, who decides)."""
    guidance = (case.report.guidance or {}) if case is not None else {}
    flagged = [*guidance.get("formal_missing", []), *guidance.get("material_missing", [])]
    codes = {_GUIDANCE_CODES[c] for c in flagged if c in _GUIDANCE_CODES}
    return [code for code in REQUIREMENT_CODES if code in codes]


STOP_OUTCOMES = (
    OfficialOutcome.NOT_PROVEN,
    OfficialOutcome.CANCELLED,
    OfficialOutcome.REJECTED,
)
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
_CHECKS = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
_SELECT = {"class": "form-select"}


def _date_widget():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class TransitionForm(forms.Form):
    """A move without facts of its own: an optional note for the case timeline."""

    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=4000, widget=_TEXT, strip=True
    )
    fact_fields: tuple[str, ...] = ()

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    def facts(self) -> dict:
        """The facts this move records on the case (cleaned data of `fact_fields`)."""
        data = self.cleaned_data
        return {name: data[name] for name in self.fact_fields if data.get(name) not in (None, "")}

    def note_text(self) -> str:
        return self.cleaned_data.get("note", "")


class ReasonForm(TransitionForm):
    """Not registering or stopping: a reason is required (guard `reason_given`)."""

    reason = forms.CharField(label=_("Alasan"), max_length=4000, widget=_TEXT, strip=True)
    fact_fields = ("reason",)


class CorrectionRequestForm(TransitionForm):
    """Ask the reporter to complete the report within 3 days (DOMAIN.md §2.2)."""

    missing = forms.MultipleChoiceField(
        label=_("Syarat yang belum lengkap"), choices=REQUIREMENTS, widget=_CHECKS
    )
    note = forms.CharField(
        label=_("Pesan kepada pelapor"),
        max_length=4000,
        widget=_TEXT,
        strip=True,
        help_text=_("Pelapor membaca pesan ini di halaman status laporannya."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("missing", suspected_missing(self.case))

    def facts(self) -> dict:
        return {"missing_requirements": list(self.cleaned_data["missing"])}


class RegisterForm(TransitionForm):
    """The formal and material checklist: registration needs every requirement met."""

    met = forms.MultipleChoiceField(
        label=_("Syarat yang terpenuhi"), choices=REQUIREMENTS, widget=_CHECKS, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.case is not None:
            suspected = suspected_missing(self.case)
            self.initial.setdefault("met", [c for c in REQUIREMENT_CODES if c not in suspected])

    def facts(self) -> dict:
        met = [code for code in REQUIREMENT_CODES if code in self.cleaned_data.get("met", [])]
        missing = [code for code in REQUIREMENT_CODES if code not in met]
        return {
            "requirements_met": met,
            "missing_requirements": missing,
            "formal_complete": not missing,
        }


class FindingsForm(TransitionForm):
    """Closing the study: the findings (guard `study_has_findings`)."""

    study_findings = forms.CharField(
        label=_("Temuan kajian"), max_length=20000, widget=_TEXT, strip=True
    )
    fact_fields = ("study_findings",)


class StopForm(TransitionForm):
    """Stopping a case: a reason and, from the task force, the official outcome."""

    reason = forms.CharField(label=_("Alasan"), max_length=4000, widget=_TEXT, strip=True)
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        required=False,
        choices=[("", "—")] + [(o.value, o.label) for o in STOP_OUTCOMES],
        widget=forms.Select(attrs=_SELECT),
    )
    fact_fields = ("reason", "outcome")


class _RecommendationForm(TransitionForm):
    """The recommended level and sanction(s): only catalogue sanctions valid for the person's
    employee type on the act's date, grouped by level, with the regulation
    (`cases/recommendation.py`); first offered as the case records them, else as the study
    classified. The service checks them again (`services.case_transition`)."""

    recommended_level = forms.ChoiceField(
        label=_("Tingkat sanksi yang direkomendasikan"),
        required=False,
        choices=(),
        widget=forms.Select(attrs=_SELECT),
    )
    recommended_sanctions = forms.MultipleChoiceField(
        label=_("Sanksi yang direkomendasikan"),
        required=False,
        choices=(),
        widget=_CHECKS,
        help_text=_(
            "Hanya sanksi yang berlaku bagi jenis pegawai terlapor pada tanggal perbuatan, "
            "menurut tingkatnya."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        valid = recommendation.valid_sanctions(self.case) if self.case is not None else []
        self.fields["recommended_level"].choices = [
            ("", "—"),
            *recommendation.level_choices(valid),
        ]
        self.fields["recommended_sanctions"].choices = recommendation.sanction_groups(valid)
        if not self.is_bound and self.case is not None:
            try:
                current = recommendation.recommendation_check(
                    self.case, {k: v for k, v in (self.case.facts or {}).items() if v}
                )
            except recommendation.RecommendationInvalid:
                current = {}
            self.initial.setdefault("recommended_level", current.get("recommended_level"))
            self.initial.setdefault("recommended_sanctions", current.get("recommended_sanctions"))

    def facts(self) -> dict:
        facts = super().facts()
        data = self.cleaned_data
        if data.get("recommended_sanctions"):
            facts["recommended_sanctions"] = list(data["recommended_sanctions"])
        if data.get("recommended_level"):
            facts["recommended_level"] = data["recommended_level"]
        return facts


class RecommendForm(_RecommendationForm, FindingsForm):
    """Bawaslu concludes the study as "recommended": the findings, and the recommended level
    and sanction(s)."""


class ForwardToPpkForm(_RecommendationForm):
    """The task force forwards the recommendation to the PPK, stating the level and the
    sanction(s)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommended_sanctions"].required = True


# By target state; `TRANSITION_FORMS_BY_EDGE` wins for a (source, target) pair. The moves whose
# records the sanctions app keeps (`workflow.RECORDED_MOVES`: the PPK's decree, objection/appeal
# and its decision, court, closing after the remedy window, the data block) have no form here:
# they are made on the sanctions pages and endpoints only.
TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    S.FORMAL_CHECK: TransitionForm,
    S.NEEDS_CORRECTION: CorrectionRequestForm,
    S.REGISTERED: RegisterForm,
    S.NOT_REGISTERED: ReasonForm,
    S.TASK_FORCE_VERIFICATION: TransitionForm,
    S.STUDY: TransitionForm,
    S.NOT_A_VIOLATION: FindingsForm,
    S.STOPPED: StopForm,
    S.RECOMMENDED: RecommendForm,
    S.RECOMMENDATION_TO_AUTHORITY: TransitionForm,
    S.RECOMMENDATION_TO_PPK: ForwardToPpkForm,
    S.PPK_NO_FOLLOW_UP: TransitionForm,
    S.UNBLOCKED: TransitionForm,
    S.DEEMED_UNDECIDED: TransitionForm,
    S.CLOSED: TransitionForm,
}
TRANSITION_FORMS_BY_EDGE: dict[tuple[str, str], type[TransitionForm]] = {
    (S.NEEDS_CORRECTION, S.NOT_REGISTERED): TransitionForm,  # the deadline passed: no reason
}


def transition_form_class(source: str, target: str) -> type[TransitionForm]:
    return TRANSITION_FORMS_BY_EDGE.get((str(source), str(target))) or TRANSITION_FORMS.get(
        str(target), TransitionForm
    )


# --- Other case actions -------------------------------------------------------------------


class IdentityConfirmForm(forms.Form):
    """Confirm a registry person (by public id) or record "not in registry"."""

    person = forms.UUIDField(required=False, widget=forms.HiddenInput)
    not_in_registry = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Required by the service once the study has started and an identity is already set.
    reason = forms.CharField(
        label=_("Alasan mengganti terlapor"), required=False, max_length=4000, strip=True
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("not_in_registry")):
            raise forms.ValidationError(
                _("Pilih satu terlapor dari registri, atau tandai 'tidak ada di registri'.")
            )
        return data


class RegistrySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama, NIP atau NIK di registri"),
        max_length=200,
        min_length=2,
        strip=True,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


class MergeForm(forms.Form):
    """Merge a duplicate (by its case public id) into the case being viewed."""

    UNMERGE = "unmerge"

    duplicate = forms.UUIDField(widget=forms.HiddenInput)
    # The first post shows both cases side by side; the second confirms, with the reason
    # (required by the service). `action=unmerge` undoes a merge, also with a reason.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        required=False, choices=[("", ""), (UNMERGE, UNMERGE)], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=4000, strip=True, widget=_TEXT
    )


class ClassifyForm(forms.Form):
    """The study's classification (rules.classification via services.case_classify)."""

    act = forms.ChoiceField(
        label=_("Perbuatan yang dilarang"), choices=(), widget=forms.Select(attrs=_SELECT)
    )
    act_date = forms.DateField(label=_("Tanggal perbuatan"), widget=_date_widget())
    phase = forms.ChoiceField(
        label=_("Tahapan"),
        required=False,
        choices=[("", _("Menurut tanggal penetapan calon"))]
        + [(p.value, p.label) for p in (PhaseHint.PROSPECTIVE_CANDIDATE, PhaseHint.CANDIDATE)],
        widget=forms.Select(attrs=_SELECT),
    )
    employee_type = forms.ChoiceField(
        label=_("Jenis pegawai (jika terlapor tidak ada di registri)"),
        required=False,
        choices=[("", "—"), *EmployeeType.choices],
        widget=forms.Select(attrs=_SELECT),
    )

    def __init__(self, *args, acts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [("", "—")] + [(a.slug, a.label) for a in acts]

    def clean_act_date(self):
        value = self.cleaned_data["act_date"]
        if value > timezone.localdate() or value < dt.date(2000, 1, 1):
            raise forms.ValidationError(_("Tanggal perbuatan tidak masuk akal."))
        return value

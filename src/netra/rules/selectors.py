"""Reads of the rules catalog (public law: no scope filter). Each code's latest version wins."""

import datetime as dt

from django.db.models import F, QuerySet

from netra.rules.models import (
    ActFormMapping,
    ProhibitedAct,
    RecommendingAuthority,
    RegionalConsequence,
    Regulation,
    RuleSetting,
    Sanction,
    ViolationForm,
)


def _latest_versions(model) -> QuerySet:
    # The newest id per code picked in one scan of the (small) table, instead of a correlated
    # MAX(version) per row: with many dead rows (reference data reloaded) PostgreSQL ran that
    # subquery as a sequential scan per outer row.
    newest: dict[str, tuple[int, int]] = {}
    for pk, code, version in model.objects.values_list("pk", "code", "version"):
        if code not in newest or version > newest[code][0]:
            newest[code] = (version, pk)
    return model.objects.filter(pk__in=[pk for _version, pk in newest.values()])


def regulation_list() -> QuerySet[Regulation]:
    # Same order on SQLite and PostgreSQL: open-ended starts first.
    return _latest_versions(Regulation).order_by(F("valid_from").asc(nulls_first=True), "code")


def regulation_get(code: str) -> Regulation | None:
    return Regulation.objects.filter(code=code).order_by("-version").first()


def form_list(*, category: str | None = None, regulation: str | None = None) -> QuerySet:
    forms = _latest_versions(ViolationForm).select_related("regulation")
    if category:
        forms = forms.filter(category=category)
    if regulation:
        forms = forms.filter(regulation__code=regulation)
    return forms.order_by("-regulation__valid_from", "position", "code")


def form_get(code: str) -> ViolationForm | None:
    return (
        ViolationForm.objects.select_related("regulation")
        .filter(code=code)
        .order_by("-version")
        .first()
    )


def sanction_list(*, employee_type: str | None = None) -> list[Sanction]:
    sanctions = list(_latest_versions(Sanction).select_related("regulation").order_by("position"))
    if employee_type:
        sanctions = [s for s in sanctions if employee_type in s.employee_types]
    return sanctions


def act_list() -> QuerySet[ProhibitedAct]:
    return ProhibitedAct.objects.prefetch_related("mappings").order_by("position", "slug")


def act_get(slug: str) -> ProhibitedAct | None:
    return ProhibitedAct.objects.prefetch_related("mappings").filter(slug=slug).first()


def acts_for_form(code: str) -> QuerySet[ProhibitedAct]:
    slugs = ActFormMapping.objects.filter(form_code=code).values("act_id")
    return ProhibitedAct.objects.filter(pk__in=slugs).order_by("position")


def act_form_code(act: ProhibitedAct, slot: str) -> str:
    for mapping in act.mappings.all():
        if mapping.slot == slot:
            return mapping.form_code
    return ""


def setting_value(code: str, on: dt.date | None = None) -> RuleSetting | None:
    """The newest version of a setting in force on `on` (versions without a start always are)."""
    versions = RuleSetting.objects.filter(code=code).order_by("-version")
    for version in versions:
        if on is None or version.valid_from is None or version.valid_from <= on:
            return version
    return None


def setting_values_on(on: dt.date) -> dict[str, str]:
    """{code: value} of every setting in force on `on`, in one query."""
    values: dict[str, str] = {}
    for version in RuleSetting.objects.order_by("code", "-version"):
        in_force = version.valid_from is None or version.valid_from <= on
        if version.code not in values and in_force:
            values[version.code] = version.value
    return values


def setting_list() -> QuerySet[RuleSetting]:
    return _latest_versions(RuleSetting).order_by("code")


def authority_list() -> QuerySet[RecommendingAuthority]:
    return _latest_versions(RecommendingAuthority).order_by(
        "pending", F("valid_from").asc(nulls_first=True), "code"
    )


def recommending_authority_on(day: dt.date) -> RecommendingAuthority | None:
    """Who recommends sanctions after Bawaslu on `day` (DOMAIN.md §3). A body still pending
    (no start date yet) never answers."""
    for authority in authority_list().filter(pending=False):
        if authority.valid_on(day):
            return authority
    return None


def regional_consequence_list(region_code: str | None = None) -> list[RegionalConsequence]:
    rows = list(_latest_versions(RegionalConsequence).order_by("region_code", "code"))
    if region_code:
        # A province's rule also covers its regencies; a regency's covers its districts.
        rows = [
            row
            for row in rows
            if region_code == row.region_code or region_code.startswith(f"{row.region_code}.")
        ]
    return rows

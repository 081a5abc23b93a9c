"""Case handling: deadline reference data, cases wired to intake reports, their timelines."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.cases.choices import (
    CaseEventKind,
    CaseState,
    DeadlineScope,
    DeadlineUnit,
    OfficialOutcome,
)


class DeadlineRule(models.Model):
    """How long a step may take (DOMAIN.md §2.3, §8): a dated, versioned data row, never code.

    Loaded from `cases/data/deadlines.toml`; a changed rule is a new version. `days` is null
    where the law sets no duration; `setting_code` then names a rules setting operators may set.
    """

    code = models.CharField(_("kode"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    election_kind = models.CharField(
        _("berlaku untuk"),
        max_length=16,
        choices=DeadlineScope.choices,
        default=DeadlineScope.ANY,
    )
    unit = models.CharField(_("satuan"), max_length=16, choices=DeadlineUnit.choices)
    days = models.PositiveSmallIntegerField(_("jumlah hari"), null=True, blank=True)
    setting_code = models.CharField(_("pengaturan"), max_length=64, blank=True)
    # The case facts holding the date the rule counts from, in order of preference (e.g.
    # "decision_received_on,decree_date"); empty: from the move that starts it.
    counts_from = models.CharField(_("dihitung sejak"), max_length=128, blank=True)
    label_id = models.TextField(_("uraian"))
    label_en = models.TextField(_("uraian (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    source = models.TextField(_("sumber"), blank=True)
    unverified = models.BooleanField(_("belum terverifikasi"), default=False)
    note = models.TextField(_("catatan"), blank=True)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "election_kind", "-version"]
        verbose_name = _("aturan batas waktu")
        verbose_name_plural = pgettext_lazy("plural", "aturan batas waktu")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "election_kind", "version"], name="cases_deadline_rule_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}/{self.election_kind} v{self.version}"

    @property
    def label(self) -> str:
        lang = (translation.get_language() or "id").split("-")[0]
        return (self.label_en if lang == "en" else "") or self.label_id


class Case(models.Model):
    """A report under handling. Only `services.case_transition` writes `state`.

    Scoped by `region` (from the primary report) and, for the PPK side, by the resolved person's
    agency (`selectors.case_list_for`). Merged reports are linked through `CaseReport`; nothing
    is deleted on merge.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("nomor kasus"), max_length=20, unique=True)
    state = models.CharField(
        _("status"), max_length=32, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    report = models.ForeignKey(
        "intake.Report",
        verbose_name=_("laporan utama"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("pemilihan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("terlapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_not_in_registry = models.BooleanField(_("terlapor tidak ada di registri"), default=False)
    # `netra.rules.classification.Classification.as_dict()` at the time of classifying.
    classification = models.JSONField(_("klasifikasi"), default=dict, blank=True)
    # Facts recorded with transitions (findings, decision, remedy...): the guards read them.
    facts = models.JSONField(_("fakta"), default=dict, blank=True)
    outcome = models.CharField(
        _("hasil resmi"), max_length=32, choices=OfficialOutcome.choices, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Retention (ADR 0014, `cases/retention.py`): the case's free text and its reports' content
    # were purged; the row stays as a skeleton (number, region, state, dates) and moves no more.
    purged_at = models.DateTimeField(_("isi dihapus (retensi)"), null=True, blank=True)

    class Meta:
        verbose_name = _("kasus")
        verbose_name_plural = pgettext_lazy("plural", "kasus")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "region"], name="cases_case_state_region_idx"),
            models.Index(fields=["region", "created_at"], name="cases_case_region_created_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def election_kind(self) -> str:
        """`general` or `regional` (which deadline rows apply); "" for a report that named no
        election."""
        return self.election.kind if self.election_id else ""


class CaseReport(models.Model):
    """A report handled in a case: the primary one and any merged into it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_reports")
    report = models.ForeignKey("intake.Report", on_delete=models.PROTECT, related_name="+")
    is_primary = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "report"], name="cases_case_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.report_id}"


class CaseEvent(models.Model):
    """The case's own (internal) timeline: one row per step that changed the case.

    `kind` says what: a state change (`from_state` -> `to_state`), or another change recorded
    while the case was in `to_state` (identity, merge, classification, letter, decree), with
    what changed in `details` (`cases/timeline.py` turns a row into a readable line)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(
        max_length=32, choices=CaseEventKind.choices, default=CaseEventKind.TRANSITION
    )
    details = models.JSONField(default=dict, blank=True)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state}"


class CaseDeadline(models.Model):
    """A deadline a transition started. `met_at` is set when the step it times ends."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    code = models.CharField(max_length=64)
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=32)  # the state whose entry started it
    started_at = models.DateTimeField()
    due_date = models.DateField(null=True, blank=True)
    unit = models.CharField(max_length=16, choices=DeadlineUnit.choices, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    overdue_since = models.DateField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # When its owners were reminded before it falls due (once; notifications.py).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["due_date"],
                name="cases_deadline_open_due_idx",
                condition=models.Q(met_at__isnull=True),
            ),
            models.Index(fields=["case", "met_at"], name="cases_deadline_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.due_date or '-'}"

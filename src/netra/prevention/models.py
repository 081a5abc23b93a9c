"""Prevention (DOMAIN.md §7): pledge templates, socialization activities and their attendance,
pledge campaigns and pledges, integrity pacts, coverage reminders."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.language import is_english
from netra.prevention.choices import (
    KINDS_WITHOUT_ATTENDANCE,
    ActivityKind,
    AttendanceSource,
    IdentityCheck,
    ImportOutcome,
    PledgeElectionKind,
    PledgeMethod,
    PledgeScope,
    SecondFactor,
)


class PledgeTemplate(models.Model):
    """The wording of a pledge as a source gives it: a dated, versioned data row.

    Loaded from `prevention/data/pledge_templates.toml`. The Indonesian text of a version never
    changes once loaded (it may have been read out or signed): a changed text is a new version.
    `points` is an ordered list of {"id": ..., "en": ...}; the Indonesian is the pledge itself,
    the English only translates it for the interface.
    """

    code = models.CharField(_("kode"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    scope = models.CharField(
        _("cakupan"), max_length=16, choices=PledgeScope.choices, default=PledgeScope.NATIONAL
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    election_kind = models.CharField(
        _("berlaku untuk"),
        max_length=16,
        choices=PledgeElectionKind.choices,
        default=PledgeElectionKind.ANY,
    )
    title_id = models.CharField(_("judul"), max_length=200)
    title_en = models.CharField(_("judul (Inggris)"), max_length=200, blank=True)
    points = models.JSONField(_("butir ikrar"), default=list)
    closing_id = models.TextField(_("kalimat penutup"), blank=True)
    closing_en = models.TextField(_("kalimat penutup (Inggris)"), blank=True)
    source = models.TextField(_("sumber"))
    valid_from = models.DateField(_("berlaku sejak"))
    unverified = models.BooleanField(_("belum terverifikasi"), default=False)
    note = models.TextField(_("catatan"), blank=True)
    loaded_at = models.DateTimeField(_("dimuat pada"), auto_now=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("templat ikrar")
        verbose_name_plural = pgettext_lazy("plural", "templat ikrar")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="prevention_pledge_version"),
            models.CheckConstraint(
                condition=Q(scope=PledgeScope.NATIONAL, region_code="")
                | (Q(scope=PledgeScope.REGIONAL) & ~Q(region_code="")),
                name="prevention_pledge_region_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return (self.title_en if is_english() else "") or self.title_id

    @property
    def closing(self) -> str:
        return (self.closing_en if is_english() else "") or self.closing_id

    @property
    def point_texts(self) -> list[str]:
        """The points in the interface language (Indonesian where no translation exists)."""
        key = "en" if is_english() else "id"
        return [point.get(key) or point["id"] for point in self.points]


class Activity(models.Model):
    """A socialization activity: an apel, a briefing, a video conference, a circular letter...

    Scoped like everything else by the organising agency and its region (accounts.scopes).
    `check_in_token` is the secret in the event's QR code; anyone holding it may check in with
    their NIP and birth date while check-in is open.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("jenis kegiatan"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("instansi penyelenggara"),
        on_delete=models.PROTECT,
        related_name="prevention_activities",
    )
    unit = models.ForeignKey(
        "registry.WorkUnit",
        verbose_name=_("unit penyelenggara"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prevention_activities",
    )
    # The agency's region at creation (scope filters use it; central agencies have none).
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="prevention_activities",
    )
    partners = models.JSONField(_("mitra"), default=list, blank=True)  # PartnerBody values
    audience = models.JSONField(_("sasaran"), default=list, blank=True)  # EmployeeType values
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    link = models.URLField(_("tautan"), blank=True)
    description = models.TextField(_("uraian"), blank=True)
    check_in_token = models.CharField(max_length=32, unique=True, editable=False)
    check_in_open = models.BooleanField(_("presensi mandiri dibuka"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("kegiatan pencegahan")
        verbose_name_plural = pgettext_lazy("plural", "kegiatan pencegahan")
        indexes = [models.Index(fields=["agency", "held_on"], name="prev_activity_agency_day")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.check_in_token:
            self.check_in_token = secrets.token_urlsafe(16)
        super().save(*args, **kwargs)

    @property
    def takes_attendance(self) -> bool:
        return self.kind not in KINDS_WITHOUT_ATTENDANCE


class ActivityMaterial(models.Model):
    """A file shown or handed out at an activity (slides, leaflet, circular letter)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("judul"), max_length=200)
    file_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("materi kegiatan")
        verbose_name_plural = pgettext_lazy("plural", "materi kegiatan")

    def __str__(self) -> str:
        return self.title


class AttendanceImport(models.Model):
    """One uploaded attendance list and its per-row report, applied or rejected as a whole."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField(max_length=64)
    outcome = models.CharField(_("hasil"), max_length=10, choices=ImportOutcome.choices)
    rows_total = models.PositiveIntegerField(default=0)
    rows_added = models.PositiveIntegerField(default=0)
    # [{"row": n, "status": "added|already|error", "message": ..., "person": public_id}, ...]
    report = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("impor daftar hadir")
        verbose_name_plural = pgettext_lazy("plural", "impor daftar hadir")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display()})"


class Attendance(models.Model):
    """A registry person who attended an activity (once per activity)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="prevention_attendances"
    )
    source = models.CharField(_("sumber"), max_length=10, choices=AttendanceSource.choices)
    batch = models.ForeignKey(
        AttendanceImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("kehadiran")
        verbose_name_plural = pgettext_lazy("plural", "kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="prev_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.person_id}"


class PledgeCampaign(models.Model):
    """An agency asks its staff to pledge for one election with one template version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("judul"), max_length=200)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="pledge_campaigns",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="pledge_campaigns",
    )
    template = models.ForeignKey(
        PledgeTemplate,
        verbose_name=_("templat ikrar"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    # Proof that the person on the phone is the person: NIP and birth date are no secret.
    second_factor = models.CharField(
        _("bukti kedua"),
        max_length=12,
        choices=SecondFactor.choices,
        default=SecondFactor.CONTACT_CODE,
    )
    # Whom a person asks when the registry data is wrong or no code reaches them.
    help_contact = models.CharField(_("kontak kepegawaian"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("kampanye ikrar")
        verbose_name_plural = pgettext_lazy("plural", "kampanye ikrar")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="prev_campaign_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class PledgeCode(models.Model):
    """A second-factor code of one person in one campaign (issue 13 §3): a one-time code sent
    to their registry contact (short-lived, few attempts) or a personal pledge code issued by
    HR (printed, valid for the campaign). Only a keyed digest is stored; a code is used once,
    by the pledge it proves. At most one live code per person, campaign and kind."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(PledgeCampaign, on_delete=models.CASCADE, related_name="codes")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=12, choices=SecondFactor.choices)
    digest = models.CharField(max_length=64)
    # Where a one-time code was sent: "email" or "sms" (empty for HR codes).
    channel = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kode ikrar")
        verbose_name_plural = pgettext_lazy("plural", "kode ikrar")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "kind"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="prev_code_one_live",
            )
        ]
        indexes = [models.Index(fields=["person", "created_at"], name="prev_code_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class Pledge(models.Model):
    """One person's pledge in one campaign, with the template version they read (frozen)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(PledgeCampaign, on_delete=models.PROTECT, related_name="pledges")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="pledges")
    # The version read at signing; a campaign's template never rewrites a pledge already made.
    template = models.ForeignKey(PledgeTemplate, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("cara"), max_length=12, choices=PledgeMethod.choices)
    identity_check = models.CharField(
        _("pemeriksaan identitas"), max_length=12, choices=IdentityCheck.choices
    )
    # The apel at which a collective pledge was read (its evidence).
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    certificate = models.OneToOneField(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledge",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pledged_at = models.DateTimeField(_("waktu ikrar"))

    class Meta:
        ordering = ["-pledged_at", "-id"]
        verbose_name = _("ikrar")
        verbose_name_plural = pgettext_lazy("plural", "ikrar")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="prev_pledge_once"),
            models.CheckConstraint(
                condition=Q(method=PledgeMethod.INDIVIDUAL) | Q(activity__isnull=False),
                name="prev_collective_pledge_has_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.person_id}"


class IntegrityPact(models.Model):
    """A *pakta integritas* signed by a unit head for an election: the signed scan, kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "registry.Agency", on_delete=models.PROTECT, related_name="integrity_pacts"
    )
    unit = models.ForeignKey(
        "registry.WorkUnit",
        verbose_name=_("unit kerja"),
        on_delete=models.PROTECT,
        related_name="integrity_pacts",
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="integrity_pacts",
    )
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    signed_on = models.DateField(_("tanggal tanda tangan"))
    file_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("pakta integritas")
        verbose_name_plural = pgettext_lazy("plural", "pakta integritas")
        constraints = [
            models.UniqueConstraint(fields=["unit", "election"], name="prev_pact_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.election_id}"


class CoverageReminder(models.Model):
    """A reminder sent to an agency's HR about units below the coverage threshold (sent once
    per agency, election and days-to-vote milestone)."""

    agency = models.ForeignKey("registry.Agency", on_delete=models.CASCADE, related_name="+")
    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="+")
    milestone_days = models.PositiveIntegerField()
    units_below = models.JSONField(default=list)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "election", "milestone_days"], name="prev_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.election_id}:{self.milestone_days}"

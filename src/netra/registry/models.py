"""ASN registry: agencies (each with its staffing authority, PPK), work units and people.

Sized for ~4.4 M people: lookups go through indexed normalised columns (`nip`, `nik`,
`name_key`), never through LIKE on the name as written.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.registry.choices import (
    AgencyKind,
    EmployeeType,
    FunctionalGroup,
    Gender,
    ImportJobFailure,
    ImportJobStatus,
    PersonStatus,
    PositionType,
)


class Agency(models.Model):
    """An *instansi*: a central ministry/agency or a regional government."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=AgencyKind.choices)
    # The region a regional government governs; for central agencies, null (national).
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    # The staffing authority (PPK): the office, e.g. "Bupati Bogor", and optionally who holds it.
    ppk_title = models.CharField(_("jabatan PPK"), max_length=200, blank=True)
    ppk_name = models.CharField(_("nama PPK"), max_length=200, blank=True)
    ppk_email = models.EmailField(_("e-mail PPK"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = pgettext_lazy("plural", "instansi")

    def __str__(self) -> str:
        return self.name


class WorkUnit(models.Model):
    """A *unit kerja* / OPD inside an agency (dinas, badan, sekolah, puskesmas...)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("nama"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = pgettext_lazy("plural", "unit kerja")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name_key"], name="unit_unique_per_agency")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee_type = models.CharField(
        _("jenis pegawai"), max_length=8, choices=EmployeeType.choices, db_index=True
    )
    # NIP for PNS, NI PPPK for PPPK (both 18 digits, normalised); non-ASN staff may have none.
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, null=True, blank=True, unique=True)
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, db_index=True)
    name = models.CharField(_("nama (dengan gelar)"), max_length=200)
    name_plain = models.CharField(_("nama tanpa gelar"), max_length=200)
    # Lower-case, accent- and punctuation-free form of `name_plain` for indexed lookups.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    # Spelling-variant key (`registry.names.name_variants_key`) for identity-resolution blocking.
    name_variants_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    position_type = models.CharField(
        _("jenis jabatan"), max_length=12, choices=PositionType.choices, blank=True
    )
    functional_group = models.CharField(
        _("kelompok fungsional"),
        max_length=8,
        choices=FunctionalGroup.choices,
        default=FunctionalGroup.NONE,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    # The e-mail and phone from the registry import, for one-time pledge codes: one AES-GCM
    # envelope (registry/contacts.py), never shown in full. The digest compares without opening.
    contact_sealed = models.TextField(blank=True, default="", editable=False)
    contact_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Set by the PostgreSQL import (`import_pg`) for a row imported without any issue: the digest
    # of the file row and of the values it wrote. Re-importing the same row while the person
    # still holds those values skips it without validating or writing anything.
    import_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key"]
        verbose_name = _("pegawai")
        verbose_name_plural = pgettext_lazy("plural", "pegawai")
        indexes = [
            models.Index(fields=["agency", "status"], name="person_agency_status_idx"),
            models.Index(fields=["agency", "functional_group"], name="person_agency_group_idx"),
            models.Index(fields=["region"], name="person_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(employee_type=EmployeeType.NON_ASN) | Q(nip__isnull=False),
                name="person_asn_has_nip",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if update_fields is None or "name_plain" in update_fields:
            # Keep the derived name index current for single saves (bulk paths call
            # `index_people` themselves, set-based).
            from netra.registry.name_index import index_people

            index_people([self.pk])


class ImportJob(models.Model):
    """A registry import started on the web (agency HR or an admin), run by a Celery worker.

    The counts are the import's summary (`services.ImportSummary`); `rows_done` is written when
    the job ends (live progress while it runs: `import_jobs.progress_read`). The uploaded file is
    deleted once read; the per-row report stays for download.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The agency whose registry this is; null: an administrator's import for every agency.
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    file_name = models.CharField(_("nama berkas"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("ukuran berkas"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.QUEUED,
        db_index=True,
    )
    failure = models.CharField(
        _("sebab gagal"), max_length=12, choices=ImportJobFailure.choices, blank=True
    )
    rows_total = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("baris diproses"), default=0)
    created = models.PositiveIntegerField(_("baru"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    warnings = models.PositiveIntegerField(_("peringatan"), default=0)
    has_report = models.BooleanField(_("ada laporan per baris"), default=False)
    # The uploader's page language: the per-row report is written in it.
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    started_at = models.DateTimeField(pgettext_lazy("import job", "mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(
        pgettext_lazy("import job", "selesai"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor registri")
        verbose_name_plural = pgettext_lazy("plural", "impor registri")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)


class ImportRun(models.Model):
    """The state of one set-based registry import (`registry.import_pg`), so an interrupted
    import resumes at its stage (`netra registry import --resume`). Bookkeeping only: the
    import's outcome is its audit event and, on the web, its `ImportJob`."""

    sha256 = models.TextField()
    # The import's options (JSON: the agency the import is limited to, if any).
    options = models.TextField()
    # new -> staged -> prepared -> done (see import_pg).
    stage = models.TextField()
    batches_done = models.IntegerField(default=0)
    # The running summary, the file's columns and the indexes set aside for a fresh load.
    summary = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "netra_registry_import_run"
        verbose_name = "import run"
        indexes = [models.Index(fields=["sha256", "stage"], name="import_run_file_stage_idx")]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} {self.stage}"


class PersonNameKey(models.Model):
    """Lookup keys of a person's normalised name (`registry.normalization.index_keys`).

    Derived data, written only by `registry.name_index.index_people`: one row per name token
    (`t:fauzi`) and per unordered pair of tokens (`p:fausi tegu`). The primary key
    (key, person) is the index the resolver reads; pairs keep each lookup small even where
    single names are shared by hundreds of thousands of people.
    """

    pk = models.CompositePrimaryKey("key", "person")
    key = models.CharField(max_length=124)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "person name key"

    def __str__(self) -> str:
        return self.key


class NameToken(models.Model):
    """Every normalised name token in the registry, with how many people carry it (approximate:
    counted when people are indexed, not lowered when a name changes). The resolver expands a
    mistyped token to its near neighbours here (pg_trgm on PostgreSQL) and skips tokens too
    common to narrow anything."""

    token = models.CharField(max_length=60, primary_key=True)
    people = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "name token"

    def __str__(self) -> str:
        return self.token

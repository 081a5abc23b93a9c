import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.documents import numbering
from netra.documents.choices import DocumentKind, DocumentStatus, InstitutionKind
from netra.documents.constants import SUBJECT_REF_MAX_LENGTH


class LetterInstitution(models.Model):
    """The letter settings of an institution that issues letters (docs/letters.md): its
    letterhead, place, signatory and numbering format.

    A Bawaslu row belongs to a region (a province or a regency/city; none for Bawaslu RI); an
    authority row names the `rules.RecommendingAuthority` code it speaks for (KASN, BKN).
    `netra load-reference` creates the national rows once and never overwrites them: the
    operators keep them current in the admin.
    """

    code = models.SlugField(_("kode"), max_length=64, unique=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=InstitutionKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah"),
        help_text=_("Untuk Bawaslu provinsi atau kabupaten/kota; kosong untuk Bawaslu RI."),
    )
    authority_code = models.CharField(
        _("kode lembaga pemberi rekomendasi"),
        max_length=64,
        blank=True,
        help_text=_("Untuk KASN atau BKN: kode baris lembaga pemberi rekomendasi (mis. BKN)."),
    )
    name = models.CharField(_("nama lembaga"), max_length=255)
    letterhead = models.TextField(
        _("kop surat"),
        help_text=_("Satu baris per baris kop, dari atas (mis. nama lembaga, lalu wilayahnya)."),
    )
    address = models.TextField(
        _("alamat"), blank=True, help_text=_("Alamat, telepon, laman; tampil di bawah kop.")
    )
    place = models.CharField(
        _("tempat penerbitan"), max_length=100, help_text=_("Kota di depan tanggal surat.")
    )
    addressee = models.CharField(
        _("sebutan penerima"),
        max_length=255,
        blank=True,
        help_text=_("Cara menyapa lembaga ini di surat yang ditujukan kepadanya (Yth. ...)."),
    )
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=255)
    number_format = models.CharField(
        _("format nomor surat"),
        max_length=200,
        help_text=_(
            "Isian: {seq} nomor urut per tahun ({seq:03d} tiga angka), {year} tahun, "
            "{month} bulan, {month_roman} bulan dalam angka Romawi, {day} tanggal."
        ),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan surat lembaga")
        verbose_name_plural = pgettext_lazy("plural", "pengaturan surat lembaga")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="bawaslu", region__isnull=False),
                name="documents_one_bawaslu_per_region",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="bawaslu", region__isnull=True),
                name="documents_one_bawaslu_ri",
            ),
            models.UniqueConstraint(
                fields=["authority_code"],
                condition=models.Q(kind="authority"),
                name="documents_one_row_per_authority",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        try:
            numbering.format_check(self.number_format)
        except numbering.NumberFormatError as exc:
            errors["number_format"] = str(exc)
        if self.kind == InstitutionKind.AUTHORITY and not self.authority_code.strip():
            errors["authority_code"] = _("Lembaga pemberi rekomendasi wajib diberi kodenya.")
        if self.kind == InstitutionKind.BAWASLU and self.authority_code.strip():
            errors["authority_code"] = _("Bawaslu tidak memakai kode lembaga pemberi rekomendasi.")
        if self.kind == InstitutionKind.AUTHORITY and self.region_id:
            errors["region"] = _("Lembaga pemberi rekomendasi tidak terikat pada wilayah.")
        if not [line for line in self.letterhead_lines if line]:
            errors["letterhead"] = _("Kop surat wajib diisi.")
        if errors:
            raise ValidationError(errors)

    @property
    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in (self.letterhead or "").splitlines() if line.strip()]

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in (self.address or "").splitlines() if line.strip()]


class LetterNumberCounter(models.Model):
    """The last running number an institution gave its letters in a year (one row per
    institution and year, taken with `select_for_update` by `letter_number_allocate`)."""

    institution = models.ForeignKey(
        LetterInstitution, on_delete=models.PROTECT, related_name="counters"
    )
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"], name="documents_counter_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.last_seq}"


class IssuedDocument(models.Model):
    """An official PDF that Netra issued, verifiable in public by its code.

    The PDF itself is stored content-addressed under MEDIA_ROOT/documents/ and checked against
    `sha256` on every read. Rows are never deleted: a wrong document is revoked.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=255)
    issuer = models.CharField(_("penerbit"), max_length=255)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    public_fields = models.JSONField(_("data publik"), default=dict, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.VALID
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    subject_ref = models.CharField(
        _("rujukan subjek"), max_length=SUBJECT_REF_MAX_LENGTH, blank=True, db_index=True
    )
    # Letters only: the number from the institution's numbering, and the institution.
    letter_number = models.CharField(_("nomor surat"), max_length=200, blank=True, db_index=True)
    institution = models.ForeignKey(
        LetterInstitution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lembaga penerbit"),
    )
    # A letter re-issued for the same subject replaces this one (nothing is deleted).
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("diganti oleh"),
    )
    superseded_at = models.DateTimeField(_("diganti pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = pgettext_lazy("plural", "dokumen terbit")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=DocumentStatus.VALID, revoked_at__isnull=True)
                | models.Q(status=DocumentStatus.REVOKED, revoked_at__isnull=False),
                name="documents_revoked_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(superseded_by__isnull=True, superseded_at__isnull=True)
                | models.Q(superseded_by__isnull=False, superseded_at__isnull=False),
                name="documents_superseded_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_current(self) -> bool:
        return self.status == DocumentStatus.VALID and self.superseded_by_id is None

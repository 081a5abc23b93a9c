"""The refusals of the cases app (netra.refusals): each code with its HTTP status and message.

The messages are Indonesian gettext sources; the English texts live in the app's catalog.
A refused workflow move carries the workflow's reason: `unknown_state`, `not_allowed` and
`role_not_allowed` here, or the name of the failing guard, whose message the guard itself
holds (`workflow.GUARDS`) and whose code is listed in `GuardErrorCode`.
"""

from django.utils.translation import gettext_lazy as _

from netra.cases import workflow
from netra.refusals import ErrorCode


class CaseErrorCode(ErrorCode):
    NOT_FOUND = "not_found", 404, _("Kasus tidak ditemukan.")
    UNKNOWN_STATE = workflow.UNKNOWN_STATE, 400, _("Status kasus tidak dikenal.")
    NOT_ALLOWED = workflow.NOT_ALLOWED, 409, _("Perubahan status ini tidak diperbolehkan.")
    ROLE_NOT_ALLOWED = (
        workflow.ROLE_NOT_ALLOWED,
        403,
        _("Peran Anda tidak berwenang melakukan tindakan ini pada kasus ini."),
    )
    CLOSED = "closed", 409, _("Kasus sudah selesai.")
    TARGET_CLOSED = "target_closed", 409, _("Kasus tujuan sudah selesai.")
    SAME_CASE = "same_case", 400, _("Kasus tidak dapat digabung dengan dirinya sendiri.")
    IDENTITY_CHOICE = (
        "identity_choice",
        400,
        _("Pilih satu terlapor dari registri, atau tandai 'tidak ada di registri'."),
    )
    PERSON_NOT_FOUND = "person_not_found", 400, _("Orang tersebut tidak ditemukan di registri.")
    EMPLOYEE_TYPE = (
        "employee_type",
        400,
        _("Tetapkan terlapor atau jenis pegawainya sebelum klasifikasi."),
    )
    ELECTION = (
        "election",
        400,
        _("Laporan tidak menyebut pemilihan; klasifikasi tidak dapat dilakukan."),
    )
    RECORDED_MOVE = (
        "recorded_move",
        409,
        _(
            "Perubahan ke status “%(state)s” dicatat melalui API sanksi (%(endpoint)s) yang "
            "menyimpan catatannya, bukan melalui endpoint ini. Tidak ada yang diubah."
        ),
    )
    INVALID_FORMAT = "invalid_format", 400, _("Format ekspor harus csv atau xlsx.")
    # Changing the reported person (ADR 0012) and merging (docs/cases-workflow.md).
    IDENTITY_AFTER_RECOMMENDATION = (
        "identity_after_recommendation",
        409,
        _(
            "Terlapor tidak dapat diubah setelah kajian direkomendasikan, karena rekomendasi "
            "dan suratnya menyebut orang ini. Bila terlapor keliru, hentikan penanganan kasus "
            "ini dengan alasan dan buka kasus baru untuk orang yang benar."
        ),
    )
    IDENTITY_REASON_REQUIRED = (
        "identity_reason_required",
        400,
        _("Kajian sudah dimulai: tuliskan alasan mengganti terlapor."),
    )
    MERGE_REASON_REQUIRED = (
        "merge_reason_required",
        400,
        _("Tuliskan alasan penggabungan."),
    )
    UNMERGE_REASON_REQUIRED = (
        "unmerge_reason_required",
        400,
        _("Tuliskan alasan membatalkan penggabungan."),
    )
    NOT_MERGED = "not_merged", 409, _("Kasus ini tidak sedang digabung ke kasus lain.")
    # The recommended level and sanctions (cases/recommendation.py).
    SANCTION_NOT_VALID = (
        "sanction_not_valid",
        400,
        _(
            "Pilih sanksi dari katalog yang berlaku bagi jenis pegawai terlapor pada tanggal "
            "perbuatan."
        ),
    )
    LEVEL_NOT_VALID = "level_not_valid", 400, _("Pilih tingkat sanksi yang direkomendasikan.")
    SANCTION_LEVEL_MISMATCH = (
        "sanction_level_mismatch",
        400,
        _("Setiap sanksi yang direkomendasikan harus termasuk tingkat yang dipilih."),
    )
    # A fact a move records (cases/facts.py) of the wrong type.
    FACT_INVALID = (
        "fact_invalid",
        400,
        _("Isian “%(fact)s” tidak sah: harus berupa %(expected)s. Tidak ada yang disimpan."),
    )
    UNMERGE_AFTER_RECOMMENDATION = (
        "unmerge_after_recommendation",
        409,
        _(
            "Penggabungan tidak dapat dibatalkan lagi: kasus %(number)s sudah sampai pada "
            "rekomendasi."
        ),
    )
    # Retention (ADR 0014): a purged case is a skeleton kept for statistics and the audit trail.
    PURGED = (
        "case_purged",
        409,
        _(
            "Isi kasus ini sudah dihapus sesuai jadwal retensi, sehingga kasus tidak dapat "
            "diubah lagi."
        ),
    )


class ReportErrorCode(ErrorCode):
    """Refusals about the report a case is opened from (its scope is intake's)."""

    NOT_FOUND = "not_found", 404, _("Laporan tidak ditemukan.")


class LetterErrorCode(ErrorCode):
    """Refusals of a case's letters (cases/letters.py; docs/letters.md)."""

    TOO_EARLY = (
        "too_early",
        400,
        _(
            "Surat ini baru dapat diterbitkan setelah kasus mencapai tahap “%(step)s” "
            "(status kasus sekarang: %(state)s)."
        ),
    )
    NOT_CLASSIFIED = (
        "not_classified",
        400,
        _(
            "Kasus belum diklasifikasi (bentuk pelanggaran belum ditetapkan); surat tidak dapat "
            "diterbitkan."
        ),
    )
    PERSON_UNRESOLVED = (
        "person_unresolved",
        400,
        _(
            "Terlapor dan instansinya belum ditetapkan dari registri; surat tidak dapat "
            "diterbitkan."
        ),
    )
    NO_AUTHORITY = (
        "no_authority",
        400,
        _("Tidak ada lembaga pemberi rekomendasi yang berlaku pada tanggal surat."),
    )
    PPK_UNKNOWN = (
        "ppk_unknown",
        400,
        _("Pejabat Pembina Kepegawaian (PPK) instansi terlapor belum tercatat di registri."),
    )
    SETTINGS_MISSING = (
        "letter_settings_missing",
        400,
        _(
            "Pengaturan surat %(institution)s belum ada, sehingga surat tidak dapat diterbitkan. "
            "Minta administrator mengisinya (Admin → Dokumen resmi → Pengaturan surat lembaga)."
        ),
    )
    SETTINGS_INCOMPLETE = (
        "letter_settings_incomplete",
        400,
        _(
            "Pengaturan surat %(institution)s belum memuat nama penanda tangan; surat tidak "
            "dapat diterbitkan. Minta administrator melengkapinya."
        ),
    )
    NOT_FOUND = "not_found", 404, _("Surat tidak ditemukan.")
    INTEGRITY_FAILED = (
        "integrity_failed",
        409,
        _(
            "Berkas surat tidak cocok dengan sidik SHA-256 yang tercatat; surat tidak "
            "diberikan. Laporkan kepada administrator."
        ),
    )


# A failing guard refuses the move with 400 and the guard's own message.
GuardErrorCode = ErrorCode(
    "GuardErrorCode",
    {name.upper(): (name, 400, guard.message) for name, guard in workflow.GUARDS.items()},
)

_REASONS = {
    workflow.UNKNOWN_STATE: CaseErrorCode.UNKNOWN_STATE,
    workflow.NOT_ALLOWED: CaseErrorCode.NOT_ALLOWED,
    workflow.ROLE_NOT_ALLOWED: CaseErrorCode.ROLE_NOT_ALLOWED,
}


def transition_error_code(reason: str) -> ErrorCode:
    """The refusal code of a `workflow.Decision` reason."""
    return _REASONS.get(reason) or GuardErrorCode(reason)

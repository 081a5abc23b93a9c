"""The refusals of the sanctions app (netra.refusals): each code with its HTTP status and message.

Input refusals name their fields (`Refusal(..., fields={"decree_date": DATE_IN_FUTURE})`); the
refusal itself is `INVALID`, whose message repeats the first field's. A refused workflow move
keeps the cases codes (`cases.errors`).
"""

from django.utils.translation import gettext_lazy as _

from netra.refusals import ErrorCode


class SanctionErrorCode(ErrorCode):
    # The case's state does not allow it.
    WRONG_STATE = (
        "wrong_state",
        400,
        _("Tindakan ini tidak dapat dilakukan pada status kasus saat ini (%(state)s)."),
    )
    NOT_AWAITING_DECISION = (
        "not_awaiting_decision",
        400,
        _("Kasus ini tidak sedang menunggu keputusan PPK."),
    )
    NOT_SANCTIONED = (
        "not_sanctioned",
        400,
        _("Keberatan atau banding hanya dapat dicatat atas keputusan sanksi yang berlaku."),
    )
    NO_REMEDY = (
        "no_remedy",
        400,
        _("Upaya administratif PP 79/2021 tidak berlaku untuk sanksi ini."),
    )
    NO_OPEN_REMEDY = (
        "no_open_remedy",
        400,
        _("Tidak ada keberatan atau banding yang menunggu putusan."),
    )
    ROLE_NOT_ALLOWED = (
        "role_not_allowed",
        403,
        _("Peran Anda tidak berwenang melakukan tindakan ini pada kasus ini."),
    )
    BKN_VERIFICATION_DONE = (
        "bkn_verification_done",
        400,
        _("Pemblokiran hanya setelah verifikasi, validasi dan/atau audit BKN selesai."),
    )
    # The decree file (storage.py).
    FILE_TOO_LARGE = "file_too_large", 400, _("Berkas SK terlalu besar (batas %(mb)s MB).")
    FILE_EMPTY = "file_empty", 400, _("Berkas SK kosong.")
    FILE_TYPE = "file_type", 400, _("Berkas SK harus berupa PDF.")
    DECISION_NOT_FOUND = "not_found", 404, _("Keputusan tidak ditemukan.")
    DECREE_FILE_CHANGED = (
        "decree_file_changed",
        409,
        _("Berkas SK tidak dapat dibuka: isinya tidak cocok dengan yang dicatat."),
    )
    # Bad input: the message of the first field refused.
    INVALID = "invalid", 400, _("Periksa isian: %(first)s")


class FieldErrorCode(ErrorCode):
    """Messages for one input field (used in `fields=`); the refusal is `INVALID`."""

    DATE_REQUIRED = "date_required", 400, _("Tanggal wajib diisi.")
    DATE_INVALID = "date_invalid", 400, _("Tanggal tidak valid.")
    DATE_IN_FUTURE = "date_in_future", 400, _("Tanggal tidak boleh di masa depan.")
    SANCTION_REQUIRED = "sanction_required", 400, _("Pilih sanksi yang dijatuhkan.")
    DECISION_REASON_REQUIRED = (
        "decision_reason_required",
        400,
        _("Sanksi yang dipilih berbeda dari rekomendasi: tuliskan alasannya."),
    )
    SANCTION_NOT_IN_CATALOGUE = (
        "sanction_not_in_catalogue",
        400,
        _("Sanksi '%(sanction)s' tidak ada dalam katalog untuk jenis pegawai %(employee_type)s."),
    )
    DECREE_NUMBER_REQUIRED = "decree_number_required", 400, _("Nomor SK wajib diisi.")
    DECREE_NUMBER_TOO_LONG = (
        "decree_number_too_long",
        400,
        _("Nomor SK paling panjang %(max_length)s karakter."),
    )
    RECEIVED_BEFORE_DECREE = (
        "received_before_decree",
        400,
        _("Tanggal diterima tidak boleh sebelum tanggal SK."),
    )
    GROUNDS_REQUIRED = "grounds_required", 400, _("Alasan keberatan wajib diisi.")
    RECEIVED_ON_REQUIRED = (
        "received_on_required",
        400,
        _("Catat tanggal keputusan diterima terlapor; batas pengajuan dihitung dari tanggal itu."),
    )
    FILED_BEFORE_RECEIVED = (
        "filed_before_received",
        400,
        _("Tanggal pengajuan tidak boleh sebelum keputusan diterima."),
    )
    OUTCOME_REQUIRED = "outcome_required", 400, _("Pilih hasil keberatan/banding.")
    DECIDED_BEFORE_FILED = (
        "decided_before_filed",
        400,
        _("Tanggal putusan tidak boleh sebelum tanggal pengajuan."),
    )
    SAME_SANCTION = (
        "same_sanction",
        400,
        _("Sanksi baru sama dengan sanksi semula; pilih hasil 'menguatkan'."),
    )
    NEW_SANCTION_NOT_EXPECTED = (
        "new_sanction_not_expected",
        400,
        _("Sanksi baru hanya dicatat bila putusan memperingan, memperberat atau mengubah."),
    )
    COURT_CASE_NUMBER_REQUIRED = (
        "court_case_number_required",
        400,
        _("Nomor perkara PTUN wajib diisi."),
    )
    COURT_CASE_NUMBER_TOO_LONG = (
        "court_case_number_too_long",
        400,
        _("Nomor perkara paling panjang %(max_length)s karakter."),
    )
    COURT_FILED_BEFORE_DECISION = (
        "court_filed_before_decision",
        400,
        _("Tanggal gugatan tidak boleh sebelum putusan keberatan atau banding."),
    )
    COURT_RULING_REQUIRED = "court_ruling_required", 400, _("Catat putusan pengadilan.")
    RULED_BEFORE_FILED = (
        "ruled_before_filed",
        400,
        _("Tanggal putusan pengadilan tidak boleh sebelum tanggal gugatan."),
    )

"""The refusals of the prevention app (netra.refusals): each code with its HTTP status and message.

Input refusals name their fields (`FieldRefusals`); the refusal itself is `INVALID`, whose
message repeats the first field's. The messages are Indonesian gettext sources; the English
texts live in the app's catalog (ADR 0005).

`AttendanceRowMessage` is not a refusal: it is what each row of an attendance import says
(stored as its code and parameters, rendered in the reader's language).
"""

from django.utils.translation import gettext_lazy as _

from netra.language import is_english
from netra.refusals import ErrorCode, Refusal


class PledgeErrorCode(ErrorCode):
    FORBIDDEN = "forbidden", 403, _("Anda tidak berwenang mengelola ikrar instansi ini.")
    INVALID = "invalid", 400, _("Periksa isian: %(first)s")
    TITLE = (
        "title",
        400,
        _("Judul wajib diisi (paling banyak %(max_title)s karakter)."),
    )
    STARTS_ON_REQUIRED = "starts_on_required", 400, _("Tanggal mulai wajib diisi.")
    ENDS_ON_REQUIRED = "ends_on_required", 400, _("Tanggal selesai wajib diisi.")
    ENDS_BEFORE_START = (
        "ends_before_start",
        400,
        _("Tanggal selesai tidak boleh sebelum tanggal mulai."),
    )
    TOO_LONG = "too_long", 400, _("Masa kampanye ikrar paling lama %(max_days)s hari.")
    STARTS_AFTER_VOTE = (
        "starts_after_vote",
        400,
        _("Kampanye ikrar harus dimulai paling lambat pada hari pemungutan suara."),
    )
    TEMPLATE_UNFIT = (
        "template_unfit",
        400,
        _("Templat ikrar ini tidak berlaku untuk instansi atau pemilihan ini."),
    )
    IDENTITY = (
        "identity",
        400,
        _(
            "Data yang Anda masukkan tidak cocok dengan data kepegawaian yang terdaftar. "
            "Periksa kembali nomor dan tanggal lahir (atau NIK) Anda."
        ),
    )
    IDENTITY_CHECK = "identity_check", 400, _("Pemeriksaan identitas tidak dikenal.")
    # The second factor (issue 13 §3).
    FACTOR_UNKNOWN = "factor_unknown", 400, _("Pilih jenis kode yang dipakai.")
    HELP_CONTACT = (
        "help_contact",
        400,
        _("Kontak kepegawaian paling panjang %(max_length)s karakter."),
    )
    FACTOR_MISMATCH = (
        "factor_mismatch",
        409,
        _("Kampanye ikrar ini memakai jenis kode yang lain."),
    )
    NO_CONTACT = (
        "no_contact",
        409,
        _("Data kepegawaian Anda tidak memuat e-mail atau nomor telepon untuk mengirim kode."),
    )
    TOO_MANY_SENDS = (
        "too_many_sends",
        429,
        _("Kode baru saja dikirim. Tunggu sebentar sebelum meminta kode lagi."),
    )
    NO_ONE_TO_ISSUE = (
        "no_one_to_issue",
        400,
        _("Tidak ada pegawai aktif yang belum berikrar untuk diberi kode."),
    )
    CODE_NONE = (
        "code_none",
        400,
        _("Belum ada kode yang berlaku untuk Anda. Minta kode terlebih dahulu."),
    )
    CODE_EXPIRED = (
        "code_expired",
        400,
        _("Kode ini sudah kedaluwarsa. Minta kode baru."),
    )
    CODE_LOCKED = (
        "code_locked",
        429,
        _("Terlalu banyak kode yang salah. Kode ini tidak dapat dipakai lagi."),
    )
    CODE_WRONG = "code_wrong", 400, _("Kode tidak cocok. Periksa kembali dan coba lagi.")
    OTHER_AGENCY = "other_agency", 403, _("Kampanye ikrar ini bukan milik instansi Anda.")
    CLOSED = "closed", 409, _("Kampanye ikrar ini tidak sedang dibuka.")
    ACTIVITY_MISMATCH = (
        "activity_mismatch",
        400,
        _("Kegiatan harus diselenggarakan instansi yang sama untuk pemilihan yang sama."),
    )
    NO_ATTENDANCE = "no_attendance", 400, _("Kegiatan ini tidak memiliki daftar hadir.")
    ACTIVITY_DATE = (
        "activity_date",
        400,
        _("Kegiatan harus sudah berlangsung dan jatuh dalam masa kampanye ikrar."),
    )
    NOT_ATTENDEE = (
        "not_attendee",
        400,
        _("Setiap orang yang dipilih harus tercatat hadir pada kegiatan ini."),
    )
    NO_ATTENDEES = (
        "no_attendees",
        400,
        _("Belum ada pegawai instansi ini yang tercatat hadir pada kegiatan ini."),
    )


class PactErrorCode(ErrorCode):
    FORBIDDEN = (
        "forbidden",
        403,
        _("Anda tidak berwenang mengelola pakta integritas instansi ini."),
    )
    INVALID = "invalid", 400, _("Periksa isian: %(first)s")
    DUPLICATE = (
        "duplicate",
        409,
        _("Pakta integritas unit ini untuk pemilihan ini sudah diunggah."),
    )
    SIGNER_NAME = (
        "signer_name",
        400,
        _("Nama penanda tangan wajib diisi (paling banyak %(max_text)s karakter)."),
    )
    SIGNER_POSITION = (
        "signer_position",
        400,
        _("Jabatan penanda tangan wajib diisi (paling banyak %(max_text)s karakter)."),
    )
    SIGNED_ON_REQUIRED = "signed_on_required", 400, _("Tanggal tanda tangan wajib diisi.")
    SIGNED_ON_FUTURE = (
        "signed_on_future",
        400,
        _("Tanggal tanda tangan tidak boleh di masa depan."),
    )
    SIGNED_AFTER_VOTE = (
        "signed_after_vote",
        400,
        _("Pakta integritas ditandatangani sebelum hari pemungutan suara."),
    )
    FILE_REQUIRED = "file_required", 400, _("Berkas pakta wajib diunggah.")


class FileErrorCode(ErrorCode):
    """A refused activity material or pact scan (prevention/storage.py)."""

    TOO_LARGE = "file_too_large", 400, _("Berkas terlalu besar (batas %(mb)s MB).")
    EMPTY = "file_empty", 400, _("Berkas kosong.")
    TYPE = "file_type", 400, _("Berkas harus berupa PDF, PNG atau JPEG.")


class AttendanceFileErrorCode(ErrorCode):
    """An attendance list that cannot be used as a whole (prevention/imports.py)."""

    TOO_LARGE = (
        "file_too_large",
        400,
        _("Berkas daftar hadir terlalu besar (batas %(kb)s KB)."),
    )
    EMPTY = "file_empty", 400, _("Berkas daftar hadir kosong.")
    ENCODING = "file_encoding", 400, _("Berkas CSV harus disimpan sebagai UTF-8.")
    XLSX = "file_xlsx", 400, _("Berkas XLSX rusak atau tidak utuh.")
    TYPE = "file_type", 400, _("Berkas harus berupa CSV (UTF-8) atau XLSX.")
    COLUMNS = (
        "file_columns",
        400,
        _(
            "Kolom tidak dikenali: baris pertama harus memuat kolom NIP, NIK atau Nama "
            "(boleh ditambah Unit Kerja)."
        ),
    )
    TOO_MANY_ROWS = (
        "file_too_many_rows",
        400,
        _("Daftar hadir terlalu panjang: paling banyak %(limit)s baris per berkas."),
    )
    NO_ROWS = "file_no_rows", 400, _("Daftar hadir tidak berisi baris data.")


class ActivityErrorCode(ErrorCode):
    FORBIDDEN = (
        "forbidden",
        403,
        _("Peran Anda tidak berwenang mengelola kegiatan instansi ini."),
    )
    NOT_FOUND = "not_found", 404, _("Kegiatan tidak ditemukan.")
    INVALID = "invalid", 400, _("Periksa isian: %(first)s")
    TITLE_REQUIRED = "title_required", 400, _("Judul wajib diisi.")
    KIND_UNKNOWN = "kind_unknown", 400, _("Jenis kegiatan tidak dikenal.")
    ELECTION_REQUIRED = "election_required", 400, _("Pilih pemilihan.")
    HELD_ON_REQUIRED = "held_on_required", 400, _("Tanggal wajib diisi.")
    UNIT_OTHER_AGENCY = (
        "unit_other_agency",
        400,
        _("Unit penyelenggara harus unit dari instansi ini."),
    )
    PARTNER_UNKNOWN = "partner_unknown", 400, _("Mitra tidak dikenal.")
    AUDIENCE_UNKNOWN = "audience_unknown", 400, _("Sasaran tidak dikenal.")
    LINK_INVALID = "link_invalid", 400, _("Tautan tidak sah.")
    LINK_REQUIRED = "link_required", 400, _("Konferensi video memerlukan tautan.")
    HAS_ATTENDANCE = (
        "has_attendance",
        409,
        _(
            "Kegiatan yang sudah memiliki daftar hadir tidak dapat diubah menjadi surat edaran "
            "atau brosur."
        ),
    )
    KIND_HAS_ATTENDANCE = (
        "kind_has_attendance",
        409,
        _("Sudah ada daftar hadir untuk kegiatan ini."),
    )
    MATERIAL_TITLE_REQUIRED = "material_title_required", 400, _("Judul materi wajib diisi.")
    MATERIAL_FILE_REQUIRED = "material_file_required", 400, _("Pilih berkas materi.")
    NO_ATTENDANCE = (
        "no_attendance",
        400,
        _("Kegiatan jenis ini (surat edaran, brosur) tidak mencatat kehadiran."),
    )
    CLOSED = "closed", 409, _("Presensi mandiri untuk kegiatan ini sedang ditutup.")
    MISMATCH = (
        "mismatch",
        400,
        _(
            "NIP/NIK dan tanggal lahir tidak cocok dengan data kepegawaian. Periksa kembali; "
            "bila sudah benar tetapi tetap ditolak, data Anda mungkin keliru: hubungi bagian "
            "kepegawaian %(agency)s (BKPSDM atau biro SDM)."
        ),
    )
    QR_MISSING = (
        "qr_missing",
        400,
        _(
            "Tautan ini tidak memuat kode presensi yang sah. Pindai kode QR yang tampil di layar "
            "panitia di tempat kegiatan."
        ),
    )
    QR_EXPIRED = (
        "qr_expired",
        410,
        _(
            "Kode QR ini sudah kedaluwarsa: kode di layar panitia berganti setiap beberapa "
            "menit. Pindai ulang kode QR yang tampil di layar panitia sekarang."
        ),
    )
    TOO_EARLY = (
        "too_early",
        409,
        _(
            "Presensi mandiri belum dibuka: kegiatan ini berlangsung %(day)s. Pindai kode QR "
            "di tempat kegiatan pada hari itu."
        ),
    )
    TOO_LATE = (
        "too_late",
        409,
        _(
            "Presensi mandiri untuk kegiatan ini sudah berakhir: kegiatannya berlangsung "
            "%(day)s. Bila Anda hadir tetapi belum tercatat, hubungi panitia agar dimasukkan ke "
            "daftar hadir."
        ),
    )


class CoverageErrorCode(ErrorCode):
    FORBIDDEN = "forbidden", 403, _("Peran Anda tidak dapat melihat cakupan.")
    UNKNOWN_ELECTION = "unknown_election", 400, _("Pemilihan tidak dikenal.")
    NO_ELECTION = "no_election", 400, _("Belum ada pemilihan.")


class AttendanceRowMessage(ErrorCode):
    """What one row of an attendance import says (stored as code + parameters)."""

    NIP_INVALID = "nip_invalid", 400, _("NIP/NI PPPK tidak sah: %(value)s.")
    NIK_INVALID = "nik_invalid", 400, _("NIK tidak sah: %(value)s.")
    NUMBER_SHARED = (
        "number_shared",
        400,
        _("%(kind)s tercatat untuk lebih dari satu orang; hubungi pengelola data."),
    )
    NOT_REGISTERED = (
        "not_registered",
        400,
        _("%(kind)s %(number)s tidak terdaftar di data kepegawaian."),
    )
    OTHER_AGENCY = "other_agency", 400, _("%(kind)s %(number)s bukan pegawai %(agency)s.")
    INACTIVE = (
        "inactive",
        400,
        _("%(kind)s %(number)s tidak berstatus aktif di data kepegawaian."),
    )
    NAME_NOT_FOUND = (
        "name_not_found",
        400,
        _("Nama '%(name)s' tidak ditemukan di antara pegawai aktif %(agency)s."),
    )
    NAME_AMBIGUOUS = (
        "name_ambiguous",
        400,
        _("Nama '%(name)s' tidak jelas, bisa beberapa orang: %(names)s. Tambahkan NIP."),
    )
    SAME_PERSON = "same_person", 400, _("Orang yang sama dengan baris %(first)s.")
    ALREADY = "already", 200, _("Sudah tercatat hadir.")
    ADDED = "added", 200, _("Ditambahkan.")


def attendance_row_text(entry: dict) -> str:
    """The message of one stored import-report row, in the active language."""
    code = entry.get("code")
    if code in AttendanceRowMessage._value2member_map_:
        return AttendanceRowMessage(code).render(entry.get("params"))
    # Reports stored before the rows carried codes keep both texts (stored data, ADR 0005).
    return entry.get("message_en" if is_english() else "message", "")


class PledgeError(Refusal):
    """A refused pledge operation (`PledgeErrorCode`); nothing was stored."""


class PactError(PledgeError):
    """A refused integrity-pact operation (`PactErrorCode`, `FileErrorCode`)."""


class ActivityError(Refusal):
    """A refused activity operation (`ActivityErrorCode`, `FileErrorCode`,
    `AttendanceFileErrorCode`); nothing was stored."""

"""What each public status means for the reporter, in plain words: what is happening, what
they can do, and by when. The only date the reporter must meet is an officer's request to
complete the report; it comes from the request's `reply_by`, which the case sets from its
correction deadline (cases/data/deadlines.toml), so the page never computes a date itself.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from netra.intake.choices import PublicStatus

_HAPPENING = {
    PublicStatus.RECEIVED: _(
        "Laporan Anda sudah masuk. Petugas Bawaslu memeriksa apakah syarat laporan sudah lengkap."
    ),
    PublicStatus.NEEDS_CORRECTION: _(
        "Petugas meminta Anda melengkapi laporan sebelum laporan dapat diregistrasi."
    ),
    PublicStatus.REGISTERED: _(
        "Laporan memenuhi syarat dan sudah dicatat untuk ditangani. Petugas mengumpulkan "
        "keterangan dan bukti."
    ),
    PublicStatus.NOT_REGISTERED: _(
        "Laporan tidak dapat ditangani lebih lanjut. Alasannya tertulis di perkembangan di bawah."
    ),
    PublicStatus.IN_STUDY: _(
        "Petugas sedang mengkaji apakah perbuatan yang dilaporkan melanggar netralitas ASN."
    ),
    PublicStatus.RECOMMENDED: _(
        "Hasil kajian sudah diteruskan kepada pejabat yang berwenang menjatuhkan sanksi."
    ),
    PublicStatus.DECIDED: _("Pejabat yang berwenang sudah memutuskan sanksi."),
    PublicStatus.MERGED: _(
        "Laporan Anda ditangani bersama laporan lain tentang kejadian yang sama."
    ),
    PublicStatus.CLOSED: _("Penanganan laporan ini sudah selesai."),
}

_YOU_CAN = {
    PublicStatus.RECEIVED: _(
        "Anda tidak perlu berbuat apa-apa. Bila petugas membutuhkan keterangan, permintaannya "
        "muncul di halaman ini."
    ),
    PublicStatus.NEEDS_CORRECTION: _(
        "Baca pesan petugas di bawah, lalu kirim balasan atau tambahkan bukti di halaman ini."
    ),
    PublicStatus.REGISTERED: _(
        "Anda dapat menambahkan bukti atau mengirim pesan kepada petugas di halaman ini."
    ),
    PublicStatus.NOT_REGISTERED: _(
        "Bila Anda punya keterangan atau bukti baru, Anda dapat membuat laporan baru."
    ),
    PublicStatus.IN_STUDY: _(
        "Anda dapat menambahkan bukti atau mengirim pesan kepada petugas di halaman ini."
    ),
    PublicStatus.RECOMMENDED: _(
        "Anda tidak perlu berbuat apa-apa. Kabar berikutnya muncul di halaman ini."
    ),
    PublicStatus.DECIDED: _("Anda tidak perlu berbuat apa-apa lagi."),
    PublicStatus.MERGED: _(
        "Anda tidak perlu berbuat apa-apa. Perkembangan penanganannya tetap muncul di halaman ini."
    ),
    PublicStatus.CLOSED: _("Anda tidak perlu berbuat apa-apa lagi."),
}


@dataclass(frozen=True)
class StatusHelp:
    label: str
    happening: str
    you_can: str
    reply_by: object  # a date, or None when nothing is asked of the reporter


def status_help(status: str, *, correction=None) -> StatusHelp:
    """The explanation of `status`; `correction` is the open request to complete the report
    (selectors.open_correction_request), whose deadline is the reporter's."""
    key = PublicStatus(status) if status in PublicStatus.values else PublicStatus.RECEIVED
    # An open request to complete the report is what matters to the reporter now.
    now = PublicStatus.NEEDS_CORRECTION if correction is not None else key
    reply_by = correction.reply_by if correction is not None else None
    return StatusHelp(str(key.label), str(_HAPPENING[now]), str(_YOU_CAN[now]), reply_by)

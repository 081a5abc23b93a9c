"""Human labels for every audit action the code records, grouped by area.

The action strings are the chain's stable identifiers (they are inside each event's hash); what a
reader sees is the label. `tests/test_labels.py` scans the source for every recorded action and
fails when one has no label here, so a new action cannot reach the trail as a raw code.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GROUPS: dict[str, object] = {
    "cases": _("Kasus"),
    "intake": _("Laporan"),
    "sanctions": _("Sanksi dan keputusan PPK"),
    "documents": _("Dokumen terbit"),
    "prevention": _("Pencegahan"),
    "accounts": _("Akun dan akses"),
    "registry": _("Data ASN"),
    "reference": _("Data rujukan"),
    "audit": _("Jejak audit"),
}

# action -> (group, label)
ACTIONS: dict[str, tuple[str, object]] = {
    # cases
    "cases.opened": ("cases", _("Kasus dibuka dari laporan")),
    "cases.transition": ("cases", _("Status kasus berpindah")),
    "cases.identity_resolved": ("cases", _("Identitas terlapor ditetapkan")),
    "cases.classified": ("cases", _("Pelanggaran diklasifikasikan")),
    "cases.merged": ("cases", _("Kasus duplikat digabungkan")),
    "cases.unmerged": ("cases", _("Penggabungan kasus dibatalkan")),
    "cases.milestone_reached": ("cases", _("Tanggal tahapan tercapai")),
    "cases.deadline_overdue": ("cases", pgettext_lazy("event", "Batas waktu terlewati")),
    "cases.deadline_escalated": ("cases", _("Batas waktu terlewati diteruskan ke atasan")),
    "cases.letter_issued": ("cases", _("Surat diterbitkan")),
    "cases.exported": ("cases", _("Daftar kasus diunduh")),
    "cases.purged": ("cases", _("Isi kasus dihapus sesuai jadwal retensi")),
    "cases.retention_run": ("cases", _("Penghapusan data sesuai jadwal retensi dijalankan")),
    # intake
    "intake.report_submitted": ("intake", _("Laporan dikirim")),
    "intake.evidence_added": ("intake", _("Bukti ditambahkan")),
    "intake.evidence_opened": ("intake", _("Bukti dibuka")),
    "intake.evidence_integrity_failed": ("intake", _("Bukti rusak atau berubah")),
    "intake.message_to_reporter": ("intake", _("Pesan kepada pelapor")),
    "intake.message_from_reporter": ("intake", _("Pesan dari pelapor")),
    "intake.status_set": ("intake", _("Status laporan diubah")),
    "intake.event_added": ("intake", _("Catatan linimasa laporan")),
    "intake.identity_revealed": ("intake", _("Identitas pelapor dibuka")),
    "intake.identity_refused": ("intake", _("Permintaan identitas pelapor ditolak")),
    "intake.idempotency_expired": ("intake", _("Kunci pengiriman ulang kedaluwarsa dihapus")),
    "intake.evidence_released": ("intake", _("Bukti dilepas dari karantina")),
    "intake.evidence_rechecked": ("intake", _("Bukti karantina diperiksa ulang")),
    "intake.evidence_check_failed": ("intake", _("Pemeriksaan berkas bukti gagal")),
    "intake.identity_erased": ("intake", _("Identitas pelapor dihapus sesuai jadwal retensi")),
    # sanctions
    "sanctions.decision_recorded": ("sanctions", _("Keputusan PPK dicatat")),
    "sanctions.decree_file_opened": ("sanctions", _("Berkas SK dibuka")),
    "sanctions.decree_integrity_failed": ("sanctions", _("Berkas SK rusak atau berubah")),
    "sanctions.remedy_filed": ("sanctions", _("Keberatan atau banding diajukan")),
    "sanctions.remedy_decided": ("sanctions", _("Keberatan atau banding diputus")),
    "sanctions.court_filed": ("sanctions", _("Gugatan ke pengadilan dicatat")),
    "sanctions.court_ruled": ("sanctions", _("Putusan pengadilan dicatat")),
    "sanctions.block_requested": ("sanctions", _("Pemblokiran data kepegawaian diminta")),
    "sanctions.block_activated": ("sanctions", _("Data kepegawaian diblokir")),
    "sanctions.block_lifted": ("sanctions", _("Pemblokiran data kepegawaian dibuka")),
    "sanctions.block_withdrawn": ("sanctions", _("Permintaan pemblokiran ditarik")),
    # documents
    "documents.document_issued": ("documents", _("Dokumen diterbitkan")),
    "documents.document_revoked": ("documents", _("Dokumen dicabut")),
    "documents.document_opened": ("documents", _("Dokumen dibuka")),
    "documents.integrity_failed": ("documents", _("Dokumen rusak atau berubah")),
    "documents.document_superseded": ("documents", _("Dokumen diganti dengan yang baru")),
    "documents.institution_created": ("reference", _("Lembaga penerbit surat ditambahkan")),
    "documents.institution_changed": ("reference", _("Lembaga penerbit surat diubah")),
    "documents.reference_loaded": ("reference", _("Data lembaga penerbit surat dimuat")),
    # prevention
    "prevention.activity_created": ("prevention", _("Kegiatan pencegahan dibuat")),
    "prevention.activity_updated": ("prevention", _("Kegiatan pencegahan diubah")),
    "prevention.material_added": ("prevention", _("Materi kegiatan ditambahkan")),
    "prevention.check_in_opened": ("prevention", _("Presensi mandiri dibuka")),
    "prevention.check_in_closed": ("prevention", _("Presensi mandiri ditutup")),
    "prevention.attendance_imported": ("prevention", _("Daftar hadir diimpor")),
    "prevention.checked_in": ("prevention", _("Peserta presensi mandiri")),
    "prevention.campaign_created": ("prevention", _("Kampanye ikrar dibuat")),
    "prevention.campaign_template_changed": ("prevention", _("Naskah ikrar kampanye diganti")),
    "prevention.pledge_made": ("prevention", _("Ikrar netralitas diucapkan")),
    "prevention.collective_pledge_recorded": ("prevention", _("Ikrar bersama dicatat")),
    "prevention.campaign_factor_changed": ("prevention", _("Bukti kedua kampanye ikrar diatur")),
    "prevention.pledge_code_sent": ("prevention", _("Kode ikrar sekali pakai dikirim")),
    "prevention.pledge_code_failed": ("prevention", _("Kode ikrar salah dimasukkan")),
    "prevention.pledge_codes_issued": ("prevention", _("Kode ikrar pribadi diterbitkan")),
    "prevention.pact_uploaded": ("prevention", _("Pakta integritas diunggah")),
    "prevention.pact_file_opened": ("prevention", _("Berkas pakta integritas dibuka")),
    "prevention.pact_integrity_failed": ("prevention", _("Berkas pakta integritas rusak")),
    "prevention.coverage_reminder_sent": ("prevention", _("Pengingat cakupan dikirim")),
    "prevention.coverage_exported": ("prevention", _("Cakupan pencegahan diunduh")),
    "prevention.reference_loaded": ("reference", _("Naskah ikrar dimuat")),
    # accounts
    "accounts.login_success": ("accounts", _("Berhasil masuk")),
    "accounts.login_failure": ("accounts", _("Gagal masuk")),
    "accounts.lockout": ("accounts", _("Akun dikunci sementara")),
    "accounts.logout": ("accounts", pgettext_lazy("event", "Keluar")),
    "accounts.otp_success": ("accounts", _("Verifikasi dua langkah berhasil")),
    "accounts.otp_failure": ("accounts", _("Verifikasi dua langkah gagal")),
    "accounts.password_reset": ("accounts", _("Kata sandi diatur ulang")),
    "accounts.user_create": ("accounts", _("Akun dibuat")),
    "accounts.user_update": ("accounts", _("Akun diubah")),
    "accounts.user_deactivate": ("accounts", _("Akun dinonaktifkan")),
    "accounts.membership_grant": ("accounts", _("Peran diberikan")),
    "accounts.membership_revoke": ("accounts", _("Peran dicabut")),
    "accounts.totp_device_confirm": ("accounts", _("Aplikasi autentikator didaftarkan")),
    "accounts.totp_device_remove": ("accounts", _("Aplikasi autentikator dihapus")),
    "accounts.backup_codes_regenerate": ("accounts", _("Kode cadangan dibuat ulang")),
    # registry
    "registry.agency_create": ("registry", _("Instansi ditambahkan")),
    "registry.agency_update": ("registry", _("Instansi diubah")),
    "registry.work_unit_create": ("registry", _("Unit kerja ditambahkan")),
    "registry.work_unit_update": ("registry", _("Unit kerja diubah")),
    "registry.person_create": ("registry", _("Data ASN ditambahkan")),
    "registry.person_update": ("registry", _("Data ASN diubah")),
    "registry.person_set_status": ("registry", _("Status kepegawaian diubah")),
    "registry.import": ("registry", _("Data ASN diimpor")),
    "registry.import_job_create": ("registry", _("Impor data ASN dimulai")),
    "registry.import_job_finish": ("registry", _("Impor data ASN selesai")),
    "registry.import_report_download": ("registry", _("Laporan impor data ASN diunduh")),
    # reference data
    "regions.load_reference": ("reference", _("Kode wilayah dimuat")),
    "rules.reference_loaded": ("reference", _("Katalog aturan dimuat")),
    "rules.setting_changed": ("reference", _("Pengaturan aturan diubah")),
    "elections.reference_loaded": ("reference", _("Data pemilihan dimuat")),
    "cases.reference_loaded": ("reference", _("Batas waktu penanganan dimuat")),
    "workdays.override_add": ("reference", _("Hari libur tambahan ditetapkan")),
    "workdays.override_update": ("reference", _("Hari libur tambahan diubah")),
    "workdays.override_remove": ("reference", _("Hari libur tambahan dihapus")),
    # audit
    "audit.verification_requested": ("audit", _("Pemeriksaan rantai audit diminta")),
    "audit.exported": ("audit", _("Jejak audit diunduh")),
    "audit.files_check_failed": ("audit", _("Pemeriksaan berkas tersimpan gagal")),
}

UNKNOWN_ACTION = _("Tindakan lain")


def action_label(action: str) -> str:
    entry = ACTIONS.get(action)
    return str(entry[1]) if entry else str(UNKNOWN_ACTION)


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: [(group label, [(action, label), ...]), ...]."""
    grouped: dict[str, list[tuple[str, str]]] = {key: [] for key in GROUPS}
    for action, (group, label) in ACTIONS.items():
        grouped[group].append((action, str(label)))
    return [
        (str(GROUPS[key]), sorted(items, key=lambda item: item[1]))
        for key, items in grouped.items()
        if items
    ]


# object_type -> how a named object reads ("Kasus KSS-24-…"); `%(name)s` is what the owning
# app's `register_names` gives (a case number, a tracking number, a title, a document code).
OBJECT_KINDS: dict[str, object] = {
    "cases.case": _("Kasus %(name)s"),
    "intake.report": _("Laporan %(name)s"),
    "intake.evidence": _("Bukti laporan %(name)s"),
    "sanctions.decision": _("Keputusan PPK kasus %(name)s"),
    "sanctions.remedy": _("Keberatan atau banding kasus %(name)s"),
    "sanctions.datablock": _("Pemblokiran data kasus %(name)s"),
    "documents.issueddocument": _("Dokumen %(name)s"),
    "prevention.activity": _("Kegiatan “%(name)s”"),
    "prevention.pledgecampaign": _("Kampanye ikrar “%(name)s”"),
}


def object_label(object_type: str, name: str) -> str:
    template = OBJECT_KINDS.get(object_type)
    return str(template) % {"name": name} if template else name

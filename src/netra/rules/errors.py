"""The refusals and warnings of the rules app (netra.refusals): each code with its message.

The messages are Indonesian gettext sources; the English texts live in the app's catalog
(ADR 0005). `ClassificationWarningCode` is not a refusal: it is what a classification warns
about (a code for programs and a message for people), rendered in the reader's language.
"""

from django.utils.translation import gettext_lazy as _

from netra.refusals import ErrorCode


class ClassificationErrorCode(ErrorCode):
    INVALID_DATE = "invalid", 400, _("Tanggal perbuatan harus berupa tanggal.")
    UNKNOWN_ACT = (
        "unknown_act",
        400,
        _("Perbuatan tidak dikenal: '%(value)s'. Lihat `netra rules acts`."),
    )
    UNKNOWN_EMPLOYEE_TYPE = (
        "unknown_employee_type",
        400,
        _("Jenis pegawai tidak dikenal: '%(value)s'. Pilihan: %(allowed)s."),
    )
    UNKNOWN_ELECTION = (
        "unknown_election",
        400,
        _("Pemilihan tidak dikenal: '%(value)s'. Lihat `netra elections list`."),
    )
    INVALID_PHASE = (
        "invalid_phase",
        400,
        _("Tahapan tidak dikenal: '%(value)s'. Pilihan: %(allowed)s."),
    )
    INVALID_RACE = (
        "invalid_race",
        400,
        _("Jenis pemilihan tidak dikenal: '%(value)s'. Pilihan: %(allowed)s."),
    )
    NO_INSTRUMENT = (
        "no_instrument",
        400,
        _("Tidak ada SKB netralitas untuk pemilihan '%(value)s'."),
    )


class ClassificationWarningCode(ErrorCode):
    ACT_OUTSIDE_INSTRUMENT = (
        "act_outside_instrument",
        200,
        _(
            "Tanggal perbuatan di luar masa berlaku %(instrument)s; bentuk pelanggarannya "
            "dipakai sebagai acuan."
        ),
    )
    OUTSIDE_ELECTION_PERIOD = (
        "outside_election_period",
        200,
        _(
            "Tanggal perbuatan di luar tahapan %(election)s (%(first)s s.d. %(last)s). "
            "Netralitas tetap wajib setiap saat."
        ),
    )
    NO_DETERMINATION_DATE = (
        "no_determination_date",
        200,
        _("Tanggal penetapan calon untuk pemilihan ini belum tercatat."),
    )
    PHASE_INFERRED = (
        "phase_inferred",
        200,
        _("Tahapan disimpulkan dari tanggal penetapan calon; petugas dapat mengubahnya."),
    )
    PHASE_INFERRED_ON = (
        "phase_inferred_on",
        200,
        _(
            "Tahapan disimpulkan dari tanggal penetapan calon (%(date)s); petugas dapat "
            "mengubahnya."
        ),
    )
    RACE_DECIDES_PHASE = (
        "race_decides_phase",
        200,
        _(
            "%(race)s: calon ditetapkan %(date)s. Kategori pelanggarannya tergantung pemilihan "
            "mana yang didukung."
        ),
    )
    PHASE_OVERRIDDEN = (
        "phase_overridden",
        200,
        _("Tahapan ditetapkan petugas, berbeda dengan yang disimpulkan dari tanggal."),
    )
    NO_FORM_TASK_FORCE = (
        "no_form_task_force",
        200,
        _(
            "%(instrument)s tidak memuat bentuk pelanggaran untuk perbuatan ini; Satgas "
            "membahas dan memutuskan sanksinya."
        ),
    )
    LEVEL_FROM_SETTING = (
        "level_from_setting",
        200,
        _(
            "Tingkat sanksi %(form)s mengikuti pengaturan yang berlaku (%(now)s), bukan "
            "tingkat bawaannya (%(usual)s)."
        ),
    )
    CONTESTED_LEVEL = (
        "contested_level",
        200,
        _("Tingkat sanksi %(form)s masih diperdebatkan; nilailah kasusnya dengan cermat."),
    )
    UNCONFIRMED_FORM = (
        "unconfirmed_form",
        200,
        _("Rumusan %(form)s perlu dicocokkan dengan teks resmi peraturannya sebelum dipakai."),
    )
    FORM_PHASE_MISMATCH = (
        "form_phase_mismatch",
        200,
        _("%(form)s ditujukan untuk tahapan lain (%(hint)s)."),
    )
    DISMISSAL_REGARDLESS_OF_PHASE = (
        "dismissal_regardless_of_phase",
        200,
        _(
            "Keanggotaan atau kepengurusan partai politik berujung pemberhentian tidak "
            "dengan hormat pada tahapan apa pun."
        ),
    )
    TASK_FORCE_DECIDES = (
        "task_force_decides",
        200,
        _("Pelanggaran di luar matriks: jenis sanksi dibahas dan diputuskan oleh Satgas."),
    )
    NON_ASN_CONTRACT = (
        "non_asn_contract",
        200,
        _(
            "Untuk pegawai non-ASN, bentuk pelanggarannya sama dengan ASN, tetapi sanksinya "
            "mengikuti perjanjian kerja, sampai pemutusan hubungan kerja (SE MenPANRB Nomor 01 "
            "Tahun 2023)."
        ),
    )
    CPNS_DISMISSAL = (
        "cpns_dismissal",
        200,
        _(
            "Aturan disiplin PNS berlaku juga untuk CPNS (PP 94/2021 Pasal 43). CPNS yang "
            "terbukti melakukan pelanggaran disiplin sedang atau berat, atau menjadi anggota "
            "partai politik, diberhentikan sebagai CPNS (PP 11/2017 Pasal 37 ayat (2))."
        ),
    )
    PPPK_AGENCY_TABLE = (
        "pppk_agency_table",
        200,
        _(
            "Untuk PPPK, tingkat sedang/berat dipetakan melalui tabel disiplin instansi "
            "(PP 49/2018 Pasal 52), bukan PP 94/2021."
        ),
    )
    SANCTION_RULE_POSTDATES_ACT = (
        "sanction_rule_postdates_act",
        200,
        _(
            "%(regulation)s berlaku sejak %(date)s, setelah tanggal perbuatan; dipakai "
            "sebagai acuan."
        ),
    )
    NO_SANCTION_FOUND = (
        "no_sanction_found",
        200,
        _("Tidak ada sanksi dalam katalog untuk jenis pegawai dan tingkat ini."),
    )
    NO_AUTHORITY = (
        "no_authority",
        200,
        _("Tidak ada lembaga pemberi rekomendasi yang tercatat untuk tanggal ini."),
    )

from django.utils.translation import gettext_lazy as _

from netra.refusals import ErrorCode, Refusal


class AnalyticsErrorCode(ErrorCode):
    BAD_FILTER = "bad_filter", 400, _("Filter %(name)s tidak dikenal: %(value)s.")
    BAD_DATE = (
        "bad_date",
        400,
        _("Tanggal %(name)s harus berformat TTTT-BB-HH, misalnya 2024-11-27."),
    )
    BAD_RANGE = "bad_range", 400, _("Tanggal awal harus sebelum tanggal akhir.")
    BAD_GROUPING = "bad_grouping", 400, _("Pengelompokan %(value)s tidak tersedia.")
    ELECTION_REQUIRED = (
        "election_required",
        400,
        _("Pilih satu pemilihan; statistik publik disajikan per pemilihan."),
    )


class FilterError(Refusal):
    pass

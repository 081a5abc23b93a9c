"""SVG charts: accessible names, escaped text, Indonesian month labels, the numbers in rows."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from netra.analytics import charts


def test_a_time_series_has_a_title_a_description_and_month_labels_never_iso_dates():
    months = [dt.date(2024, m, 1) for m in range(3, 10)]
    chart = charts.time_series(
        "Laporan <per> bulan",
        "Uraian",
        months,
        {"Laporan": [1, 5, 9, 4, 0, 2, 3], "Temuan": [0, 1, 1, 0, 0, 1, 0]},
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'aria-labelledby="chart-{chart.uid}-title chart-{chart.uid}-desc"' in svg
    assert "<title" in svg and "Laporan &lt;per&gt; bulan" in svg  # escaped
    assert "<per>" not in svg
    assert svg.count("<polyline") == 2
    assert ">Mei<" in svg and ">Jul<" in svg and ">2024<" in svg
    assert "2024-05" not in svg and "style=" not in svg
    assert [row["label"] for row in chart.rows][:3] == ["Mar 2024", "Apr 2024", "Mei 2024"]
    with translation.override("en"):
        assert charts.month_label(dt.date(2024, 5, 1)) == "May 2024"


def test_bars_scale_to_the_largest_value_and_format_numbers_the_indonesian_way():
    chart = charts.bars("Sanksi", "", [("Ringan", 1500), ("Berat", 750)], series_label="Sanksi")
    svg = str(chart.svg)
    assert svg.count('class="chart-bar') == 2
    assert ">1.500<" in svg and ">750<" in svg
    assert chart.rows[0]["cells"] == [{"series": "Sanksi", "value": "1.500"}]
    with translation.override("en"):
        assert charts.number(1500) == "1,500"
        assert charts.number(52.3, "%") == "52.3 %"
    assert charts.number(52.3, "%") == "52,3 %"


def test_stacked_bars_and_an_empty_chart():
    chart = charts.stacked(
        "Kepatuhan", "", ["Bupati Bogor"], {"Diikuti": [3], "Sebagian": [0], "Terlambat": [2]}
    )
    svg = str(chart.svg)
    assert svg.count('class="chart-bar') == 2  # a zero part draws nothing
    assert ">5<" in svg  # the total at the end of the bar
    empty = charts.bars("Kosong", "", [], series_label="Kasus")
    assert empty.is_empty and str(empty.svg) == ""
    html = render_to_string("analytics/_chart.html", {"chart": empty})
    assert "Belum ada data untuk pilihan ini." in html


def test_the_template_puts_the_numbers_in_a_table_with_a_legend():
    chart = charts.stacked("Kasus", "", ["Guru", "Perawat"], {"Terbukti": [4, 2], "Tidak": [1, 0]})
    html = render_to_string("analytics/_chart.html", {"chart": chart})
    assert "<figure" in html and "<table" in html and "chart-legend" in html
    assert 'data-label="Terbukti">4<' in html
    assert "style=" not in html

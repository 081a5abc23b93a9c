"""Public statistics: fixed aggregate tables per election, small counts suppressed so that no
suppressed count can be recovered, neither inside a table nor by combining tables or filters.

The rule (docs/analytics.md, "Public statistics"):
1. Only fixed tables are published, and the only filter is the election (one at a time, no
   "all elections"): elections are disjoint, so no two published figures differ by a cell.
   Region, agency or employee filters are not offered; regions are rows of one table.
2. Primary suppression: every count under `MINIMUM` (0 to 4), margins included.
3. Complementary suppression: a line (a row or column with its total) never has exactly one
   suppressed cell; the smallest other cell of the line is suppressed with it.
4. Audit: every published figure and every sum the tables state (rows, columns, the totals
   that two tables share, e.g. proven cases) form a linear system; a suppressed count that
   the system still determines exactly is found (exact rational elimination) and another
   cell of one of its lines is suppressed, until none is determined.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from netra.analytics.choices import Follow, Outcome
from netra.analytics.models import CaseNationalCube, CaseRegionSummary, NationalReportCube
from netra.analytics.selectors import LEVELS, data_as_of, labels_for
from netra.registry.choices import EmployeeType, FunctionalGroup

MINIMUM = 5

Key = tuple


@dataclass
class Line:
    """`total` = sum(`cells`), as the published table states it."""

    cells: list[Key]
    total: Key


@dataclass
class Table:
    key: str
    title: str
    row_title: str
    columns: list[tuple[str, str]]  # (key, label); the last is the total
    rows: list[tuple[str, str, list[Key]]]  # (key, label, cell keys incl. the row total)
    footer: list[Key]  # column totals incl. the grand total
    note: str = ""


@dataclass
class Statistics:
    election: object
    as_of: dt.datetime | None
    values: dict[Key, int] = field(default_factory=dict)
    suppressed: set[Key] = field(default_factory=set)
    tables: list[Table] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    def shown(self, key: Key) -> int | None:
        return None if key in self.suppressed else self.values[key]


def public_statistics(election) -> Statistics:
    stats = Statistics(election=election, as_of=data_as_of())
    # The smallest rollups with the columns each table needs (selectors.CASE_MODELS).
    cases = CaseRegionSummary.objects.filter(election_id=election.pk)
    _by_province(stats, cases)
    _proven_by_employee(stats, CaseNationalCube.objects.filter(election_id=election.pk))
    _one_way(
        stats,
        "sanctions",
        _("Sanksi yang berlaku menurut tingkat"),
        _("Tingkat sanksi"),
        [(level.value, str(level.label)) for level in LEVELS],
        dict(
            cases.exclude(sanction_level="")
            .values("sanction_level")
            .annotate(c=Sum("n"))
            .order_by()
            .values_list("sanction_level", "c")
        ),
    )
    _one_way(
        stats,
        "compliance",
        _("Tindak lanjut rekomendasi oleh PPK"),
        _("Tindak lanjut"),
        [(f.value, str(f.label)) for f in Follow],
        dict(
            cases.exclude(compliance="")
            .values("compliance")
            .annotate(c=Sum("n"))
            .order_by()
            .values_list("compliance", "c")
        ),
    )
    _reports_by_month(stats, election)
    suppress(stats.values, stats.lines, stats.suppressed)
    return stats


def _matrix(stats, name, title, row_title, rows, columns, counts, *, total_key=None, note=""):
    """A rows x columns table with margins; `counts[(row, column)]`. `total_key` names the
    grand total when another table states it too (a shared figure, audited together)."""
    table = Table(name, title, row_title, [*columns, ("total", _("Jumlah"))], [], [], note)
    column_keys = [c for c, _label in columns]
    grand = total_key or (name, "total", "total")
    for row_key, row_label in rows:
        cells = [(name, row_key, c) for c in column_keys]
        for cell, c in zip(cells, column_keys, strict=True):
            stats.values[cell] = counts.get((row_key, c), 0)
        row_total = (name, row_key, "total")
        stats.values[row_total] = sum(stats.values[cell] for cell in cells)
        stats.lines.append(Line(cells, row_total))
        table.rows.append((row_key, row_label, [*cells, row_total]))
    for c in column_keys:
        cells = [(name, r, c) for r, _label in rows]
        column_total = (name, "total", c)
        stats.values[column_total] = sum(stats.values[cell] for cell in cells)
        stats.lines.append(Line(cells, column_total))
        table.footer.append(column_total)
    stats.values[grand] = sum(stats.values[(name, "total", c)] for c in column_keys)
    stats.lines.append(Line([(name, "total", c) for c in column_keys], grand))
    stats.lines.append(Line([(name, r, "total") for r, _label in rows], grand))
    table.footer.append(grand)
    stats.tables.append(table)
    return table


def _one_way(stats, name, title, row_title, rows, counts):
    table = _matrix(
        stats,
        name,
        title,
        row_title,
        rows,
        [("n", _("Jumlah kasus"))],
        {(r, "n"): n for r, n in counts.items()},
    )
    # One column: the row totals repeat the cells; publish the column once.
    table.columns = table.columns[:1]
    table.rows = [(key, label, cells[:1]) for key, label, cells in table.rows]
    table.footer = table.footer[:1]
    return table


OUTCOME_COLUMNS = [Outcome.PROVEN, Outcome.NOT_PROVEN, Outcome.PENDING, Outcome.DROPPED]


def _by_province(stats, cases):
    counts = {}
    for row in cases.values("province", "outcome").annotate(c=Sum("n")).order_by():
        key = (row["province"] or "unknown", row["outcome"])
        counts[key] = counts.get(key, 0) + row["c"]
    provinces = sorted({province for province, _outcome in counts})
    labels = labels_for("province", [p for p in provinces if p != "unknown"])
    rows = [(p, labels[p][0] if p in labels else _("Belum ditentukan")) for p in provinces]
    rows.sort(key=lambda r: r[1])
    _matrix(
        stats,
        "provinces",
        _("Kasus per provinsi menurut hasil penanganan"),
        _("Provinsi"),
        rows,
        [(o.value, str(o.label)) for o in OUTCOME_COLUMNS],
        counts,
    )


def _proven_by_employee(stats, cases):
    """Proven cases by employee type x functional group; its grand total is the provinces
    table's proven column total (one figure, stated twice: audited as one)."""
    counts = {}
    proven = cases.filter(outcome=Outcome.PROVEN)
    for row in proven.values("employee_type", "functional_group").annotate(c=Sum("n")).order_by():
        key = (row["employee_type"] or "unknown", row["functional_group"] or "unknown")
        counts[key] = counts.get(key, 0) + row["c"]
    unknown = ("unknown", _("Belum ditentukan"))
    rows = [*((t.value, str(t.label)) for t in EmployeeType), unknown]
    columns = [*((g.value, str(g.label)) for g in FunctionalGroup), unknown]
    _matrix(
        stats,
        "employees",
        _("Kasus terbukti menurut jenis pegawai dan kelompok jabatan"),
        _("Jenis pegawai"),
        rows,
        columns,
        counts,
        total_key=("provinces", "total", Outcome.PROVEN.value),
    )


def _reports_by_month(stats, election):
    counts = {}
    rows = NationalReportCube.objects.filter(election_id=election.pk).values("day", "source")
    for row in rows.annotate(c=Sum("n")).order_by():
        month = row["day"].replace(day=1).isoformat()[:7]
        counts[(month, row["source"])] = counts.get((month, row["source"]), 0) + row["c"]
    months = sorted({m for m, _source in counts})
    from django.utils.formats import date_format

    labels = [(m, date_format(dt.date.fromisoformat(m + "-01"), "F Y")) for m in months]
    _matrix(
        stats,
        "reports",
        _("Laporan dan temuan yang diterima per bulan"),
        _("Bulan"),
        labels,
        [
            ("public", pgettext("jumlah", "Laporan masyarakat")),
            ("finding", pgettext("jumlah", "Temuan pengawas")),
        ],
        counts,
    )


# --- suppression ----------------------------------------------------------------------------


def suppress(values: dict[Key, int], lines: list[Line], suppressed: set[Key]) -> set[Key]:
    """Primary, complementary and audited suppression (module docstring); fills and returns
    `suppressed`."""
    suppressed.update(key for key, n in values.items() if n < MINIMUM)
    for _round in range(len(values) + 1):
        changed = _complement(values, lines, suppressed)
        exposed = determined(values, lines, suppressed)
        if exposed:
            changed |= _widen(values, lines, suppressed, exposed)
        if not changed:
            return suppressed
    raise RuntimeError("suppression did not settle")  # pragma: no cover - bounded by cells


def _members(line: Line) -> list[Key]:
    return [*line.cells, line.total]


def _pick(values, line: Line, suppressed: set[Key]) -> Key | None:
    """The cell to suppress with the line's other suppressed cells: the smallest published
    inner cell, else the line's total."""
    free = [key for key in line.cells if key not in suppressed]
    if free:
        return min(free, key=lambda key: (values[key], key))
    return line.total if line.total not in suppressed else None


def _complement(values, lines, suppressed) -> bool:
    changed = False
    again = True
    while again:
        again = False
        for line in lines:
            hidden = [key for key in _members(line) if key in suppressed]
            if len(hidden) == 1:
                pick = _pick(values, line, suppressed)
                if pick is not None:
                    suppressed.add(pick)
                    changed = again = True
    return changed


def _widen(values, lines, suppressed, exposed: set[Key]) -> bool:
    for key in sorted(exposed):
        for line in sorted(
            (line for line in lines if key in _members(line)),
            key=lambda line: sum(1 for k in _members(line) if k in suppressed),
        ):
            pick = _pick(values, line, suppressed)
            if pick is not None:
                suppressed.add(pick)
                return True
    return False


def determined(values: dict[Key, int], lines: list[Line], suppressed: set[Key]) -> set[Key]:
    """The suppressed cells whose value the published figures and the stated sums fix
    exactly: unknown x_i is determined iff, in the reduced row echelon form of the system
    over the unknowns, its pivot row has no free variable (every solution of the
    homogeneous system is 0 at i). The coefficients are 0 and +-1 and the system is small, so
    elimination modulo a large prime gives the same echelon form as over the rationals,
    much faster than fractions."""
    unknowns = sorted(suppressed)
    index = {key: i for i, key in enumerate(unknowns)}
    matrix = []
    for line in lines:
        row = [0] * len(unknowns)
        touched = False
        for key in line.cells:
            if key in index:
                row[index[key]] += 1
                touched = True
        if line.total in index:
            row[index[line.total]] -= 1
            touched = True
        if touched:
            matrix.append([value % PRIME for value in row])
    pivots = _rref(matrix, len(unknowns))
    free = set(range(len(unknowns))) - {column for column, _row in pivots}
    out = set()
    for column, row in pivots:
        if all(matrix[row][f] == 0 for f in free):
            out.add(unknowns[column])
    return out


PRIME = 2**61 - 1


def _rref(matrix: list[list[int]], width: int) -> list[tuple[int, int]]:
    """Reduce `matrix` in place modulo PRIME; returns (pivot column, row) pairs."""
    pivots = []
    row = 0
    for column in range(width):
        found = next((r for r in range(row, len(matrix)) if matrix[r][column]), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        inverse = pow(matrix[row][column], PRIME - 2, PRIME)
        matrix[row] = [value * inverse % PRIME for value in matrix[row]]
        lead = matrix[row]
        for r in range(len(matrix)):
            factor = matrix[r][column]
            if r != row and factor:
                matrix[r] = [(a - factor * b) % PRIME for a, b in zip(matrix[r], lead, strict=True)]
        pivots.append((column, row))
        row += 1
        if row == len(matrix):
            break
    return pivots


# --- output ---------------------------------------------------------------------------------


def as_dict(stats: Statistics) -> dict:
    """The JSON shape of the API: suppressed counts are null with `suppressed: true`."""

    def cell(key):
        value = stats.shown(key)
        return {"value": value, "suppressed": value is None}

    return {
        "election": {"slug": stats.election.slug, "name": _election_name(stats.election)},
        "data_as_of": stats.as_of.isoformat() if stats.as_of else None,
        "minimum_count": MINIMUM,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "row_title": table.row_title,
                "columns": [{"key": k, "label": label} for k, label in table.columns],
                "rows": [
                    {"key": key, "label": label, "cells": [cell(c) for c in cells]}
                    for key, label, cells in table.rows
                ],
                "totals": [cell(c) for c in table.footer],
            }
            for table in stats.tables
        ],
    }


def as_rows(stats: Statistics):
    """Long rows for CSV: table, row, row label, column, column label, value, suppressed."""
    yield ["table", "row", "row_label", "column", "column_label", "value", "suppressed"]
    for table in stats.tables:
        labels = dict(table.columns)
        for key, label, cells in [*table.rows, ("total", _("Jumlah"), table.footer)]:
            for (column, _l), cell in zip(table.columns, cells, strict=False):
                value = stats.shown(cell)
                yield [
                    table.key,
                    key,
                    label,
                    column,
                    labels[column],
                    "" if value is None else value,
                    "1" if value is None else "0",
                ]


def _election_name(election) -> str:
    from netra.language import is_english

    return (election.name_en if is_english() else "") or election.name_id

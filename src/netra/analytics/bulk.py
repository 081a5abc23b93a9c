"""The reconcile's set-based path on PostgreSQL: every fact recomputed and every cube recounted
with a handful of statements per 100,000 source objects, instead of the ORM batches of
`services._refresh_batch` (which ran at a few hundred objects a second: hours for a million
cases).

Facts (`reconcile_facts`), per kind of source, in ranges of `CHUNK` source ids, each range one
transaction holding an EXCLUSIVE lock on the fact table (reads go on; an incremental refresh
waits for the range to commit, then applies its change on top):

- case facts: one statement reads each case with its region, report, person and the
  aggregates of its events, decisions and deadlines; the row-level rules are the very
  functions of `facts.case_facts` (`_outcome`, `_level`, `_follow`), run in Python over the
  rows and written back with COPY into a temporary table;
- report and prevention facts: one INSERT ... SELECT each (the same rules as
  `facts.report_facts` and `facts.prevention_facts`, which are plain column copies);
- then the difference is applied: facts whose source is gone are deleted, changed facts
  updated, new ones inserted; the counts are the corrections.

Cubes (`recount`): the cube table is locked (EXCLUSIVE) before the facts are counted, as the
ORM path locks its rows, the recount is one GROUP BY into a temporary table, and three
statements delete, update and insert the rows that differ.

Both paths give the same facts and cubes: a test runs the ORM path and this one over the same
data and compares every fact and cube row.
"""

import json
import types

from django.db import connection, transaction
from django.utils import timezone

from netra.analytics import facts
from netra.analytics.choices import Measure, PreventionKind
from netra.analytics.models import CaseFact, PreventionFact, ReportFact
from netra.cases.selectors import PPK_VISIBLE_STATES
from netra.sanctions.choices import DecisionStatus

CHUNK = 100_000


def available() -> bool:
    return connection.vendor == "postgresql"


def _fields(name: str) -> tuple[str, ...]:
    from netra.analytics.services import TRACKERS

    return TRACKERS[name].fact_fields


def _source_column(name: str) -> str:
    return {"case": "case_id", "report": "report_id"}.get(name, "object_id")


def _source_table(name: str) -> str:
    return {
        "case": "cases_case",
        "report": "intake_report",
        PreventionKind.ACTIVITY: "prevention_activity",
        PreventionKind.ATTENDANCE: "prevention_activity",
        PreventionKind.PLEDGE: "prevention_pledge",
        PreventionKind.PACT: "prevention_integritypact",
    }[name]


def _fact_table(name: str) -> str:
    model = {"case": CaseFact, "report": ReportFact}.get(name, PreventionFact)
    return model._meta.db_table


def _kind_filter(name: str, alias: str) -> str:
    if name in ("case", "report"):
        return "TRUE"
    return f"{alias}.kind = '{PreventionKind(name).value}'"


# --- facts ------------------------------------------------------------------------------------


def reconcile_facts(names) -> dict[str, int]:
    """Recompute the facts of these trackers; returns how many facts changed per tracker."""
    return {name: _reconcile_kind(name) for name in names}


def _reconcile_kind(name: str) -> int:
    """In ranges of CHUNK ids present (sources and facts alike: an orphan fact with a far id
    does not make thousands of empty ranges)."""
    table, column = _fact_table(name), _source_column(name)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, last FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank, "  # noqa: S608
            f"max(id) OVER () AS last FROM (SELECT id FROM {_source_table(name)} UNION "
            f"SELECT {column} FROM {table} f WHERE {_kind_filter(name, 'f')}) u) t "
            f"WHERE rank %% %s = 1 ORDER BY id",
            [CHUNK],
        )
        bounds = cursor.fetchall()
    fixed = 0
    for i, (start, last) in enumerate(bounds):
        end = bounds[i + 1][0] - 1 if i + 1 < len(bounds) else last
        fixed += _reconcile_range(name, start, end)
    return fixed


def _reconcile_range(name: str, low: int, high: int) -> int:
    fields = _fields(name)
    table, column = _fact_table(name), _source_column(name)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute("DROP TABLE IF EXISTS _bulk_new")
        cursor.execute(
            f"CREATE TEMP TABLE _bulk_new ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {column} AS source_id, {', '.join(fields)} FROM {table} WITH NO DATA"
        )
        if name == "case":
            _case_rows(cursor, fields, low, high)
        else:
            select = _report_select(low, high) if name == "report" else None
            if select is None:
                select = _prevention_select(name, low, high)
            cursor.execute(
                f"INSERT INTO _bulk_new (source_id, {', '.join(fields)}) "  # noqa: S608
                f"SELECT source_id, {', '.join(fields)} FROM ({select}) s",
                {"tz": timezone.get_current_timezone_name()},
            )
        cursor.execute("CREATE UNIQUE INDEX ON _bulk_new (source_id)")
        cursor.execute("ANALYZE _bulk_new")
        kind = _kind_filter(name, "f")
        cursor.execute(
            f"DELETE FROM {table} f WHERE {kind} AND f.{column} BETWEEN %s AND %s "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM _bulk_new n WHERE n.source_id = f.{column})",
            [low, high],
        )
        fixed = cursor.rowcount
        assignments = ", ".join(f"{f} = n.{f}" for f in fields)
        if name == "case":
            assignments += ", refreshed_at = now()"
        cursor.execute(
            f"UPDATE {table} f SET {assignments} FROM _bulk_new n "  # noqa: S608
            f"WHERE {kind} AND f.{column} = n.source_id AND "
            f"({', '.join('f.' + f for f in fields)}) IS DISTINCT FROM "
            f"({', '.join('n.' + f for f in fields)})"
        )
        fixed += cursor.rowcount
        extra_columns, extra_values = "", ""
        if name == "case":
            extra_columns, extra_values = ", refreshed_at", ", now()"
        elif name not in ("report",):
            extra_columns, extra_values = ", kind", f", '{PreventionKind(name).value}'"
        cursor.execute(
            f"INSERT INTO {table} ({column}, {', '.join(fields)}{extra_columns}) "  # noqa: S608
            f"SELECT n.source_id, {', '.join('n.' + f for f in fields)}{extra_values} "
            f"FROM _bulk_new n WHERE NOT EXISTS (SELECT 1 FROM {table} f "
            f"WHERE {kind} AND f.{column} = n.source_id)"
        )
        fixed += cursor.rowcount
    return fixed


RECOMMENDATION_STATES = sorted(facts.RECOMMENDATION_STATES)

CASE_SQL = """
SELECT c.id, c.state, c.facts, c.classification, c.election_id,
       (c.created_at AT TIME ZONE %(tz)s)::date AS opened,
       r.code AS region_code,
       (rep.created_at AT TIME ZONE %(tz)s)::date AS reported,
       act.slug AS report_act, rep.reported_position,
       p.id AS person_id, p.agency_id, p.employee_type, p.position_type, p.functional_group,
       p.unit_id,
       (ev.first_rec AT TIME ZONE %(tz)s)::date AS first_rec, ev.to_ppk,
       fd.first_decree, cur.status, cur.compliance, cur.sanction_levels,
       dl.case_id IS NOT NULL AS overdue
FROM cases_case c
JOIN regions_region r ON r.id = c.region_id
JOIN intake_report rep ON rep.id = c.report_id
LEFT JOIN rules_prohibitedact act ON act.id = rep.act_id
LEFT JOIN registry_person p ON p.id = c.person_id
LEFT JOIN (
    SELECT case_id, min(created_at) AS first_rec,
           bool_or(to_state = %(to_ppk)s) AS to_ppk
    FROM cases_caseevent
    WHERE case_id BETWEEN %(low)s AND %(high)s AND to_state = ANY(%(rec)s)
    GROUP BY case_id
) ev ON ev.case_id = c.id
LEFT JOIN (
    SELECT case_id, min(decree_date) AS first_decree FROM sanctions_decision
    WHERE case_id BETWEEN %(low)s AND %(high)s GROUP BY case_id
) fd ON fd.case_id = c.id
LEFT JOIN sanctions_decision cur ON cur.case_id = c.id AND cur.status <> %(superseded)s
LEFT JOIN (
    SELECT DISTINCT case_id FROM cases_casedeadline
    WHERE case_id BETWEEN %(low)s AND %(high)s AND code = 'ppk_follow_up'
      AND met_at IS NULL AND overdue_since IS NOT NULL
) dl ON dl.case_id = c.id
WHERE c.merged_into_id IS NULL AND c.id BETWEEN %(low)s AND %(high)s
"""


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _case_rows(cursor, fields, low: int, high: int) -> None:
    """The facts of the cases in [low, high], by `facts.case_facts`' rules, COPYed into
    _bulk_new."""
    cursor.execute(
        CASE_SQL,
        {
            "tz": timezone.get_current_timezone_name(),
            "low": low,
            "high": high,
            "rec": RECOMMENDATION_STATES,
            "to_ppk": facts.S.RECOMMENDATION_TO_PPK.value,
            "superseded": DecisionStatus.SUPERSEDED.value,
        },
    )
    rows = cursor.fetchall()
    out = []
    for (
        case_id,
        state,
        case_facts,
        classification,
        election_id,
        opened,
        region_code,
        reported,
        report_act,
        reported_position,
        person_id,
        agency_id,
        employee_type,
        position_type,
        functional_group,
        unit_id,
        first_rec,
        to_ppk,
        first_decree,
        status,
        compliance,
        levels,
        overdue,
    ) in rows:
        case = types.SimpleNamespace(state=state, facts=_json(case_facts) or {})
        classification = _json(classification) or {}
        decision = (
            {"status": status, "compliance": compliance, "sanction_levels": _json(levels)}
            if status is not None
            else None
        )
        province, regency = facts.region_parts(region_code)
        person = person_id is not None
        value = {
            "election_id": election_id or 0,
            "province": province,
            "regency": regency,
            "region_code": region_code,
            "agency_id": (agency_id or 0) if person else 0,
            "employee_type": (
                employee_type if person else classification.get("employee_type") or ""
            ),
            "position_type": position_type if person else "",
            "functional_group": (
                functional_group if person else facts.group_from_position(reported_position)
            ),
            "unit_id": (unit_id or 0) if person else 0,
            "act": classification.get("act") or report_act or "",
            "form": classification.get("form") or "",
            "month": opened.replace(day=1),
            "ppk_visible": state in PPK_VISIBLE_STATES,
            "outcome": facts._outcome(
                case, first_rec is not None or state in facts.RECOMMENDATION_STATES
            ),
            "sanction_level": facts._level(decision),
            "compliance": facts._follow(case, decision, bool(to_ppk), overdue),
            "recommendation_days": facts._days(reported, first_rec),
            "decision_days": facts._days(reported, first_decree),
        }
        out.append([case_id, *(value[f] for f in fields)])
    with cursor.copy(f"COPY _bulk_new (source_id, {', '.join(fields)}) FROM STDIN") as copy:
        for row in out:
            copy.write_row(row)


def _region_parts_sql(code: str) -> tuple[str, str]:
    province = f"split_part(coalesce({code}, ''), '.', 1)"
    regency = (
        f"CASE WHEN strpos(coalesce({code}, ''), '.') > 0 "
        f"THEN split_part({code}, '.', 1) || '.' || split_part({code}, '.', 2) ELSE '' END"
    )
    return province, regency


def _report_select(low: int, high: int) -> str:
    province, regency = _region_parts_sql("g.code")
    return f"""
        SELECT x.id AS source_id, (x.created_at AT TIME ZONE %(tz)s)::date AS day,
               coalesce(x.election_id, 0) AS election_id, {province} AS province,
               {regency} AS regency, coalesce(a.slug, '') AS act, x.source
        FROM intake_report x
        JOIN regions_region g ON g.id = x.region_id
        LEFT JOIN rules_prohibitedact a ON a.id = x.act_id
        WHERE x.id BETWEEN {int(low)} AND {int(high)}
    """  # noqa: S608


def _prevention_select(name: str, low: int, high: int) -> str:
    province, regency = _region_parts_sql("g.code")
    between = f"BETWEEN {int(low)} AND {int(high)}"
    common = (
        f"coalesce(x.election_id, 0) AS election_id, {province} AS province, "
        f"{regency} AS regency, coalesce(x.agency_id, 0) AS agency_id, "
        "coalesce(x.unit_id, 0) AS unit_id"
    )
    if name == PreventionKind.ACTIVITY:
        return f"""
            SELECT x.id AS source_id, date_trunc('month', x.held_on)::date AS month, {common},
                   1 AS weight
            FROM prevention_activity x LEFT JOIN regions_region g ON g.id = x.region_id
            WHERE x.id {between}
        """  # noqa: S608
    if name == PreventionKind.ATTENDANCE:
        return f"""
            SELECT x.id AS source_id, date_trunc('month', x.held_on)::date AS month, {common},
                   w.n AS weight
            FROM prevention_activity x LEFT JOIN regions_region g ON g.id = x.region_id
            JOIN (SELECT activity_id, count(*) AS n FROM prevention_attendance
                  WHERE activity_id {between} GROUP BY activity_id) w ON w.activity_id = x.id
            WHERE x.id {between}
        """  # noqa: S608
    if name == PreventionKind.PACT:
        return f"""
            SELECT x.id AS source_id, date_trunc('month', x.signed_on)::date AS month, {common},
                   1 AS weight
            FROM prevention_integritypact x LEFT JOIN regions_region g ON g.id = x.region_id
            WHERE x.id {between}
        """  # noqa: S608
    if name == PreventionKind.PLEDGE:
        province, regency = _region_parts_sql("g.code")
        return f"""
            SELECT x.id AS source_id,
                   date_trunc('month', (x.pledged_at AT TIME ZONE %(tz)s))::date AS month,
                   coalesce(c.election_id, 0) AS election_id, {province} AS province,
                   {regency} AS regency,
                   coalesce(p.agency_id, c.agency_id, 0) AS agency_id,
                   coalesce(p.unit_id, 0) AS unit_id, 1 AS weight
            FROM prevention_pledge x
            JOIN prevention_pledgecampaign c ON c.id = x.campaign_id
            JOIN registry_person p ON p.id = x.person_id
            LEFT JOIN regions_region g ON g.id = coalesce(p.region_id, c.region_id)
            WHERE x.id {between}
        """  # noqa: S608
    raise ValueError(name)


# --- cubes ------------------------------------------------------------------------------------


def expected_sql(name: str) -> str | None:
    """The cube's rows recounted from the facts, as one SELECT of its dimensions and `n`
    (None for a cube this module does not know: the caller recounts it the ORM way)."""
    from netra.analytics.services import CUBES, PROJECTIONS

    _model, dims = CUBES[name]
    if name in PROJECTIONS:  # the base cube's recount, grouped by fewer dimensions
        name = PROJECTIONS[name][0]
    case = CaseFact._meta.db_table
    columns = ", ".join(dims)
    if name in ("case", "summary"):
        return f"SELECT {columns}, count(*) AS n FROM {case} GROUP BY {columns}"  # noqa: S608
    if name == "unit":
        return (
            f"SELECT {columns}, count(*) AS n FROM {case} WHERE unit_id <> 0 "  # noqa: S608
            f"GROUP BY {columns}"
        )
    if name == "duration":
        base = [d for d in dims if d not in ("measure", "days")]
        if list(dims[-2:]) != ["measure", "days"]:
            return None
        parts = []
        for measure, field in (
            (Measure.RECOMMENDATION, "recommendation_days"),
            (Measure.DECISION, "decision_days"),
        ):
            parts.append(
                f"SELECT {', '.join(base)}, '{measure.value}'::varchar AS measure, "  # noqa: S608
                f"{field} AS days, count(*) AS n FROM {case} WHERE {field} IS NOT NULL "
                f"GROUP BY {', '.join(base)}, {field}"
            )
        return " UNION ALL ".join(parts)
    if name == "report":
        return (
            f"SELECT {columns}, count(*) AS n FROM {ReportFact._meta.db_table} "  # noqa: S608
            f"GROUP BY {columns}"
        )
    if name == "prevention":
        return (
            f"SELECT {columns}, sum(weight) AS n "  # noqa: S608
            f"FROM {PreventionFact._meta.db_table} GROUP BY {columns}"
        )
    return None


def recount(name: str) -> int | None:
    """Set the cube to the recount from the facts; returns the rows changed, or None when
    this module cannot recount that cube."""
    from netra.analytics.services import CUBES

    select = expected_sql(name)
    if select is None:
        return None
    model, dims = CUBES[name]
    table = model._meta.db_table
    same = " AND ".join(f"c.{d} = e.{d}" for d in dims)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute("DROP TABLE IF EXISTS _bulk_expected")
        cursor.execute(
            f"CREATE TEMP TABLE _bulk_expected ON COMMIT DROP AS "  # noqa: S608
            f"SELECT * FROM ({select}) s WHERE n <> 0"
        )
        cursor.execute("ANALYZE _bulk_expected")
        cursor.execute(
            f"DELETE FROM {table} c WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM _bulk_expected e WHERE {same})"
        )
        fixed = cursor.rowcount
        cursor.execute(
            f"UPDATE {table} c SET n = e.n FROM _bulk_expected e "  # noqa: S608
            f"WHERE {same} AND c.n <> e.n"
        )
        fixed += cursor.rowcount
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(dims)}, n) "  # noqa: S608
            f"SELECT {', '.join('e.' + d for d in dims)}, e.n FROM _bulk_expected e "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE {same})"
        )
        fixed += cursor.rowcount
    return fixed

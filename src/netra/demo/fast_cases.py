"""A million generated cases in minutes, set-based, on PostgreSQL (`netra demo cases --fast`,
the analytics benchmark).

`election_cases.generate_cases` writes each case from Python (about 700 cases/s on a quiet
2-core machine, a fifth of that under load). This module writes a *template* of `template`
cases with it, then copies the template inside PostgreSQL with `INSERT ... SELECT` until
`cases` cases exist:

- each copy moves every case to another regency (a fixed permutation of the 514 regencies per
  copy, so a copy is not a clone of the template's regional spread) and its reported person
  with it: the person's agency becomes the new regency's government (or the new province's),
  central agencies stay; the person's region becomes the new regency;
- every date of a case (report, events, deadlines, decision, remedy) moves by the same
  jitter of -15..+15 days, so months and durations spread like the template's;
- unique values are made anew: UUIDs, tracking and case numbers (the real readable shape with
  its check character, from the new row id), access key digests, NIPs (a copy prefix in place
  of the birth century, so NIPs stay 18 digits and unique);
- the same rows per case as the template (report, case, primary case report, its state-change
  events, the PPK follow-up deadline, the decision and remedy), so every constraint of the
  schema holds and the workflow's shape (paths, PPK compliance, durations) is the template's.

Then prevention work for the same people, set-based: a work unit per regional government,
socialization activities with attendance, pledge campaigns with pledges by about a fifth of
the staff, and integrity pacts (`prevention`).

The analytics rollups are not maintained here (no signals fire): the caller rebuilds them
(`analytics.services.reconcile`).
"""

import time
from collections.abc import Callable

from django.db import connection, models, transaction

from netra.cases.models import Case, CaseDeadline, CaseEvent, CaseReport
from netra.demo.election_cases import GenerationUnavailable, generate_cases
from netra.intake.models import Report
from netra.registry.models import Person
from netra.sanctions.models import Decision, Remedy

TEMPLATE = 20_000
# A step coprime with the number of regencies (514 = 2 x 257): copy k moves regency i to
# (i + k * STEP) mod 514, a different regency for every copy up to 256.
STEP = 97
JITTER_DAYS = 15  # a case's dates move by -JITTER_DAYS .. +JITTER_DAYS days per copy
MAX_COPIES = 50  # the template and 49 copies (NIP prefixes 51..99)

READABLE_SQL = """
CREATE OR REPLACE FUNCTION pg_temp.netra_readable(prefix text, yr int, pk bigint)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  alphabet text := '0123456789ABCDEFGHJKMNPQRSTVWXY';
  n bigint := ((2654435761::numeric * pk + 977) % 27512614111)::bigint;
  body text := '';
  yy text := lpad((yr % 100)::text, 2, '0');
  s text;
  total int := 0;
  d int;
BEGIN
  FOR i IN 1..7 LOOP
    d := n % 31;
    n := n / 31;
    body := body || substr(alphabet, d + 1, 1);
  END LOOP;
  s := yy || body;
  FOR i IN 1..length(s) LOOP
    total := total + i * (strpos(alphabet, substr(s, i, 1)) - 1);
  END LOOP;
  body := body || substr(alphabet, total % 31 + 1, 1);
  RETURN prefix || '-' || yy || '-' || substr(body, 1, 4) || '-' || substr(body, 5);
END $$
"""


def generate_cases_fast(
    *,
    cases: int,
    seed: int = 42,
    template: int = TEMPLATE,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Write `cases` cases (and prevention work) into an empty case table; returns counts per
    table and the seconds each phase took."""
    if connection.vendor != "postgresql":
        raise GenerationUnavailable("the fast generator needs PostgreSQL")
    if cases < 1:
        raise ValueError("cases must be 1 or more")
    if Case.objects.exists():
        raise GenerationUnavailable("the fast generator starts from a database without cases")
    say = progress or (lambda _line: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    template = template_size(cases, template)
    generate_cases(cases=template, seed=seed)
    timings["template"] = time.perf_counter() - started
    say(f"template: {template} cases in {timings['template']:.0f} s")
    started = time.perf_counter()
    copies = -(-cases // template)  # the template is copy 0
    with connection.cursor() as cursor:
        cursor.execute(READABLE_SQL)
        _prepare(cursor)
        for k in range(1, copies):
            rows = min(template, cases - k * template)
            with transaction.atomic():
                _copy(cursor, k, rows)
            if k % 5 == 0 or k == copies - 1:
                say(f"copies: {k + 1} of {copies} ({min(cases, (k + 1) * template)} cases)")
        _reset_sequences(cursor)
    timings["copies"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor, transaction.atomic():
        prevention_fast(cursor)
    timings["prevention"] = time.perf_counter() - started
    say(f"prevention: {timings['prevention']:.0f} s")
    counts = {}
    with connection.cursor() as cursor:
        for model in (
            Person,
            Report,
            Case,
            CaseReport,
            CaseEvent,
            CaseDeadline,
            Decision,
            Remedy,
            *_prevention_models(),
        ):
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")  # noqa: S608
            counts[model._meta.label] = cursor.fetchone()[0]
    return {"cases": cases, "rows": counts, "seconds": timings}


def template_size(cases: int, template: int = TEMPLATE) -> int:
    """At most MAX_COPIES copies: a copy's NIPs take the prefix 50 + k in place of the birth
    century (two digits), so more cases make a larger template instead."""
    return min(max(template, -(-cases // MAX_COPIES)), cases)


def _prepare(cursor) -> None:
    """Temp tables: the regencies in code order with their governments, and the template."""
    cursor.execute("DROP TABLE IF EXISTS _fast_regs, _fast_tpl, _fast_copy")
    cursor.execute(
        """
        CREATE TEMP TABLE _fast_regs AS
        SELECT row_number() OVER (ORDER BY r.code) - 1 AS i, r.id AS region_id, r.code,
               ra.id AS agency_id, pa.id AS province_agency_id
        FROM regions_region r
        LEFT JOIN registry_agency ra ON ra.code = replace(r.code, '.', '')
        LEFT JOIN registry_agency pa ON pa.code = left(r.code, 2)
        WHERE r.level = 2
        """
    )
    cursor.execute("CREATE UNIQUE INDEX ON _fast_regs (i)")
    cursor.execute("CREATE UNIQUE INDEX ON _fast_regs (code)")
    # The template: each case with its regency index, ranked (a partial last copy takes the
    # first rows), and the id ranges every copy is offset by.
    cursor.execute(
        """
        CREATE TEMP TABLE _fast_tpl AS
        SELECT c.id AS case_id, c.report_id, c.person_id, g.i,
               row_number() OVER (ORDER BY c.id) AS rank
        FROM cases_case c
        JOIN regions_region r ON r.id = c.region_id
        JOIN _fast_regs g ON g.code = left(r.code, 5)
        """
    )
    cursor.execute("CREATE UNIQUE INDEX ON _fast_tpl (case_id)")
    cursor.execute("ANALYZE _fast_tpl")
    cursor.execute("SELECT count(*) FROM _fast_regs")
    (n,) = cursor.fetchone()
    if not n:
        raise GenerationUnavailable("regions must be loaded (netra load-reference)")


def _span(cursor, table: str) -> tuple[int, int]:
    cursor.execute(f"SELECT min(id), max(id) FROM {table}")  # noqa: S608
    low, high = cursor.fetchone()
    return low or 0, high or 0


def _copy(cursor, k: int, rows: int) -> None:
    """Copy the first `rows` template cases as copy number `k` (1-based)."""
    cursor.execute("DROP TABLE IF EXISTS _fast_copy")
    cursor.execute(
        """
        CREATE TEMP TABLE _fast_copy AS
        SELECT t.case_id, t.report_id, t.person_id, g.region_id, g.agency_id,
               g.province_agency_id, g.code AS regency,
               ((t.case_id * 7919 + %(k)s * 104729) %% %(width)s)::int - %(jitter)s AS jd
        FROM _fast_tpl t
        JOIN _fast_regs g ON g.i = (t.i + %(k)s * %(step)s) %% (SELECT count(*) FROM _fast_regs)
        WHERE t.rank <= %(rows)s
        """,
        {"k": k, "width": 2 * JITTER_DAYS + 1, "jitter": JITTER_DAYS, "step": STEP, "rows": rows},
    )
    cursor.execute("CREATE UNIQUE INDEX ON _fast_copy (case_id)")
    cursor.execute("ANALYZE _fast_copy")
    offsets = {
        model._meta.db_table: _offset(cursor, model._meta.db_table, k)
        for model in (Person, Report, Case, Decision)
    }
    person_off = offsets["registry_person"]
    report_off = offsets["intake_report"]
    case_off = offsets["cases_case"]
    decision_off = offsets["sanctions_decision"]
    p_low, p_high = _TEMPLATE_RANGES["registry_person"]
    shift = "(x.jd * interval '1 day')"

    # People reported in this copy: one new person per template person, in the new regency.
    _insert(
        cursor,
        Person,
        "registry_person t JOIN (SELECT DISTINCT ON (person_id) * FROM _fast_copy "
        "WHERE person_id IS NOT NULL ORDER BY person_id) x ON x.person_id = t.id "
        "LEFT JOIN registry_agency a ON a.id = t.agency_id",
        {
            "id": f"t.id + {person_off}",
            "public_id": "gen_random_uuid()",
            "nip": f"CASE WHEN t.nip IS NULL THEN NULL ELSE '{50 + k}' || substr(t.nip, 3) END",
            "agency_id": "CASE length(a.code) WHEN 4 THEN x.agency_id "
            "WHEN 2 THEN x.province_agency_id ELSE t.agency_id END",
            "region_id": "x.region_id",
            "unit_id": "NULL",
        },
        where=f"t.id BETWEEN {p_low} AND {p_high}",
    )
    person_ref = (
        f"CASE WHEN t.person_id BETWEEN {p_low} AND {p_high} "
        f"THEN t.person_id + {person_off} ELSE t.person_id END"
    )
    new_report = f"t.id + {report_off}"
    _insert(
        cursor,
        Report,
        "intake_report t JOIN _fast_copy x ON x.report_id = t.id",
        {
            "id": new_report,
            "public_id": "gen_random_uuid()",
            "tracking_number": _readable("NTR", f"t.created_at + {shift}", new_report),
            "access_key_digest": "encode(sha256(convert_to('generated:' || "
            + _readable("NTR", f"t.created_at + {shift}", new_report)
            + ", 'UTF8')), 'hex')",
            "region_id": "x.region_id",
        },
        shift=shift,
    )
    new_case = f"t.id + {case_off}"
    _insert(
        cursor,
        Case,
        "cases_case t JOIN _fast_copy x ON x.case_id = t.id",
        {
            "id": new_case,
            "public_id": "gen_random_uuid()",
            "number": _readable("KSS", f"t.created_at + {shift}", new_case),
            "report_id": f"t.report_id + {report_off}",
            "region_id": "x.region_id",
            "person_id": person_ref,
            "merged_into_id": "NULL",
        },
        shift=shift,
    )
    case_ref = {"case_id": f"t.case_id + {case_off}"}
    _insert(
        cursor,
        CaseReport,
        "cases_casereport t JOIN _fast_copy x ON x.case_id = t.case_id",
        {**case_ref, "report_id": f"t.report_id + {report_off}"},
        shift=shift,
        new_id=True,
    )
    _insert(
        cursor,
        CaseEvent,
        "cases_caseevent t JOIN _fast_copy x ON x.case_id = t.case_id",
        case_ref,
        shift=shift,
        new_id=True,
    )
    _insert(
        cursor,
        CaseDeadline,
        "cases_casedeadline t JOIN _fast_copy x ON x.case_id = t.case_id",
        case_ref,
        shift=shift,
        new_id=True,
    )
    _insert(
        cursor,
        Decision,
        "sanctions_decision t JOIN _fast_copy x ON x.case_id = t.case_id",
        {
            "id": f"t.id + {decision_off}",
            "public_id": "gen_random_uuid()",
            **case_ref,
            "person_id": person_ref,
            "supersedes_id": f"t.supersedes_id + {decision_off}",
            "decree_number": f"'800/' || (t.case_id + {case_off}) || '/BKPSDM/' || "
            f"extract(year FROM t.decree_date + x.jd)::int",
        },
        shift=shift,
    )
    _insert(
        cursor,
        Remedy,
        "sanctions_remedy t JOIN _fast_copy x ON x.case_id = t.case_id",
        {
            "public_id": "gen_random_uuid()",
            **case_ref,
            "decision_id": f"t.decision_id + {decision_off}",
        },
        shift=shift,
        new_id=True,
    )


_TEMPLATE_RANGES: dict[str, tuple[int, int]] = {}


def _offset(cursor, table: str, k: int) -> int:
    """Copy k's rows are the template's ids + k * (the template's id span)."""
    if table not in _TEMPLATE_RANGES:
        _TEMPLATE_RANGES[table] = _span(cursor, table)
    low, high = _TEMPLATE_RANGES[table]
    return k * (high - low + 1)


def _readable(prefix: str, moment: str, pk: str) -> str:
    year = f"extract(year FROM ({moment}) AT TIME ZONE 'Asia/Jakarta')::int"
    return f"pg_temp.netra_readable('{prefix}', {year}, {pk})"


def _insert(
    cursor,
    model,
    source: str,
    overrides: dict[str, str],
    *,
    shift: str = "",
    new_id: bool = False,
    where: str = "",
) -> None:
    """INSERT INTO model's table SELECT every column from `source` (aliased t), with
    `overrides` per column, dates and times moved by `shift`, the id left to the identity
    when `new_id`."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if field.primary_key and new_id:
            continue
        columns.append(column)
        if column in overrides:
            values.append(overrides[column])
        elif shift and isinstance(field, models.DateTimeField):
            values.append(f"t.{column} + {shift}")
        elif shift and isinstance(field, models.DateField):
            values.append(f"t.{column} + x.jd")
        else:
            values.append(f"t.{column}")
    table = model._meta.db_table
    # Names and expressions come from the models and this module, never from input.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"  # noqa: S608
    if where:
        sql += f" WHERE {where}"
    cursor.execute(sql)


def _reset_sequences(cursor) -> None:
    from django.core.management.color import no_style

    models_ = [Person, Report, Case, CaseReport, CaseEvent, CaseDeadline, Decision, Remedy]
    for statement in connection.ops.sequence_reset_sql(no_style(), models_):
        cursor.execute(statement)
    _TEMPLATE_RANGES.clear()


# --- prevention -------------------------------------------------------------------------------


def _prevention_models():
    from netra.prevention.models import (
        Activity,
        Attendance,
        IntegrityPact,
        Pledge,
        PledgeCampaign,
    )
    from netra.registry.models import WorkUnit

    return [WorkUnit, Activity, Attendance, PledgeCampaign, Pledge, IntegrityPact]


ACTIVITIES_PER_AGENCY = 8  # per election and regional government
ATTENDANCE_ONE_IN = 50  # about one in 50 of the agency's staff attends an activity
PLEDGE_PERCENT = 20  # of the staff pledge in their agency's campaign, per election
PACT_PERCENT = 60  # of the work units sign an integrity pact per election


def prevention_fast(cursor) -> None:
    """Prevention work of the regional governments for every election, set-based."""
    from netra.prevention.models import PledgeTemplate

    template = PledgeTemplate.objects.order_by("pk").values_list("pk", flat=True).first()
    if template is None:
        from netra.demo.reference import load_reference

        load_reference(only=["prevention"])
        template = PledgeTemplate.objects.order_by("pk").values_list("pk", flat=True).first()
    regional = "length(a.code) IN (2, 4)"
    cursor.execute(
        f"""
        INSERT INTO registry_workunit (public_id, name, name_key, agency_id, region_id)
        SELECT gen_random_uuid(), 'Sekretariat Daerah', 'sekretariat daerah', a.id, a.region_id
        FROM registry_agency a
        WHERE {regional} AND NOT EXISTS (
            SELECT 1 FROM registry_workunit u WHERE u.agency_id = a.id
              AND u.name_key = 'sekretariat daerah')
        """  # noqa: S608
    )
    # A third of the regional governments' staff work in that unit (the others' unit is not
    # in the registry), so the rollups per work unit have something to count.
    cursor.execute(
        """
        UPDATE registry_person p SET unit_id = u.id
        FROM registry_workunit u
        WHERE u.agency_id = p.agency_id AND u.name_key = 'sekretariat daerah'
          AND p.unit_id IS NULL AND p.id % 3 = 0
        """
    )
    # Activities: before each vote, spread over the 120 days before it.
    cursor.execute(
        f"""
        INSERT INTO prevention_activity (public_id, kind, title, partners, audience, held_on,
            place, link, description, check_in_token, check_in_open, created_at, updated_at,
            agency_id, election_id, region_id)
        SELECT gen_random_uuid(),
               (ARRAY['socialization', 'apel', 'coordination_meeting',
                      'video_conference'])[1 + (a.id + s) % 4],
               'Sosialisasi netralitas ASN ' || s, '["bawaslu"]', '[]',
               e.vote_date - ((a.id * 37 + s * 13 + e.id) % 120)::int,
               'Aula ' || a.name, '', '', md5(gen_random_uuid()::text), false,
               now(), now(), a.id, e.id, a.region_id
        FROM registry_agency a CROSS JOIN elections_election e
        CROSS JOIN generate_series(1, {ACTIVITIES_PER_AGENCY}) s
        WHERE {regional}
        """  # noqa: S608
    )
    cursor.execute(
        f"""
        INSERT INTO prevention_attendance (source, recorded_at, activity_id, person_id)
        SELECT 'import', v.held_on::timestamp AT TIME ZONE 'Asia/Jakarta', v.id, p.id
        FROM prevention_activity v JOIN registry_person p ON p.agency_id = v.agency_id
        WHERE (p.id * 31 + v.id) % {ATTENDANCE_ONE_IN} = 0 AND p.status = 'active'
        """  # noqa: S608
    )
    cursor.execute(
        f"""
        INSERT INTO prevention_pledgecampaign (public_id, title, starts_on, ends_on, created_at,
            agency_id, election_id, region_id, template_id, help_contact, second_factor)
        SELECT gen_random_uuid(), 'Ikrar netralitas ' || e.slug, e.vote_date - 120,
               e.vote_date, now(), a.id, e.id, a.region_id, %(template)s, '', 'contact_code'
        FROM registry_agency a CROSS JOIN elections_election e
        WHERE {regional}
        """,  # noqa: S608
        {"template": template},
    )
    cursor.execute(
        f"""
        INSERT INTO prevention_pledge (public_id, method, identity_check, pledged_at,
            person_id, template_id, campaign_id)
        SELECT gen_random_uuid(), 'individual', 'birth_date',
               (c.starts_on + ((p.id + c.id) % 120)::int)::timestamp
                   AT TIME ZONE 'Asia/Jakarta' + interval '9 hours',
               p.id, c.template_id, c.id
        FROM prevention_pledgecampaign c
        JOIN registry_person p ON p.agency_id = c.agency_id
        WHERE (p.id * 17 + c.id) % 100 < {PLEDGE_PERCENT} AND p.status = 'active'
        """  # noqa: S608
    )
    cursor.execute(
        f"""
        INSERT INTO prevention_integritypact (public_id, signer_name, signer_position,
            signed_on, file_name, content_type, sha256, size, uploaded_at, agency_id,
            election_id, region_id, unit_id)
        SELECT gen_random_uuid(), 'Sekretaris Daerah', 'Sekretaris Daerah',
               e.vote_date - ((u.id + e.id) % 90)::int, 'pakta.pdf', 'application/pdf',
               md5(u.id || ':' || e.id) || md5(e.id || ':' || u.id), 1024, now(),
               u.agency_id, e.id, u.region_id, u.id
        FROM registry_workunit u CROSS JOIN elections_election e
        WHERE (u.id * 7 + e.id) % 100 < {PACT_PERCENT}
          AND u.name_key = 'sekretariat daerah'
        ON CONFLICT DO NOTHING
        """  # noqa: S608
    )

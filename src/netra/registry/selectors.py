"""Reads of the registry. Lists for staff always go through `scope_filter` (DESIGN.md §5)."""

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from netra.accounts.choices import Role
from netra.accounts.scopes import scope_filter, user_scope
from netra.registry.identifiers import clean_digits
from netra.registry.models import Agency, ImportJob, Person, WorkUnit
from netra.registry.names import name_key, name_variants_key

# Trigram search needs at least three characters on both engines.
_MIN_SUBSTRING = 3
_FTS_TABLE = "registry_person_name_fts"


def person_get_by_nip(nip: str) -> Person | None:
    """The person with this NIP / NI PPPK, typed in any grouping; None if unknown."""
    digits = clean_digits(nip)
    if not digits:
        return None
    return Person.objects.select_related("agency", "unit", "region").filter(nip=digits).first()


def person_get_by_nik(nik: str, *, limit: int = 5) -> list[Person]:
    """People recorded with this NIK (normally one; a registry may hold duplicates)."""
    digits = clean_digits(nik)
    if len(digits) != 16:
        return []
    return list(
        Person.objects.select_related("agency", "unit", "region").filter(nik=digits)[:limit]
    )


def agency_list_for(user) -> QuerySet[Agency]:
    """Agencies the user may see: by the agency's region and by agency grants."""
    qs = Agency.objects.select_related("region")
    return scope_filter(qs, user, region_field="region", agency_field="pk")


def agency_get_for(user, public_id) -> Agency | None:
    return agency_list_for(user).filter(public_id=public_id).first()


def work_unit_list_for(user, *, agency: Agency | None = None) -> QuerySet[WorkUnit]:
    qs = WorkUnit.objects.select_related("agency", "region")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return scope_filter(qs, user, region_field="agency__region", agency_field="agency")


def person_list_for(user) -> QuerySet[Person]:
    """People the user may see: by the person's work region and by agency grants."""
    qs = Person.objects.select_related("agency", "unit", "region")
    return scope_filter(qs, user, region_field="region", agency_field="agency")


def person_get_for(user, public_id) -> Person | None:
    return person_list_for(user).filter(public_id=public_id).first()


def _substring_match(key: str) -> Q:
    if connection.vendor == "sqlite":
        # The FTS5 trigram table answers LIKE '%x%' from its index (migration 0003).
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql = f"SELECT rowid FROM {_FTS_TABLE} WHERE name_key LIKE %s ESCAPE '\\'"  # noqa: S608
        # The table name is a constant and the pattern a bound parameter.
        return Q(id__in=RawSQL(sql, (f"%{escaped}%",)))  # noqa: S611
    # PostgreSQL: LIKE '%x%' is served by the pg_trgm GIN index; elsewhere a scan.
    return Q(name_key__contains=key)


def person_search(
    name: str, *, user=None, queryset: QuerySet[Person] | None = None, limit: int = 50
) -> list[Person]:
    """People whose name matches `name` (titles ignored), best matches first.

    Exact key, then key prefix, then spelling-variant prefix ("Djoko" finds "Joko"), then
    substring (trigram index). With `user`, only people in the user's scope.
    """
    key = name_key(name)
    if not key:
        return []
    variants = name_variants_key(key)
    qs = queryset if queryset is not None else Person.objects.select_related("agency", "unit")
    if user is not None:
        qs = scope_filter(qs, user, region_field="region", agency_field="agency")
    match = Q(name_key__startswith=key) | Q(name_variants_key__startswith=variants)
    if len(key) >= _MIN_SUBSTRING:
        match |= _substring_match(key)
    rank = Case(
        When(name_key=key, then=Value(0)),
        When(name_key__startswith=key, then=Value(1)),
        When(name_variants_key__startswith=variants, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return list(
        qs.filter(match).annotate(match_rank=rank).order_by("match_rank", "name_key")[:limit]
    )


# --- imports on the web ----------------------------------------------------------------------

# Who imports an agency's registry: its HR (BKPSDM) and administrators. Auditors read the jobs.
IMPORT_ROLES = frozenset({Role.AGENCY_HR, Role.ADMIN})
IMPORT_READER_ROLES = IMPORT_ROLES | {Role.AUDITOR}


def import_agencies_for(user) -> QuerySet[Agency]:
    """The agencies whose registry `user` may import: those named by the user's agency HR or
    admin grants (a grant without an agency names none)."""
    ids = {g.agency_id for g in user_scope(user, roles=IMPORT_ROLES).grants if g.agency_id}
    return Agency.objects.filter(pk__in=ids).order_by("name")


def may_import_all_agencies(user) -> bool:
    """A national administrator (or superuser) imports for every agency, as the CLI does."""
    scope = user_scope(user, roles={Role.ADMIN})
    return scope.is_superuser or any(g.is_national for g in scope.grants)


def may_import(user) -> bool:
    return may_import_all_agencies(user) or import_agencies_for(user).exists()


def import_jobs_for(user) -> QuerySet[ImportJob]:
    """Import jobs in the user's scope (by the job's agency); a job for every agency is seen
    only by national scopes."""
    qs = ImportJob.objects.select_related("agency", "created_by")
    return scope_filter(
        qs, user, region_field="agency__region", agency_field="agency", roles=IMPORT_READER_ROLES
    )


def import_job_get_for(user, public_id) -> ImportJob | None:
    return import_jobs_for(user).filter(public_id=public_id).first()

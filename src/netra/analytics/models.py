"""Rollups: per-object facts and the aggregate tables ("cubes") built from them.

A fact row holds the dimensions one source object (a case, a report, a prevention record)
currently contributes; a cube row counts the facts sharing a key. `services.refresh_*`
recompute facts from the source, and apply the difference between the old and new fact to the
cubes (decrement the old key, increment the new one). Pages read cubes only; the periodic
`analytics.reconcile` task recomputes every fact and rebuilds every cube (docs/analytics.md).

Keys use plain values, never NULL ("" for an unknown code, 0 for an unknown id), so a unique
constraint over the key holds on PostgreSQL too; ids are stored without foreign keys because a
rollup must never block a change of the source.
"""

from django.db import models

# The dimensions every case cube is filtered by.
CASE_DIMS = (
    "election_id",
    "province",
    "regency",
    "agency_id",
    "employee_type",
    "position_type",
    "functional_group",
    "act",
    "form",
    "month",
    "ppk_visible",
)


class CaseDims(models.Model):
    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)  # "32"
    regency = models.CharField(max_length=16, default="", blank=True)  # "32.01"
    agency_id = models.IntegerField(default=0)
    employee_type = models.CharField(max_length=8, default="", blank=True)
    position_type = models.CharField(max_length=12, default="", blank=True)
    functional_group = models.CharField(max_length=12, default="", blank=True)
    act = models.CharField(max_length=64, default="", blank=True)  # ProhibitedAct.slug
    form = models.CharField(max_length=64, default="", blank=True)  # ViolationForm.code
    month = models.DateField()  # first day of the month the case was opened (local date)
    # Whether agency-side staff (PPK, agency HR) may see the case (cases.selectors rule).
    ppk_visible = models.BooleanField(default=False)

    class Meta:
        abstract = True


class CaseFact(CaseDims):
    """What one case (not merged into another) contributes. Merged duplicates have no fact."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    region_code = models.CharField(max_length=32, default="", blank=True)  # full, for scoping
    # The registry person's work unit (0: not resolved, or no unit in the registry): feeds
    # `UnitCaseCube` only, so the other cubes keep their size.
    unit_id = models.IntegerField(default=0)
    outcome = models.CharField(max_length=16, default="pending")  # choices.Outcome
    sanction_level = models.CharField(max_length=16, default="", blank=True)
    compliance = models.CharField(max_length=16, default="", blank=True)  # choices.Follow
    recommendation_days = models.IntegerField(null=True, blank=True)
    decision_days = models.IntegerField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["compliance", "agency_id"], name="analytics_fact_compliance"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.outcome}"


class CaseCube(CaseDims):
    outcome = models.CharField(max_length=16)
    sanction_level = models.CharField(max_length=16, default="", blank=True)
    compliance = models.CharField(max_length=16, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*CASE_DIMS, "outcome", "sanction_level", "compliance"],
                name="analytics_case_cube_key",
            )
        ]
        indexes = [
            models.Index(fields=["election_id", "month"], name="analytics_cube_election_month"),
            models.Index(fields=["province", "regency"], name="analytics_cube_region"),
            models.Index(fields=["agency_id"], name="analytics_cube_agency"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


# The coarse case cube: the dimensions most pages filter by (election, region, agency, month,
# the PPK visibility of the scope rule) without the person's type and group, the act and the
# form, which multiply its rows. Selectors read it whenever a query needs none of those.
SUMMARY_DIMS = ("election_id", "province", "regency", "agency_id", "month", "ppk_visible")


class CaseSummary(models.Model):
    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    agency_id = models.IntegerField(default=0)
    month = models.DateField()
    ppk_visible = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16)
    sanction_level = models.CharField(max_length=16, default="", blank=True)
    compliance = models.CharField(max_length=16, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*SUMMARY_DIMS, "outcome", "sanction_level", "compliance"],
                name="analytics_case_summary_key",
            )
        ]
        indexes = [
            models.Index(fields=["election_id", "month"], name="analytics_summary_election"),
            # A province's or an agency's rows (scoped users), as on CaseCube.
            models.Index(fields=["province", "regency"], name="analytics_summary_region"),
            models.Index(fields=["agency_id"], name="analytics_summary_agency"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class DurationCube(CaseDims):
    """How many cases took `days` calendar days from report to `measure` (a histogram per key):
    medians and percentiles are read exactly from it, at day resolution."""

    measure = models.CharField(max_length=16)  # choices.Measure
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*CASE_DIMS, "measure", "days"], name="analytics_duration_cube_key"
            )
        ]
        indexes = [
            models.Index(fields=["measure", "election_id"], name="analytics_duration_measure"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


UNIT_CASE_DIMS = (*CASE_DIMS, "unit_id")


class UnitCaseCube(CaseDims):
    """Cases per work unit (`unit kerja`) of the registry person, by outcome: the violations
    beside each unit's prevention (`selectors.prevention_by_unit`). Only cases whose person has
    a unit; read for one agency or regency at a time (a national list of units is not shown)."""

    unit_id = models.IntegerField(default=0)
    outcome = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[*UNIT_CASE_DIMS, "outcome"], name="analytics_unit_case_cube_key"
            )
        ]
        indexes = [
            models.Index(fields=["agency_id", "unit_id"], name="analytics_unit_cube_agency"),
            models.Index(fields=["regency"], name="analytics_unit_cube_regency"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


REPORT_DIMS = ("day", "election_id", "province", "regency", "act", "source")


class ReportFact(models.Model):
    report = models.OneToOneField(
        "intake.Report", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    day = models.DateField()  # local date received
    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    act = models.CharField(max_length=64, default="", blank=True)
    source = models.CharField(max_length=16)  # intake ReportSource: public / finding

    def __str__(self) -> str:
        return f"report {self.report_id}"


class ReportCube(models.Model):
    day = models.DateField()
    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    act = models.CharField(max_length=64, default="", blank=True)
    source = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=list(REPORT_DIMS), name="analytics_report_cube_key")
        ]
        indexes = [models.Index(fields=["election_id", "day"], name="analytics_report_cube_day")]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


PREVENTION_DIMS = (
    "kind",
    "month",
    "election_id",
    "province",
    "regency",
    "agency_id",
    "unit_id",
)


class PreventionFact(models.Model):
    """One activity, pledge or integrity pact (`kind`, `object_id`); for attendance, one row
    per activity weighing its number of attendees (imports add them in bulk)."""

    kind = models.CharField(max_length=16)  # choices.PreventionKind
    object_id = models.BigIntegerField()
    weight = models.IntegerField(default=1)
    month = models.DateField()
    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    agency_id = models.IntegerField(default=0)
    # The organising unit (activity, pact) or the pledging person's unit; 0 when none.
    unit_id = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="analytics_prev_fact_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class PreventionCube(models.Model):
    kind = models.CharField(max_length=16)
    month = models.DateField()
    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    agency_id = models.IntegerField(default=0)
    unit_id = models.IntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=list(PREVENTION_DIMS), name="analytics_prev_cube_key")
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


# --- coarse projections --------------------------------------------------------------------
# The same counts as a cube with fewer dimensions. At a million cases the cubes above hold
# about one row per case (a regency, an agency and a month leave few cases per key), so a
# national question read from them scans a million rows; these hold thousands to a hundred
# thousand. Maintained with their base cube (services.PROJECTIONS); selectors read the
# smallest one that has every column a query filters, groups or is scoped by.

REGION_DIMS = ("election_id", "province", "month", "ppk_visible")
REGENCY_DIMS = ("election_id", "province", "regency", "month", "ppk_visible")
AGENCY_DIMS = ("election_id", "agency_id", "month", "ppk_visible")
NATIONAL_DIMS = (
    "election_id",
    "month",
    "ppk_visible",
    "employee_type",
    "position_type",
    "functional_group",
    "act",
    "form",
)
NATIONAL_DURATION_DIMS = ("election_id", "month", "ppk_visible")
NATIONAL_REPORT_DIMS = ("day", "election_id", "act", "source")


def _key(name: str, fields) -> list:
    return [models.UniqueConstraint(fields=list(fields), name=name)]


class CaseRegionSummary(models.Model):
    """Cases per province (no regency, no agency) with every measure."""

    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    month = models.DateField()
    ppk_visible = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16)
    sanction_level = models.CharField(max_length=16, default="", blank=True)
    compliance = models.CharField(max_length=16, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = _key(
            "analytics_region_summary_key",
            [*REGION_DIMS, "outcome", "sanction_level", "compliance"],
        )

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class CaseRegencySummary(models.Model):
    """Cases per regency (no agency) by outcome: the ranked table of regions."""

    election_id = models.IntegerField(default=0)
    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    month = models.DateField()
    ppk_visible = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = _key("analytics_regency_summary_key", [*REGENCY_DIMS, "outcome"])

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class CaseAgencySummary(models.Model):
    """Cases per agency (no region) with every measure: PPK compliance, cases per agency."""

    election_id = models.IntegerField(default=0)
    agency_id = models.IntegerField(default=0)
    month = models.DateField()
    ppk_visible = models.BooleanField(default=False)
    outcome = models.CharField(max_length=16)
    sanction_level = models.CharField(max_length=16, default="", blank=True)
    compliance = models.CharField(max_length=16, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = _key(
            "analytics_agency_summary_key",
            [*AGENCY_DIMS, "outcome", "sanction_level", "compliance"],
        )
        indexes = [models.Index(fields=["agency_id"], name="analytics_agency_summary_ag")]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class CaseNationalCube(models.Model):
    """Cases by the person's type and group, the act and the form (no region, no agency), with
    every measure: the national breakdowns, and national figures filtered by those columns."""

    election_id = models.IntegerField(default=0)
    month = models.DateField()
    ppk_visible = models.BooleanField(default=False)
    employee_type = models.CharField(max_length=8, default="", blank=True)
    position_type = models.CharField(max_length=12, default="", blank=True)
    functional_group = models.CharField(max_length=12, default="", blank=True)
    act = models.CharField(max_length=64, default="", blank=True)
    form = models.CharField(max_length=64, default="", blank=True)
    outcome = models.CharField(max_length=16)
    sanction_level = models.CharField(max_length=16, default="", blank=True)
    compliance = models.CharField(max_length=16, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = _key(
            "analytics_national_cube_measures_key",
            [*NATIONAL_DIMS, "outcome", "sanction_level", "compliance"],
        )

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class NationalDurationCube(models.Model):
    election_id = models.IntegerField(default=0)
    month = models.DateField()
    ppk_visible = models.BooleanField(default=False)
    measure = models.CharField(max_length=16)
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = _key(
            "analytics_national_duration_key", [*NATIONAL_DURATION_DIMS, "measure", "days"]
        )

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class NationalReportCube(models.Model):
    day = models.DateField()
    election_id = models.IntegerField(default=0)
    act = models.CharField(max_length=64, default="", blank=True)
    source = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = _key("analytics_national_report_key", NATIONAL_REPORT_DIMS)

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


HEADCOUNT_DIMS = ("province", "regency", "agency_id", "employee_type", "functional_group")


class Headcount(models.Model):
    """Active people of the registry per agency and region: the denominator of coverage.

    Registry changes arrive in bulk imports, so this table is rebuilt by the periodic task
    (and `services.headcount_rebuild`), not per row."""

    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    agency_id = models.IntegerField(default=0)
    employee_type = models.CharField(max_length=8, default="", blank=True)
    functional_group = models.CharField(max_length=12, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=list(HEADCOUNT_DIMS), name="analytics_headcount_key")
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


UNIT_HEADCOUNT_DIMS = (
    "province",
    "regency",
    "agency_id",
    "unit_id",
    "employee_type",
    "functional_group",
)


class UnitHeadcount(models.Model):
    """Active registry people per work unit (people with a unit only): the denominator of a
    unit's coverage. A separate table so that `Headcount`, read for every agency-level page,
    keeps its size. Rebuilt with `Headcount` (`services.headcount_rebuild`), per agency on a
    single person's change (`people.refresh_headcount`)."""

    province = models.CharField(max_length=8, default="", blank=True)
    regency = models.CharField(max_length=16, default="", blank=True)
    agency_id = models.IntegerField(default=0)
    unit_id = models.IntegerField(default=0)
    employee_type = models.CharField(max_length=8, default="", blank=True)
    functional_group = models.CharField(max_length=12, default="", blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=list(UNIT_HEADCOUNT_DIMS), name="analytics_unit_headcount_key"
            )
        ]
        indexes = [
            models.Index(fields=["agency_id", "unit_id"], name="analytics_unit_hc_agency"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.model_name} n={self.n}"


class RollupState(models.Model):
    """One row (`name="rollups"`): when the rollups last changed and were last reconciled:
    the date of the data shown on dashboards and the public page."""

    name = models.CharField(max_length=32, unique=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    # What the last reconcile corrected (facts and cube rows), for operators.
    last_corrections = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.name

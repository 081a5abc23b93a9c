"""Dashboard and API filters: public codes in, checked, turned into cube lookups.

Never a primary key in a URL (DESIGN.md §4): elections by slug, agencies by code, regions by
their Kemendagri code. A value that names nothing is refused (`FilterError`, a 400 with a
message in the user's language), not silently ignored.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field, replace

from django.db.models import Q

from netra.analytics.errors import AnalyticsErrorCode as E
from netra.analytics.errors import FilterError
from netra.elections.models import Election
from netra.registry.choices import EmployeeType, FunctionalGroup, PositionType
from netra.registry.models import Agency

PERIODS = ("day", "month")
CHOICE_FILTERS = {
    "employee_type": EmployeeType.values,
    "position_type": PositionType.values,
    "functional_group": FunctionalGroup.values,
}


@dataclass(frozen=True)
class Filters:
    election: str = ""  # Election.slug
    province: str = ""  # "32"
    regency: str = ""  # "32.01"
    agency: str = ""  # Agency.code
    employee_type: str = ""
    position_type: str = ""
    functional_group: str = ""
    act: str = ""  # ProhibitedAct.slug
    form: str = ""  # ViolationForm.code
    start: dt.date | None = None
    end: dt.date | None = None
    period: str = "month"
    # Resolved ids (filled by `resolve`), not part of the query string.
    election_id: int | None = field(default=None, compare=False)
    agency_id: int | None = field(default=None, compare=False)

    @classmethod
    def from_query(cls, query) -> "Filters":
        """From a QueryDict / dict of strings; raises FilterError on a value naming nothing."""
        get = (lambda k: (query.get(k) or "").strip()) if query is not None else (lambda k: "")
        values = {
            name: get(name) for name in ("election", "province", "regency", "agency", "act", "form")
        }
        for name, allowed in CHOICE_FILTERS.items():
            value = get(name)
            if value and value not in allowed:
                raise FilterError(E.BAD_FILTER, name=name, value=value)
            values[name] = value
        period = get("period") or "month"
        if period not in PERIODS:
            raise FilterError(E.BAD_FILTER, name="period", value=period)
        start, end = _date(get("start"), "start"), _date(get("end"), "end")
        if start and end and start > end:
            raise FilterError(E.BAD_RANGE)
        for name in ("province", "regency"):
            code = values[name]
            if code and not all(part.isdigit() for part in code.split(".")):
                raise FilterError(E.BAD_FILTER, name=name, value=code)
        if values["regency"] and values["regency"].count(".") != 1:
            raise FilterError(E.BAD_FILTER, name="regency", value=values["regency"])
        if values["province"] and "." in values["province"]:
            raise FilterError(E.BAD_FILTER, name="province", value=values["province"])
        return cls(**values, start=start, end=end, period=period).resolve()

    def resolve(self) -> "Filters":
        election_id = agency_id = None
        if self.election:
            election_id = (
                Election.objects.filter(slug=self.election).values_list("pk", flat=True).first()
            )
            if election_id is None:
                raise FilterError(E.BAD_FILTER, name="election", value=self.election)
        if self.agency:
            agency_id = Agency.objects.filter(code=self.agency).values_list("pk", flat=True).first()
            if agency_id is None:
                raise FilterError(E.BAD_FILTER, name="agency", value=self.agency)
        return replace(self, election_id=election_id, agency_id=agency_id)

    def as_query(self) -> dict[str, str]:
        out = {}
        for name, value in asdict(self).items():
            if name in ("election_id", "agency_id") or not value:
                continue
            if name == "period" and value == "month":
                continue
            out[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out

    # --- lookups on the cubes -----------------------------------------------------------

    def _region_q(self) -> Q:
        q = Q()
        if self.province:
            q &= Q(province=self.province)
        if self.regency:
            q &= Q(regency=self.regency)
        return q

    def case_q(self) -> Q:
        """For CaseCube, DurationCube and CaseFact."""
        q = self._region_q()
        if self.election:
            q &= Q(election_id=self.election_id or -1)
        if self.agency:
            q &= Q(agency_id=self.agency_id or -1)
        for name in ("employee_type", "position_type", "functional_group", "act", "form"):
            value = getattr(self, name)
            if value:
                q &= Q(**{name: value})
        if self.start:
            q &= Q(month__gte=self.start.replace(day=1))
        if self.end:
            q &= Q(month__lte=self.end)
        return q

    def report_q(self) -> Q:
        """For ReportCube: reports carry no person, so agency and employee filters do not
        apply (`person_filtered` tells the caller)."""
        q = self._region_q()
        if self.election:
            q &= Q(election_id=self.election_id or -1)
        if self.act:
            q &= Q(act=self.act)
        if self.start:
            q &= Q(day__gte=self.start)
        if self.end:
            q &= Q(day__lte=self.end)
        return q

    def prevention_q(self) -> Q:
        q = self._region_q()
        if self.election:
            q &= Q(election_id=self.election_id or -1)
        if self.agency:
            q &= Q(agency_id=self.agency_id or -1)
        if self.start:
            q &= Q(month__gte=self.start.replace(day=1))
        if self.end:
            q &= Q(month__lte=self.end)
        return q

    def headcount_q(self) -> Q:
        q = self._region_q()
        if self.agency:
            q &= Q(agency_id=self.agency_id or -1)
        for name in ("employee_type", "functional_group"):
            value = getattr(self, name)
            if value:
                q &= Q(**{name: value})
        return q

    @property
    def person_filtered(self) -> bool:
        return bool(
            self.agency
            or self.employee_type
            or self.position_type
            or self.functional_group
            or self.form
        )


def _date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(E.BAD_DATE, name=name) from None

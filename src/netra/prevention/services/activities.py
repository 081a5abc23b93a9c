"""Writes about socialization activities (DOMAIN.md §7.2): the activity itself, its materials,
its attendance (an uploaded list or a QR self check-in) and the check-in switch.

Every write checks `access.may_manage` (self check-in is public and checks the registry
instead), runs in one transaction and is audited with an action `prevention.*`. Refusals raise
`ActivityError` with an `ActivityErrorCode` (prevention/errors.py; per-field ones for forms).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from netra.audit.services import audit_record
from netra.prevention import selectors, storage
from netra.prevention.access import may_manage
from netra.prevention.check_in_codes import CodeState, check_in_window, code_check
from netra.prevention.choices import (
    KINDS_WITHOUT_ATTENDANCE,
    ActivityKind,
    AttendanceSource,
    ImportOutcome,
    PartnerBody,
)
from netra.prevention.errors import ActivityError, AttendanceRowMessage
from netra.prevention.errors import ActivityErrorCode as Code
from netra.prevention.identity import person_identify
from netra.prevention.imports import (
    AttendanceFileError,
    AttendanceRow,
    parse_attendance,
    read_bytes,
)
from netra.prevention.models import Activity, ActivityMaterial, Attendance, AttendanceImport
from netra.refusals import FieldRefusals, Refusal
from netra.registry.choices import EmployeeType, PersonStatus
from netra.registry.identifiers import clean_digits, is_ascii_digits
from netra.registry.models import Person
from netra.registry.nip import parse_any_asn_number
from netra.registry.resolution import ReportedPerson, identity_rank

# A name alone identifies someone only with this score and this lead over the runner-up.
NAME_MIN_SCORE = 40.0
NAME_MIN_LEAD = 10.0


__all__ = ["ActivityError"]  # re-exported: callers catch `services.ActivityError`


def _require_manager(actor, agency) -> None:
    if not may_manage(actor, agency):
        raise ActivityError(Code.FORBIDDEN)


def _require_attendance(activity: Activity) -> None:
    if not activity.takes_attendance:
        raise ActivityError(Code.NO_ATTENDANCE)


def _file_refused(exc: Refusal) -> ActivityError:
    """A refused upload (storage or attendance file) as the activity's refusal on `file`."""
    return ActivityError(exc.error, fields={"file": exc.error}, **exc.params)


# --- activity --------------------------------------------------------------------------------


def _clean_activity(
    *, agency, kind, title, election, held_on, unit, partners, audience, place, link, description
) -> dict:
    invalid = FieldRefusals()
    title = (title or "").strip()
    if not title:
        invalid.add("title", Code.TITLE_REQUIRED)
    if kind not in ActivityKind.values:
        invalid.add("kind", Code.KIND_UNKNOWN)
    if election is None:
        invalid.add("election", Code.ELECTION_REQUIRED)
    if not isinstance(held_on, dt.date):
        invalid.add("held_on", Code.HELD_ON_REQUIRED)
    if unit is not None and unit.agency_id != agency.pk:
        invalid.add("unit", Code.UNIT_OTHER_AGENCY)
    partners = list(dict.fromkeys(partners or []))
    if any(value not in PartnerBody.values for value in partners):
        invalid.add("partners", Code.PARTNER_UNKNOWN)
    audience = list(dict.fromkeys(audience or []))
    if any(value not in EmployeeType.values for value in audience):
        invalid.add("audience", Code.AUDIENCE_UNKNOWN)
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            invalid.add("link", Code.LINK_INVALID)
    elif kind == ActivityKind.VIDEO_CONFERENCE:
        invalid.add("link", Code.LINK_REQUIRED)
    invalid.raise_if_any(Code.INVALID, ActivityError)
    return {
        "kind": kind,
        "title": title[:200],
        "election": election,
        "held_on": held_on,
        "unit": unit,
        "partners": partners,
        "audience": audience,
        "place": (place or "").strip()[:200],
        "link": link,
        "description": (description or "").strip(),
    }


@transaction.atomic
def activity_create(
    *,
    actor,
    agency,
    kind: str,
    title: str,
    election,
    held_on: dt.date,
    unit=None,
    partners: list[str] | None = None,
    audience: list[str] | None = None,
    place: str = "",
    link: str = "",
    description: str = "",
) -> Activity:
    _require_manager(actor, agency)
    data = _clean_activity(
        agency=agency,
        kind=kind,
        title=title,
        election=election,
        held_on=held_on,
        unit=unit,
        partners=partners,
        audience=audience,
        place=place,
        link=link,
        description=description,
    )
    activity = Activity.objects.create(
        agency=agency, region=agency.region, created_by=actor, **data
    )
    audit_record(
        actor=actor,
        action="prevention.activity_created",
        target=activity,
        payload={"kind": kind, "agency": agency.code, "election": election.slug},
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    actor,
    activity: Activity,
    kind: str,
    title: str,
    election,
    held_on: dt.date,
    unit=None,
    partners: list[str] | None = None,
    audience: list[str] | None = None,
    place: str = "",
    link: str = "",
    description: str = "",
) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _require_manager(actor, activity.agency)
    data = _clean_activity(
        agency=activity.agency,
        kind=kind,
        title=title,
        election=election,
        held_on=held_on,
        unit=unit,
        partners=partners,
        audience=audience,
        place=place,
        link=link,
        description=description,
    )
    if data["kind"] in KINDS_WITHOUT_ATTENDANCE and activity.attendances.exists():
        raise ActivityError(Code.HAS_ATTENDANCE, fields={"kind": Code.KIND_HAS_ATTENDANCE})
    changed = []
    for name, value in data.items():
        if name in {"election", "unit"}:
            old, new = getattr(activity, name + "_id"), value.pk if value is not None else None
        else:
            old, new = getattr(activity, name), value
        if old != new:
            changed.append(name)
    for name, value in data.items():
        setattr(activity, name, value)
    if data["kind"] in KINDS_WITHOUT_ATTENDANCE:
        activity.check_in_open = False
    activity.save()
    audit_record(
        actor=actor,
        action="prevention.activity_updated",
        target=activity,
        payload={"changed": sorted(changed)},
    )
    return activity


# --- materials -------------------------------------------------------------------------------


def material_add(*, actor, activity: Activity, title: str, upload) -> ActivityMaterial:
    """Keep a file of the activity (PDF, PNG or JPEG, content-checked and hashed)."""
    _require_manager(actor, activity.agency)
    title = (title or "").strip()
    if not title:
        raise ActivityError(
            Code.MATERIAL_TITLE_REQUIRED, fields={"title": Code.MATERIAL_TITLE_REQUIRED}
        )
    if upload is None:
        raise ActivityError(
            Code.MATERIAL_FILE_REQUIRED, fields={"file": Code.MATERIAL_FILE_REQUIRED}
        )
    try:
        staged = storage.stage(upload)
    except storage.FileRejected as exc:
        raise _file_refused(exc) from exc
    try:
        with transaction.atomic():
            storage.promote_until_commit(staged)  # in place before the row commits
            material = ActivityMaterial.objects.create(
                activity=activity,
                title=title[:200],
                file_name=staged.name,
                content_type=staged.content_type,
                sha256=staged.sha256,
                size=staged.size,
                uploaded_by=actor,
            )
            audit_record(
                actor=actor,
                action="prevention.material_added",
                target=material,
                payload={
                    "activity": str(activity.public_id),
                    "sha256": staged.sha256,
                    "size": staged.size,
                },
            )
    except BaseException:
        staged.discard()
        raise
    return material


# --- check-in switch -------------------------------------------------------------------------


def _check_in_set(actor, activity: Activity, value: bool) -> Activity:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().select_related("agency").get(pk=activity.pk)
        _require_manager(actor, activity.agency)
        _require_attendance(activity)
        if activity.check_in_open != value:
            activity.check_in_open = value
            activity.save(update_fields=["check_in_open", "updated_at"])
            audit_record(
                actor=actor,
                action="prevention.check_in_opened" if value else "prevention.check_in_closed",
                target=activity,
            )
    return activity


def check_in_open(*, actor, activity: Activity) -> Activity:
    return _check_in_set(actor, activity, True)


def check_in_close(*, actor, activity: Activity) -> Activity:
    return _check_in_set(actor, activity, False)


# --- attendance import -----------------------------------------------------------------------


@dataclass
class _Resolved:
    row: AttendanceRow
    person: Person | None = None
    error: AttendanceRowMessage | None = None
    params: dict | None = None


def _row_error(row: AttendanceRow, error: AttendanceRowMessage, **params) -> _Resolved:
    return _Resolved(row, error=error, params=params)


def _valid_nip(digits: str) -> bool:
    return parse_any_asn_number(digits).valid


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.unit.name})" if person.unit_id else person.name


@dataclass
class _Registered:
    """The registry people the file's NIPs and NIKs name, fetched in two queries."""

    by_nip: dict[str, Person]
    by_nik: dict[str, list[Person]]

    @classmethod
    def load(cls, rows: list[AttendanceRow]) -> "_Registered":
        nips = {clean_digits(row.nip) for row in rows if row.nip}
        niks = {clean_digits(row.nik) for row in rows if row.nik and not row.nip}
        people = Person.objects.select_related("agency", "unit")
        by_nik: dict[str, list[Person]] = {}
        for person in people.filter(nik__in=niks) if niks else []:
            by_nik.setdefault(person.nik, []).append(person)
        by_nip = {p.nip: p for p in people.filter(nip__in=nips)} if nips else {}
        return cls(by_nip, by_nik)


def _resolve_number(row: AttendanceRow, agency, registered: _Registered) -> _Resolved:
    """An exact NIP (unique in the registry) or NIK match among the agency's active staff,
    the `nip_exact`/`nik_exact` rule of the identity ranking, looked up for the whole file."""
    if row.nip:
        digits = clean_digits(row.nip)
        if not (len(digits) == 18 and is_ascii_digits(digits) and _valid_nip(digits)):
            return _row_error(row, AttendanceRowMessage.NIP_INVALID, value=row.nip)
        candidates = [registered.by_nip[digits]] if digits in registered.by_nip else []
        shown = "NIP"
    else:
        digits = clean_digits(row.nik)
        if not (len(digits) == 16 and is_ascii_digits(digits)):
            return _row_error(row, AttendanceRowMessage.NIK_INVALID, value=row.nik)
        candidates = registered.by_nik.get(digits, [])
        shown = "NIK"
    found = [p for p in candidates if p.agency_id == agency.pk and p.status == PersonStatus.ACTIVE]
    if len(found) == 1:
        return _Resolved(row, person=found[0])
    if len(found) > 1:
        return _row_error(row, AttendanceRowMessage.NUMBER_SHARED, kind=shown)
    if not candidates:
        return _row_error(row, AttendanceRowMessage.NOT_REGISTERED, kind=shown, number=digits)
    if all(p.agency_id != agency.pk for p in candidates):
        return _row_error(
            row, AttendanceRowMessage.OTHER_AGENCY, kind=shown, number=digits, agency=agency.name
        )
    return _row_error(row, AttendanceRowMessage.INACTIVE, kind=shown, number=digits)


def _resolve_name(row: AttendanceRow, agency, within) -> _Resolved:
    ranked = identity_rank(ReportedPerson(name=row.name, workplace=row.unit), within=within)
    if not ranked or ranked[0].score < NAME_MIN_SCORE:
        return _row_error(
            row, AttendanceRowMessage.NAME_NOT_FOUND, name=row.name, agency=agency.name
        )
    best = ranked[0]
    close = [c for c in ranked if best.score - c.score < NAME_MIN_LEAD]
    if len(close) > 1:
        names = "; ".join(_person_label(c.person) for c in close[:5])
        return _row_error(row, AttendanceRowMessage.NAME_AMBIGUOUS, name=row.name, names=names)
    return _Resolved(row, person=best.person)


def _resolve(rows: list[AttendanceRow], agency) -> list[_Resolved]:
    within = Person.objects.filter(agency=agency, status=PersonStatus.ACTIVE)
    registered = _Registered.load(rows)
    resolved: list[_Resolved] = []
    seen: dict[int, int] = {}
    for row in rows:
        item = (
            _resolve_number(row, agency, registered)
            if (row.nip or row.nik)
            else _resolve_name(row, agency, within)
        )
        if item.person is not None:
            first = seen.setdefault(item.person.pk, row.number)
            if first != row.number:
                item = _row_error(row, AttendanceRowMessage.SAME_PERSON, first=first)
        resolved.append(item)
    return resolved


def _row_input(row: AttendanceRow) -> str:
    return row.nip or row.nik or row.name


def attendance_import(*, actor, activity: Activity, upload) -> AttendanceImport:
    """Apply an attendance list as a whole, or keep only its report (outcome=rejected).

    A file that cannot be read as a list at all (type, encoding, columns, size) raises
    ActivityError and keeps nothing. Otherwise every row is resolved against the active staff
    of the organising agency; one bad row rejects the whole list.
    """
    _require_manager(actor, activity.agency)
    _require_attendance(activity)
    try:
        data = read_bytes(upload)
        rows = parse_attendance(data)
    except AttendanceFileError as exc:
        raise _file_refused(exc) from exc
    resolved = _resolve(rows, activity.agency)
    file_name = storage.clean_name(getattr(upload, "name", ""), default="daftar-hadir")
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        attended = set(
            activity.attendances.filter(
                person_id__in=[r.person.pk for r in resolved if r.person]
            ).values_list("person_id", flat=True)
        )
        report, new_people = [], []
        for item in resolved:
            entry = {"row": item.row.number, "input": _row_input(item.row)}
            if item.error:
                entry.update(status="error", code=item.error.value, params=item.params or {})
            else:
                person = item.person
                entry.update(
                    person=str(person.public_id),
                    name=person.name,
                    unit=person.unit.name if person.unit_id else "",
                )
                if person.pk in attended:
                    entry.update(status="already", code=AttendanceRowMessage.ALREADY.value)
                else:
                    entry.update(status="added", code=AttendanceRowMessage.ADDED.value)
                    new_people.append(person)
            report.append(entry)
        errors = sum(1 for entry in report if entry["status"] == "error")
        batch = AttendanceImport.objects.create(
            activity=activity,
            file_name=file_name,
            sha256=sha256,
            outcome=ImportOutcome.REJECTED if errors else ImportOutcome.APPLIED,
            rows_total=len(report),
            rows_added=0 if errors else len(new_people),
            report=report,
            uploaded_by=actor,
        )
        if not errors:
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        activity=activity,
                        person=person,
                        source=AttendanceSource.IMPORT,
                        batch=batch,
                    )
                    for person in new_people
                ]
            )
        audit_record(
            actor=actor,
            action="prevention.attendance_imported",
            target=batch,
            payload={
                "activity": str(activity.public_id),
                "outcome": batch.outcome,
                "rows": len(report),
                "added": batch.rows_added,
                "already": sum(1 for entry in report if entry["status"] == "already"),
                "errors": errors,
                "sha256": sha256,
            },
        )
    return batch


# --- self check-in ---------------------------------------------------------------------------


@dataclass
class CheckInResult:
    attendance: Attendance
    already: bool


def check_in_allowed(*, activity: Activity, code: str | None, now: dt.datetime) -> None:
    """Raise the refusal that stops a self check-in now with this QR code, if any: closed by the
    organiser, outside the activity's day (with its margin), or a missing or expired code."""
    _require_attendance(activity)
    if not activity.check_in_open:
        raise ActivityError(Code.CLOSED)
    opens, closes = check_in_window(activity)
    if now < opens:
        raise ActivityError(Code.TOO_EARLY, day=date_format(activity.held_on, "j F Y"))
    if now >= closes:
        raise ActivityError(Code.TOO_LATE, day=date_format(activity.held_on, "j F Y"))
    state = code_check(activity.check_in_token, code, now)
    if state is CodeState.EXPIRED:
        raise ActivityError(Code.QR_EXPIRED)
    if state is not CodeState.VALID:
        raise ActivityError(Code.QR_MISSING)


def self_check_in(
    *,
    token: str,
    code: str | None,
    nip_or_nik: str,
    birth_date: dt.date | None,
    now: dt.datetime | None = None,
) -> CheckInResult:
    """Record that the active registry person with this NIP (or NIK) and birth date attended.

    Public (no account), only on the activity's day and with the code of the organiser's
    rotating QR (`check_in_codes`). A wrong combination gives one message that never says which
    part was wrong (code "mismatch") and names whom to ask; the caller counts those against its
    rate limits.
    """
    activity = selectors.activity_for_check_in(token)
    if activity is None:
        raise ActivityError(Code.NOT_FOUND)
    check_in_allowed(activity=activity, code=code, now=now or timezone.now())
    identity = person_identify(number=nip_or_nik, birth_date=birth_date)
    # Staff of the organising agency only; a stranger gets the same message as a wrong date.
    if identity is None or identity.person.agency_id != activity.agency_id:
        raise ActivityError(Code.MISMATCH, agency=activity.agency.name)
    person = identity.person
    with transaction.atomic():
        # The same lock as an attendance import takes: the two never race on one person.
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        existing = Attendance.objects.filter(activity=activity, person=person).first()
        if existing is not None:
            return CheckInResult(existing, already=True)
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    activity=activity, person=person, source=AttendanceSource.CHECK_IN
                )
        except IntegrityError:
            # A second tap that raced the first: it is recorded once.
            return CheckInResult(
                Attendance.objects.get(activity=activity, person=person), already=True
            )
        audit_record(
            actor=None,
            action="prevention.checked_in",
            target=attendance,
            payload={"activity": str(activity.public_id)},
        )
    return CheckInResult(attendance, already=False)

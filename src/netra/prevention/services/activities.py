"""Writes about socialization activities (DOMAIN.md §7.2): the activity itself, its materials,
its attendance (an uploaded list or a QR self check-in) and the check-in switch.

Every write checks `access.may_manage` (self check-in is public and checks the registry
instead), runs in one transaction and is audited with an action `prevention.*`. Refusals raise
`ActivityError` with an Indonesian and an English message (and per-field ones for forms).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from netra.audit.services import audit_record
from netra.cases.identity import ReportedPerson, identity_rank
from netra.prevention import selectors, storage
from netra.prevention.access import may_manage
from netra.prevention.choices import (
    KINDS_WITHOUT_ATTENDANCE,
    ActivityKind,
    AttendanceSource,
    ImportOutcome,
    PartnerBody,
)
from netra.prevention.identity import person_identify
from netra.prevention.imports import (
    AttendanceFileError,
    AttendanceRow,
    parse_attendance,
    read_bytes,
)
from netra.prevention.models import Activity, ActivityMaterial, Attendance, AttendanceImport
from netra.refusals import Refusal
from netra.registry.choices import EmployeeType, PersonStatus
from netra.registry.identifiers import clean_digits, is_ascii_digits
from netra.registry.models import Person
from netra.registry.nip import parse_any_asn_number

# A name alone identifies someone only with this score and this lead over the runner-up.
NAME_MIN_SCORE = 40.0
NAME_MIN_LEAD = 10.0


class ActivityError(Refusal):
    """A refused activity operation. `code` is stable ("forbidden", "invalid", "closed",
    "no_attendance", "mismatch", "file"); `fields` maps form fields to (id, en) messages."""


def _forbidden() -> ActivityError:
    return ActivityError(
        "Peran Anda tidak berwenang mengelola kegiatan instansi ini.",
        "Your role may not manage this agency's activities.",
        code="forbidden",
    )


def _require_manager(actor, agency) -> None:
    if not may_manage(actor, agency):
        raise _forbidden()


def _require_attendance(activity: Activity) -> None:
    if not activity.takes_attendance:
        raise ActivityError(
            "Kegiatan jenis ini (surat edaran, brosur) tidak mencatat kehadiran.",
            "Activities of this kind (circular letters, leaflets) take no attendance.",
            code="no_attendance",
        )


# --- activity --------------------------------------------------------------------------------


def _clean_activity(
    *, agency, kind, title, election, held_on, unit, partners, audience, place, link, description
) -> dict:
    fields: dict[str, tuple[str, str]] = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = ("Judul wajib diisi.", "A title is required.")
    if kind not in ActivityKind.values:
        fields["kind"] = ("Jenis kegiatan tidak dikenal.", "Unknown kind of activity.")
    if election is None:
        fields["election"] = ("Pilih pemilihan.", "Choose an election.")
    if not isinstance(held_on, dt.date):
        fields["held_on"] = ("Tanggal wajib diisi.", "A date is required.")
    if unit is not None and unit.agency_id != agency.pk:
        fields["unit"] = (
            "Unit penyelenggara harus unit dari instansi ini.",
            "The organising unit must belong to this agency.",
        )
    partners = list(dict.fromkeys(partners or []))
    if any(value not in PartnerBody.values for value in partners):
        fields["partners"] = ("Mitra tidak dikenal.", "Unknown partner body.")
    audience = list(dict.fromkeys(audience or []))
    if any(value not in EmployeeType.values for value in audience):
        fields["audience"] = ("Sasaran tidak dikenal.", "Unknown audience.")
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            fields["link"] = ("Tautan tidak sah.", "The link is not a valid address.")
    elif kind == ActivityKind.VIDEO_CONFERENCE:
        fields["link"] = (
            "Konferensi video memerlukan tautan.",
            "A video conference needs a link.",
        )
    if fields:
        first = next(iter(fields.values()))
        raise ActivityError(first[0], first[1], code="invalid", fields=fields)
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
        raise ActivityError(
            "Kegiatan yang sudah memiliki daftar hadir tidak dapat diubah menjadi surat edaran "
            "atau brosur.",
            "An activity with attendance cannot become a circular letter or a leaflet.",
            fields={
                "kind": (
                    "Sudah ada daftar hadir untuk kegiatan ini.",
                    "This activity already has attendance.",
                )
            },
        )
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
            "Judul materi wajib diisi.",
            "The material needs a title.",
            fields={"title": ("Judul materi wajib diisi.", "The material needs a title.")},
        )
    if upload is None:
        raise ActivityError(
            "Pilih berkas materi.",
            "Choose a file.",
            fields={"file": ("Pilih berkas materi.", "Choose a file.")},
        )
    try:
        staged = storage.stage(upload)
    except storage.FileRejected as exc:
        raise ActivityError(
            exc.message_id,
            exc.message_en,
            code="file",
            fields={"file": (exc.message_id, exc.message_en)},
        ) from exc
    try:
        with transaction.atomic():
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
            transaction.on_commit(lambda: storage.place(staged))
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
    error: tuple[str, str] | None = None


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
            return _Resolved(
                row,
                error=(
                    f"NIP/NI PPPK tidak sah: {row.nip}.",
                    f"Invalid NIP/NI PPPK: {row.nip}.",
                ),
            )
        candidates = [registered.by_nip[digits]] if digits in registered.by_nip else []
        shown = "NIP"
    else:
        digits = clean_digits(row.nik)
        if not (len(digits) == 16 and is_ascii_digits(digits)):
            return _Resolved(row, error=(f"NIK tidak sah: {row.nik}.", f"Invalid NIK: {row.nik}."))
        candidates = registered.by_nik.get(digits, [])
        shown = "NIK"
    found = [p for p in candidates if p.agency_id == agency.pk and p.status == PersonStatus.ACTIVE]
    if len(found) == 1:
        return _Resolved(row, person=found[0])
    if len(found) > 1:
        return _Resolved(
            row,
            error=(
                f"{shown} tercatat untuk lebih dari satu orang; hubungi pengelola data.",
                f"The {shown} is recorded for more than one person; ask the registry keeper.",
            ),
        )
    if not candidates:
        return _Resolved(
            row,
            error=(
                f"{shown} {digits} tidak terdaftar di data kepegawaian.",
                f"{shown} {digits} is not in the civil-service registry.",
            ),
        )
    if all(p.agency_id != agency.pk for p in candidates):
        return _Resolved(
            row,
            error=(
                f"{shown} {digits} bukan pegawai {agency.name}.",
                f"{shown} {digits} does not work for {agency.name}.",
            ),
        )
    return _Resolved(
        row,
        error=(
            f"{shown} {digits} tidak berstatus aktif di data kepegawaian.",
            f"{shown} {digits} is not active in the registry.",
        ),
    )


def _resolve_name(row: AttendanceRow, agency, within) -> _Resolved:
    ranked = identity_rank(ReportedPerson(name=row.name, workplace=row.unit), within=within)
    if not ranked or ranked[0].score < NAME_MIN_SCORE:
        return _Resolved(
            row,
            error=(
                f"Nama {row.name!r} tidak ditemukan di antara pegawai aktif {agency.name}.",
                f"Name {row.name!r} not found among the active staff of {agency.name}.",
            ),
        )
    best = ranked[0]
    close = [c for c in ranked if best.score - c.score < NAME_MIN_LEAD]
    if len(close) > 1:
        names = "; ".join(_person_label(c.person) for c in close[:5])
        return _Resolved(
            row,
            error=(
                f"Nama {row.name!r} tidak jelas, bisa beberapa orang: {names}. Tambahkan NIP.",
                f"Name {row.name!r} is ambiguous, it may be: {names}. Add the NIP.",
            ),
        )
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
                item = _Resolved(
                    row,
                    error=(
                        f"Orang yang sama dengan baris {first}.",
                        f"The same person as row {first}.",
                    ),
                )
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
        raise ActivityError(
            exc.message_id,
            exc.message_en,
            code="file",
            fields={"file": (exc.message_id, exc.message_en)},
        ) from exc
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
                entry.update(status="error", message=item.error[0], message_en=item.error[1])
            else:
                person = item.person
                entry.update(
                    person=str(person.public_id),
                    name=person.name,
                    unit=person.unit.name if person.unit_id else "",
                )
                if person.pk in attended:
                    entry.update(
                        status="already",
                        message="Sudah tercatat hadir.",
                        message_en="Already recorded as present.",
                    )
                else:
                    entry.update(status="added", message="Ditambahkan.", message_en="Added.")
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

MISMATCH = (
    "NIP/NIK dan tanggal lahir tidak cocok dengan data kepegawaian.",
    "The NIP/NIK and birth date do not match the civil-service records.",
)


@dataclass
class CheckInResult:
    attendance: Attendance
    already: bool


def self_check_in(*, token: str, nip_or_nik: str, birth_date: dt.date | None) -> CheckInResult:
    """Record that the active registry person with this NIP (or NIK) and birth date attended.

    Public (no account). A wrong combination gives one message that never says which part was
    wrong (code "mismatch"); the caller counts those against its rate limits.
    """
    activity = selectors.activity_for_check_in(token)
    if activity is None:
        raise ActivityError("Kegiatan tidak ditemukan.", "Activity not found.", code="not_found")
    _require_attendance(activity)
    if not activity.check_in_open:
        raise ActivityError(
            "Presensi mandiri untuk kegiatan ini sedang ditutup.",
            "Self check-in for this activity is closed.",
            code="closed",
        )
    identity = person_identify(number=nip_or_nik, birth_date=birth_date)
    # Staff of the organising agency only; a stranger gets the same message as a wrong date.
    if identity is None or identity.person.agency_id != activity.agency_id:
        raise ActivityError(*MISMATCH, code="mismatch")
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

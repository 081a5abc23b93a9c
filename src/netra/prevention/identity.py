"""Who is at the phone? The one identity check of the public prevention pages (the pledge and
the QR self check-in): a number and a second fact, checked against the registry.

- An 18-digit NIP / NI PPPK with the birth date, or with the NIK as the second fact.
- A 16-digit NIK (contract staff, who have no NIP) with the birth date; a NIK recorded for more
  than one person matches nobody.
Only ACTIVE people match. The caller gives one message for every mismatch and counts the
failures (ratelimits.py). A NIP begins with the birth date, so "NIP + birth date" proves little
more than knowing the NIP; NIP + NIK is the stronger pair (docs/prevention.md).
"""

import datetime as dt
from dataclasses import dataclass

from netra.prevention.choices import IdentityCheck
from netra.registry.choices import PersonStatus
from netra.registry.identifiers import clean_digits, is_ascii_digits
from netra.registry.models import Person


@dataclass(frozen=True)
class Identity:
    """A registry person who proved who they are, and how (IdentityCheck)."""

    person: Person
    check: str


def _digits(value: object) -> str:
    text = clean_digits(str(value or ""))
    return text if is_ascii_digits(text) else ""


def person_identify(
    *, number: str, birth_date: dt.date | None = None, nik: str | None = None
) -> Identity | None:
    """The active person `number` names if `birth_date` (or `nik`) matches; None otherwise."""
    digits = _digits(number)
    nik_digits = _digits(nik)
    people = Person.objects.select_related("agency", "agency__region", "unit")
    person = None
    if len(digits) == 18:
        person = people.filter(nip=digits).first()
    elif len(digits) == 16:
        found = list(people.filter(nik=digits, nip__isnull=True)[:2])
        person = found[0] if len(found) == 1 else None
    if person is None or person.status != PersonStatus.ACTIVE:
        return None
    if isinstance(birth_date, dt.date) and person.birth_date == birth_date:
        return Identity(person, IdentityCheck.BIRTH_DATE)
    if nik_digits and len(digits) == 18 and person.nik and person.nik == nik_digits:
        return Identity(person, IdentityCheck.NIK)
    return None

"""A person's contact e-mail and phone from the registry import (issue 13 §3): where one-time
pledge codes are sent. Both are kept in one AES-GCM envelope (`netra.field_crypto`, its own
associated data) with a keyed digest beside it, so an import can tell an unchanged contact
without opening it. Pages only ever show them masked (`mask_email`, `mask_phone`).
"""

import re
from dataclasses import dataclass

from netra import field_crypto

AAD = b"netra.registry.person-contact.v1"
_DIGEST_PURPOSE = b"netra.registry.person-contact"
MAX_EMAIL = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""

    def __bool__(self) -> bool:
        return bool(self.email or self.phone)


def clean_email(text: str) -> str | None:
    """The e-mail lowercased, "" when empty, None when it is not an e-mail address."""
    text = (text or "").strip().lower()
    if not text:
        return ""
    if len(text) > MAX_EMAIL or not _EMAIL.match(text):
        return None
    return text


def clean_phone(text: str) -> str | None:
    """An Indonesian mobile number as 08…, "" when empty, None when it is not one.
    Accepts +62 / 62 / 0 prefixes and spaces, dots, dashes and brackets between digits."""
    text = (text or "").strip()
    if not text:
        return ""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if not digits.startswith("08") or not 10 <= len(digits) <= 13:
        return None
    return digits


def seal(contact: Contact) -> tuple[str, str]:
    """(envelope, digest) to store; ("", "") for no contact."""
    if not contact:
        return "", ""
    envelope = field_crypto.seal({"email": contact.email, "phone": contact.phone}, aad=AAD)
    return envelope, contact_digest(contact)


def contact_digest(contact: Contact) -> str:
    if not contact:
        return ""
    return field_crypto.digest(f"{contact.email}\n{contact.phone}", purpose=_DIGEST_PURPOSE)


def person_contact(person) -> Contact:
    """The person's contact, opened; empty when none was imported or no key opens it."""
    if not person.contact_sealed:
        return Contact()
    try:
        data = field_crypto.open_envelope(person.contact_sealed, aad=AAD)
    except field_crypto.EnvelopeError:
        return Contact()
    return Contact(email=data.get("email", ""), phone=data.get("phone", ""))


def mask_email(email: str) -> str:
    """`rina.wati@gmail.com` -> `r***@gmail.com`."""
    local, _at, domain = (email or "").partition("@")
    if not domain:
        return ""
    return f"{local[:1]}***@{domain}"


def mask_phone(phone: str) -> str:
    """`081234567123` -> `08*******123`: keeping the first two and the last three digits."""
    if len(phone or "") < 6:
        return ""
    return phone[:2] + "*" * (len(phone) - 5) + phone[-3:]

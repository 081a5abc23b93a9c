"""Which public fields each kind of document may show on the verification page (ADR 0010).

Case letters show no personal data at all; a pledge certificate at most the name and agency.
"""

from django.utils.translation import gettext_lazy as _

from netra.documents.choices import DocumentKind

PUBLIC_FIELD_LABELS = {
    "letter_number": _("Nomor surat"),
    "region": _("Wilayah"),
    "election": _("Pemilihan"),
    "event": _("Kegiatan"),
    "name": _("Nama"),
    "agency": _("Instansi"),
}
_NON_PERSONAL = frozenset({"letter_number", "region", "election", "event"})
ALLOWED_PUBLIC_FIELDS = {
    DocumentKind.RECOMMENDATION_LETTER: _NON_PERSONAL,
    DocumentKind.PPK_NOTIFICATION: _NON_PERSONAL,
    DocumentKind.PLEDGE_CERTIFICATE: _NON_PERSONAL | {"name", "agency"},
    DocumentKind.OTHER: _NON_PERSONAL,
}
PUBLIC_FIELD_MAX_LENGTH = 200
SUBJECT_REF_MAX_LENGTH = 200

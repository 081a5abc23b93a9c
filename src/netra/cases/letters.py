"""The case letters (docs/letters.md): the recommendation letter and the notice to the PPK.

Both are rendered and stored by `netra.documents` (ADR 0010); this module decides who may issue
them, in whose name, under which number and what they say.

- **In whose name:** the institution acting. A Bawaslu officer issues in the name of the Bawaslu
  of the region their grant covers the case from (a regency/city, a province, or Bawaslu RI for a
  national grant); a task-force analyst in the name of the recommending authority in force on
  the letter's date (`rules.selectors.recommending_authority_on`: KASN until 23 August 2024, BKN
  from 24 August 2024). The institution's letter settings (`documents.LetterInstitution`: kop,
  place, signatory, numbering) must exist and name a signatory, or the letter is refused.
- **Number:** the institution's own running number for the year in its numbering format
  (`documents.services.letter_number_allocate`), never the case number.
- **Re-issuing** a letter of the same kind supersedes the earlier one (its verify page says by
  which); nothing is deleted.
- **Public:** the letter names the person; `public_fields` never do: only the letter number,
  the region and the election (`documents/constants.py`).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netra.accounts.choices import Role
from netra.accounts.scopes import user_scope
from netra.audit.services import audit_record
from netra.cases import capabilities, selectors, workflow
from netra.cases.choices import CaseEventKind, CaseState
from netra.cases.errors import LetterErrorCode
from netra.cases.models import Case
from netra.cases.selectors import PPK_VISIBLE_STATES
from netra.cases.services import (
    CaseError,
    _local_today,
    _lock,
    _require_role,
    case_event_record,
    case_facts,
)
from netra.documents.choices import DocumentKind, DocumentStatus
from netra.documents.models import IssuedDocument, LetterInstitution
from netra.documents.selectors import (
    document_current_exists,
    document_for_subject,
    documents_for_subject,
    letter_institution_for_authority,
    letter_institution_for_bawaslu,
    subject_ref_of,
)
from netra.documents.services import document_issue, document_open, letter_number_allocate
from netra.intake.choices import ReportSource
from netra.language import is_english
from netra.regions.selectors import region_get
from netra.rules.choices import Category, SanctionLevel
from netra.rules.selectors import act_get, form_get, recommending_authority_on, sanction_list
from netra.web.templatetags.netra_format import format_date

RECOMMENDATION_TEMPLATE = "cases/letters/recommendation_letter.html"
PPK_NOTIFICATION_TEMPLATE = "cases/letters/ppk_notification.html"
ADMIN = Role.ADMIN.value
# Who may issue each letter is a capability (cases/capabilities.py); a user holding several of
# its roles on the case issues under the first of this order (the task force acts in the
# authority's name, Bawaslu in its own).
ISSUER_PREFERENCE = (workflow.TASK_FORCE, workflow.BAWASLU, ADMIN)


def _in_preference(capability: frozenset[str]) -> tuple[str, ...]:
    return tuple(role for role in ISSUER_PREFERENCE if role in capability)


RECOMMENDATION_ROLES = _in_preference(capabilities.ISSUE_RECOMMENDATION_LETTER)
PPK_NOTIFICATION_ROLES = _in_preference(capabilities.ISSUE_PPK_NOTIFICATION)

S = CaseState
# When each letter may be issued: once the case is at or past the step it belongs to. A closed
# case qualifies only if it went through that step (not, say, a duplicate merged during the
# study); `stopped` and the other early endings never do.
_PPK_SIDE_OPEN = frozenset(PPK_VISIBLE_STATES - {S.CLOSED})
RECOMMENDATION_LETTER_STATES = frozenset(
    {S.RECOMMENDED, S.RECOMMENDATION_TO_AUTHORITY} | _PPK_SIDE_OPEN
)
PPK_NOTIFICATION_STATES = _PPK_SIDE_OPEN
# The steps a letter's chronology names, in the words of a letter.
_CHRONOLOGY_STEPS = {
    S.REGISTERED: "laporan diregistrasi",
    S.TASK_FORCE_VERIFICATION: "laporan diteruskan kepada Satgas Netralitas ASN untuk verifikasi",
    S.STUDY: "kajian dugaan pelanggaran dimulai",
    S.RECOMMENDED: "kajian disimpulkan dan sanksi direkomendasikan",
    S.RECOMMENDATION_TO_AUTHORITY: "rekomendasi disampaikan kepada lembaga yang berwenang",
    S.RECOMMENDATION_TO_PPK: "rekomendasi sanksi diteruskan kepada Pejabat Pembina Kepegawaian",
}


class LetterError(CaseError):
    """A case letter cannot be issued (too early in the case, missing classification, person,
    agency, authority or the issuing institution's letter settings)."""


def subject_ref_for(case: Case) -> str:
    """The `documents` subject reference of a case (`documents_for_subject(ref)` finds them)."""
    return subject_ref_of(case)


def recommendation_letter_issued(case: Case) -> bool:
    """Whether the case has a current (valid, not replaced) recommendation letter."""
    return document_current_exists(case, DocumentKind.RECOMMENDATION_LETTER)


# --- Checks ----------------------------------------------------------------------------------


def _require_state(case: Case, allowed: frozenset, reached: str) -> None:
    """Refuse a letter before the case reached `reached` (see the state sets above)."""
    if case.state in allowed:
        return
    if case.state == S.CLOSED and case.events.filter(to_state=reached).exists():
        return
    raise LetterError(LetterErrorCode.TOO_EARLY, step=S(reached).label, state=S(case.state).label)


def _require_classified(case: Case) -> dict:
    classification = case.classification or {}
    if not classification.get("form"):
        raise LetterError(LetterErrorCode.NOT_CLASSIFIED)
    return classification


def _require_person(case: Case):
    person = case.person
    if person is None or person.agency_id is None:
        raise LetterError(LetterErrorCode.PERSON_UNRESOLVED)
    return person


def _authority(day: dt.date):
    """The recommending authority in force on `day` (a dated rules row)."""
    authority = recommending_authority_on(day)
    if authority is None:
        raise LetterError(LetterErrorCode.NO_AUTHORITY)
    return authority


# --- The institution acting --------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """Who issues a letter: the role the actor acts under and that institution's settings."""

    role: str
    institution: LetterInstitution


def _regency_or_province(code: str | None) -> str | None:
    """Bawaslu sits in provinces and regencies/cities: a district grant acts for its regency."""
    if not code:
        return None
    return ".".join(code.split(".")[:2])


def _bawaslu_region(actor, case: Case, role: str) -> str | None:
    """The region of the Bawaslu the actor acts for: the most specific region among their
    Bawaslu grants that cover the case (None: a national grant, Bawaslu RI). An administrator
    without such a grant acts for the Bawaslu of the case's regency/city."""
    if role == ADMIN:
        return _regency_or_province(case.region.code)
    agency_id = case.person.agency_id if case.person_id else None
    covering = [
        grant
        for grant in user_scope(actor).grants
        if grant.role == workflow.BAWASLU
        and grant.covers(region_code=case.region.code, agency_id=agency_id)
    ]
    if any(grant.region_code is None for grant in covering):
        return None
    codes = sorted((grant.region_code for grant in covering), key=len, reverse=True)
    return _regency_or_province(codes[0]) if codes else None


class _Named:
    """An institution's name in the reader's language when read."""

    def __init__(self, name_id: str, name_en: str = ""):
        self.name_id, self.name_en = name_id, name_en or name_id

    def __str__(self) -> str:
        return self.name_en if is_english() else self.name_id


def _missing_settings(name_id: str, name_en: str = "") -> LetterError:
    return LetterError(LetterErrorCode.SETTINGS_MISSING, institution=_Named(name_id, name_en))


def _bawaslu_institution(region_code: str | None) -> LetterInstitution:
    institution = letter_institution_for_bawaslu(region_code)
    if institution is not None:
        return institution
    region = region_get(region_code) if region_code else None
    name = region.name if region else "Republik Indonesia"
    raise _missing_settings(f"Bawaslu {name}")


def _authority_institution(authority) -> LetterInstitution:
    institution = letter_institution_for_authority(authority.code)
    if institution is None:
        raise _missing_settings(authority.name_id, authority.name_en or authority.name_id)
    return institution


def issuer_for(actor, case: Case, roles: tuple[str, ...], day: dt.date) -> Issuer:
    """The institution acting when `actor` issues a letter that `roles` may issue (in order of
    preference); refuses when the actor may not, or when the institution has no settings."""
    _require_role(actor, case, frozenset(roles))
    held = set(selectors.case_roles_for(actor, case)) if actor is not None else set()
    if getattr(actor, "is_superuser", False) or actor is None:
        held.add(ADMIN)
    role = next(r for r in roles if r in held)
    if role == workflow.TASK_FORCE or (role == ADMIN and workflow.TASK_FORCE in roles):
        institution = _authority_institution(_authority(day))
    else:
        institution = _bawaslu_institution(_bawaslu_region(actor, case, role))
    if not institution.signatory_name.strip():
        raise LetterError(LetterErrorCode.SETTINGS_INCOMPLETE, institution=institution.name)
    return Issuer(role, institution)


# --- What the letter says ----------------------------------------------------------------------


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def _recommended_sanctions(case: Case, classification: dict) -> list[dict]:
    """Only the sanctions recommended in this case (as the workflow's facts say), with their
    Indonesian label and legal basis from the catalogue."""
    codes = list(case_facts(case).get("recommended_sanctions") or [])
    snapshot = {s["code"]: s for s in classification.get("sanctions", [])}
    catalogue = {s.code: s for s in sanction_list() if s.code in codes}
    rows = []
    for code in codes:
        row = catalogue.get(code)
        if row is not None:
            rows.append({"label": row.label_id, "legal_basis": row.legal_basis})
        elif code in snapshot:
            rows.append(
                {"label": snapshot[code]["label"], "legal_basis": snapshot[code]["legal_basis"]}
            )
    return rows


def _chronology(case: Case, report) -> list[dict]:
    """What happened, dated, in the letter's words (dates as Indonesians write them)."""
    rows = []
    if report.event_date:
        act = act_get(report.act.slug) if report.act_id else None
        what = f"terlapor diduga melakukan perbuatan: {act.label_id.lower()}" if act else ""
        where = f" di {report.place_text}" if report.place_text else ""
        rows.append({"date": report.event_date, "text": (what or "kejadian") + where})
    received = (
        "temuan pengawas dicatat" if report.source == ReportSource.FINDING else "laporan diterima"
    )
    rows.append({"date": report.created_at, "text": received})
    seen = set()
    for event in selectors.case_events(case):
        text = _CHRONOLOGY_STEPS.get(event.to_state)
        if text and event.to_state not in seen:
            seen.add(event.to_state)
            rows.append({"date": event.created_at, "text": text})
    for row in rows:
        row["date_text"] = format_date(row["date"], "id")
    return rows


def _legal_basis(classification: dict, sanctions: list[dict], authority) -> list[str]:
    items = [classification.get("legal_basis") or ""]
    items += [s["legal_basis"] for s in sanctions]
    if authority is not None:
        items.append(authority.legal_basis)
    seen, out = set(), []
    for item in items:
        for part in (item or "").split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.add(part)
                out.append(part)
    return out


def _attachments(reports) -> str:
    count = sum(len(report.evidence.all()) for report in reports)
    return f"{count} berkas bukti" if count else ""


def _context(case: Case, issuer: Issuer, person, day: dt.date, authority) -> dict:
    classification = case.classification
    reports = selectors.case_reports(case)
    form = form_get(classification["form"])
    sanctions = _recommended_sanctions(case, classification)
    facts = case.facts or {}
    institution = issuer.institution
    return {
        "case": case,
        "case_number": case.number,
        "classification": classification,
        "form_label": (form.label_id if form else classification.get("form_label") or "").rstrip(
            ". "
        ),
        "category_label": _label(Category, classification.get("category")),
        "level_label": _label(SanctionLevel, classification.get("level")),
        "recommended_sanctions": sanctions,
        "legal_basis_items": _legal_basis(classification, sanctions, authority),
        "findings": str(facts.get("study_findings") or "").strip(),
        "chronology": _chronology(case, reports[0]) if reports else [],
        "attachments": _attachments(reports),
        "person": person,
        "agency": person.agency,
        "region_name": case.region.name,
        "election_name": case.election.name_id if case.election_id else "",
        "institution": institution,
        "place_date": f"{institution.place}, {format_date(day, 'id')}",
        "issued_on": day,
    }


def _public_fields(case: Case, letter_number: str) -> dict[str, str]:
    # No personal data here: the verification page is public (ADR 0010).
    fields = {"letter_number": letter_number, "region": case.region.name}
    if case.election_id:
        fields["election"] = case.election.name_id
    return fields


def _issue(
    *, actor, case: Case, kind: str, title: str, template: str, issuer: Issuer, day, context
) -> IssuedDocument:
    _seq, letter_number = letter_number_allocate(institution=issuer.institution, day=day)
    document = document_issue(
        actor=actor,
        kind=kind,
        title=title,
        issuer=issuer.institution.name,
        template=template,
        context={**context, "letter_number": letter_number},
        public_fields=_public_fields(case, letter_number),
        subject_ref=subject_ref_for(case),
        letter_number=letter_number,
        institution=issuer.institution,
        supersede=True,
    )
    replaced = list(document.supersedes.values_list("code", flat=True))
    audit_record(
        actor=actor,
        action="cases.letter_issued",
        target=case,
        payload={
            "kind": kind,
            "code": document.code,
            "letter_number": letter_number,
            "institution": issuer.institution.code,
            "role": issuer.role,
            "supersedes": replaced,
        },
    )
    case_event_record(
        actor=actor,
        case=case,
        kind=CaseEventKind.LETTER_ISSUED,
        role=issuer.role,
        details={"letter_kind": kind, "letter_number": letter_number},
    )
    return document


@transaction.atomic
def recommendation_letter_issue(*, actor: Any, case: Case) -> IssuedDocument:
    """The recommendation letter from the acting Bawaslu to the recommending authority in force
    on the letter's date, with the findings, chronology, legal basis and the recommended
    sanctions. Only once the case is recommended (or further on); earlier: `too_early`."""
    case = _lock(case)
    _require_role(actor, case, capabilities.ISSUE_RECOMMENDATION_LETTER)
    _require_classified(case)
    person = _require_person(case)
    _require_state(case, RECOMMENDATION_LETTER_STATES, S.RECOMMENDED)
    day = _local_today(case)
    authority = _authority(day)
    issuer = issuer_for(actor, case, RECOMMENDATION_ROLES, day)
    addressee = letter_institution_for_authority(authority.code)
    context = {
        **_context(case, issuer, person, day, authority),
        "authority_name": addressee.name if addressee else authority.name_id,
        "addressee": (addressee.addressee if addressee else "") or authority.name_id,
        "addressee_place": addressee.place if addressee else "",
        "subject": "Rekomendasi atas Pelanggaran Netralitas Aparatur Sipil Negara",
    }
    return _issue(
        actor=actor,
        case=case,
        kind=DocumentKind.RECOMMENDATION_LETTER,
        title="Surat Rekomendasi Pelanggaran Netralitas ASN",
        template=RECOMMENDATION_TEMPLATE,
        issuer=issuer,
        day=day,
        context=context,
    )


@transaction.atomic
def ppk_notification_issue(*, actor: Any, case: Case) -> IssuedDocument:
    """The notice to the PPK of the person's agency with the recommended sanctions, in the
    name of the institution acting (the recommending authority for the task force). Only once
    the recommendation went to the PPK (or further on); earlier: `too_early`."""
    case = _lock(case)
    _require_role(actor, case, capabilities.ISSUE_PPK_NOTIFICATION)
    _require_classified(case)
    person = _require_person(case)
    if not person.agency.ppk_title:
        raise LetterError(LetterErrorCode.PPK_UNKNOWN)
    _require_state(case, PPK_NOTIFICATION_STATES, S.RECOMMENDATION_TO_PPK)
    day = _local_today(case)
    issuer = issuer_for(actor, case, PPK_NOTIFICATION_ROLES, day)
    authority = recommending_authority_on(day)
    context = {
        **_context(case, issuer, person, day, authority),
        "subject": "Rekomendasi Penjatuhan Sanksi atas Pelanggaran Netralitas ASN",
    }
    return _issue(
        actor=actor,
        case=case,
        kind=DocumentKind.PPK_NOTIFICATION,
        title="Pemberitahuan Rekomendasi Sanksi kepada Pejabat Pembina Kepegawaian",
        template=PPK_NOTIFICATION_TEMPLATE,
        issuer=issuer,
        day=day,
        context=context,
    )


# --- Reading the letters of a case ---------------------------------------------------------------


@dataclass
class LetterRow:
    """One issued letter of a case, as the case page and the API list it."""

    document: IssuedDocument
    download_url: str = ""

    @property
    def code(self) -> str:
        return self.document.code

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.document.kind).label)

    @property
    def is_current(self) -> bool:
        return self.document.is_current

    @property
    def status(self) -> str:
        """valid / superseded / revoked."""
        if self.document.status == DocumentStatus.REVOKED:
            return DocumentStatus.REVOKED.value
        return "superseded" if self.document.superseded_by_id else DocumentStatus.VALID.value

    @property
    def status_label(self) -> str:
        if self.status == "superseded":
            return _("Diganti")
        return str(DocumentStatus(self.status).label)

    @property
    def filename(self) -> str:
        name = slugify(f"{self.kind_label} {self.document.letter_number or self.document.code}")
        return f"{name}.pdf"


def case_letters(case: Case) -> list[LetterRow]:
    """Every letter issued about `case`, newest first (the caller checked the case's scope)."""
    return [LetterRow(document) for document in documents_for_subject(subject_ref_for(case))]


def letter_open(*, actor: Any, case: Case, code: str) -> tuple[LetterRow, bytes]:
    """The PDF of one letter of `case` (audited read, re-hashed; DocumentIntegrityError if the
    stored file changed). The caller checked that `actor` sees the case; a code that is not a
    letter of this case: LetterError `not_found` (answer 404)."""
    document = document_for_subject(subject_ref_for(case), code)
    if document is None:
        raise LetterError(LetterErrorCode.NOT_FOUND)
    return LetterRow(document), document_open(actor=actor, document=document)

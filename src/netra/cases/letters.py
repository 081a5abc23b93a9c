"""The case letters (issue 4, "Letters"): the recommendation letter and the PPK notification.

Both are rendered and stored by `netra.documents` (ADR 0010): this module only decides who may
issue them, what they say and what the public verification page may show. The letter text names
the person (name, NIP, position, agency); `public_fields` never do: only the letter number, the
region and the election, which `documents/constants.py` allows for case letters.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from netra.accounts.choices import Role
from netra.audit.services import audit_record
from netra.cases import workflow
from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.cases.selectors import PPK_VISIBLE_STATES
from netra.cases.services import CaseError, _lock, _require_role
from netra.documents.choices import DocumentKind
from netra.documents.models import IssuedDocument
from netra.documents.services import document_issue
from netra.regions.choices import RegionLevel
from netra.rules.choices import Category, SanctionLevel
from netra.rules.selectors import recommending_authority_on

RECOMMENDATION_TEMPLATE = "cases/letters/recommendation_letter.html"
PPK_NOTIFICATION_TEMPLATE = "cases/letters/ppk_notification.html"
# Who may issue a case letter: Bawaslu officers and the task force in scope, or an admin.
LETTER_ROLES = frozenset({workflow.BAWASLU, workflow.TASK_FORCE, Role.ADMIN.value})

S = CaseState
# When each letter may be issued: once the case is at or past the step it belongs to. A closed
# case qualifies only if it went through that step (not, say, a duplicate merged during the
# study); `stopped` and the other early endings never do.
_PPK_SIDE_OPEN = frozenset(PPK_VISIBLE_STATES - {S.CLOSED})
RECOMMENDATION_LETTER_STATES = frozenset(
    {S.RECOMMENDED, S.RECOMMENDATION_TO_AUTHORITY} | _PPK_SIDE_OPEN
)
PPK_NOTIFICATION_STATES = _PPK_SIDE_OPEN


class LetterError(CaseError):
    """A case letter cannot be issued (too early in the case, or missing classification,
    person, agency or authority)."""


def subject_ref_for(case: Case) -> str:
    """The `documents` subject reference of a case (`documents_for_subject(ref)` finds them)."""
    return f"cases.case:{case.public_id}"


def _issuer(case: Case) -> str:
    """The Bawaslu office of the case's region: the province or regency/city it lies in."""
    region = case.region
    while region.level > RegionLevel.REGENCY and region.parent_id:
        region = region.parent
    if region.level == RegionLevel.PROVINCE:
        return f"Bawaslu Provinsi {region.name}"
    if region.level == RegionLevel.REGENCY:
        label = region.get_kind_display()
        name = region.name
        return (
            f"Bawaslu {name}"
            if name.lower().startswith(("kabupaten", "kota"))
            else (f"Bawaslu {label} {name}")
        )
    return "Badan Pengawas Pemilihan Umum"


def _require_state(case: Case, allowed: frozenset, reached: str) -> None:
    """Refuse a letter before the case reached `reached` (see the state sets above)."""
    if case.state in allowed:
        return
    if case.state == S.CLOSED and case.events.filter(to_state=reached).exists():
        return
    with translation.override("id"):
        step_id, state_id = str(S(reached).label), str(S(case.state).label)
    with translation.override("en"):
        step_en, state_en = str(S(reached).label), str(S(case.state).label)
    raise LetterError(
        f"Surat ini baru dapat diterbitkan setelah kasus mencapai tahap “{step_id}” "
        f"(status kasus sekarang: {state_id}).",
        f"This letter can only be issued once the case has reached “{step_en}” "
        f"(the case is now: {state_en}).",
        code="too_early",
    )


def _require_classified(case: Case) -> dict:
    classification = case.classification or {}
    if not classification.get("form"):
        raise LetterError(
            "Kasus belum diklasifikasi (bentuk pelanggaran belum ditetapkan); surat tidak dapat "
            "diterbitkan.",
            "The case has not been classified (no violation form yet); no letter can be issued.",
            code="not_classified",
        )
    return classification


def _require_person(case: Case):
    person = case.person
    if person is None or person.agency_id is None:
        raise LetterError(
            "Terlapor dan instansinya belum ditetapkan dari registri; surat tidak dapat "
            "diterbitkan.",
            "The reported person and their agency are not resolved from the registry; no letter "
            "can be issued.",
            code="person_unresolved",
        )
    return person


def _authority(classification: dict, day: dt.date) -> dict:
    """The recommending authority in force on `day`; the classification snapshot (the authority
    on the act date) only when the catalogue knows none for `day`."""
    current = recommending_authority_on(day)
    if current is not None:
        return {"code": current.code, "name": current.name}
    snapshot = classification.get("recommending_authority")
    if snapshot:
        return snapshot
    raise LetterError(
        "Tidak ada lembaga pemberi rekomendasi yang berlaku pada tanggal surat.",
        "No recommending authority is in force on the letter's date.",
        code="no_authority",
    )


def _label(choices, value):
    # Left lazy: the documents app renders in Indonesian whatever the officer's language.
    return choices(value).label if value in choices.values else (value or "")


def _recommended_sanctions(case: Case, classification: dict) -> list[dict]:
    """The sanctions recorded as recommended on the case, else every sanction the
    classification allows (as `services.case_facts` does)."""
    sanctions = classification.get("sanctions", [])
    chosen = (case.facts or {}).get("recommended_sanctions") or []
    picked = [s for s in sanctions if s.get("code") in chosen]
    return picked or sanctions


def _common_context(case: Case, classification: dict, person, today: dt.date) -> dict:
    return {
        "case": case,
        "case_number": case.number,
        "classification": classification,
        "category_label": _label(Category, classification.get("category")),
        "level_label": _label(SanctionLevel, classification.get("level")),
        "sanctions": classification.get("sanctions", []),
        "recommended_sanctions": _recommended_sanctions(case, classification),
        "person": person,
        "agency": person.agency,
        "region_name": case.region.name,
        "election_name": case.election.name_id if case.election_id else "",
        "issued_on": today,
    }


def _public_fields(case: Case, letter_number: str) -> dict[str, str]:
    # No personal data here: the verification page is public (ADR 0010).
    fields = {"letter_number": letter_number, "region": case.region.name}
    if case.election_id:
        fields["event"] = case.election.name_id
    return fields


def _issue(
    *, actor, case: Case, kind: str, title: str, template: str, context: dict, suffix: str
) -> IssuedDocument:
    letter_number = f"{case.number}/{suffix}"
    document = document_issue(
        actor=actor,
        kind=kind,
        title=title,
        issuer=_issuer(case),
        template=template,
        context={**context, "letter_number": letter_number},
        public_fields=_public_fields(case, letter_number),
        subject_ref=subject_ref_for(case),
    )
    audit_record(
        actor=actor,
        action="cases.letter_issued",
        target=case,
        payload={"kind": kind, "code": document.code, "letter_number": letter_number},
    )
    return document


@transaction.atomic
def recommendation_letter_issue(*, actor: Any, case: Case) -> IssuedDocument:
    """The recommendation letter from Bawaslu to the recommending authority in force today,
    naming the violation form, category, level, allowed sanctions and legal basis. Only once
    the case is recommended (or further on); earlier: LetterError `too_early`."""
    case = _lock(case)
    _require_role(actor, case, LETTER_ROLES)
    classification = _require_classified(case)
    person = _require_person(case)
    _require_state(case, RECOMMENDATION_LETTER_STATES, S.RECOMMENDED)
    today = timezone.localdate()
    authority = _authority(classification, today)
    context = {
        **_common_context(case, classification, person, today),
        "authority": authority,
    }
    return _issue(
        actor=actor,
        case=case,
        kind=DocumentKind.RECOMMENDATION_LETTER,
        title="Surat Rekomendasi Pelanggaran Netralitas ASN",
        template=RECOMMENDATION_TEMPLATE,
        context=context,
        suffix="REK",
    )


@transaction.atomic
def ppk_notification_issue(*, actor: Any, case: Case) -> IssuedDocument:
    """The notification to the PPK of the person's agency with the recommended sanctions. Only
    once the recommendation went to the PPK (or further on); earlier: LetterError `too_early`."""
    case = _lock(case)
    _require_role(actor, case, LETTER_ROLES)
    classification = _require_classified(case)
    person = _require_person(case)
    if not person.agency.ppk_title:
        raise LetterError(
            "Pejabat Pembina Kepegawaian (PPK) instansi terlapor belum tercatat di registri.",
            "The staffing authority (PPK) of the person's agency is not recorded in the registry.",
            code="ppk_unknown",
        )
    _require_state(case, PPK_NOTIFICATION_STATES, S.RECOMMENDATION_TO_PPK)
    today = timezone.localdate()
    return _issue(
        actor=actor,
        case=case,
        kind=DocumentKind.PPK_NOTIFICATION,
        title="Pemberitahuan Rekomendasi Sanksi kepada Pejabat Pembina Kepegawaian",
        template=PPK_NOTIFICATION_TEMPLATE,
        context=_common_context(case, classification, person, today),
        suffix="PPK",
    )

"""The PPK records its decision, in Debian Chromium, at desktop and 390 px phone width, in
Indonesian and English: the page shows exactly what was recommended (level and sanction in
words); the sanction picker is grouped by level, shows no codes and names the regulation;
picking outside the recommendation without a reason is refused with a message; with a reason it
is recorded, compliance reads "lighter than the recommendation" and the decree number is on the
case's timeline.

Screenshots go to NETRA_SCREENSHOT_DIR when that variable names a folder.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "id": {
        "recommended": "Penurunan jabatan setingkat lebih rendah selama 12 bulan (PP 94/2021)",
        "level": "Berat",
        "group": "Ringan",
        "chosen": "Teguran tertulis (PP 94/2021)",
        "number": "Nomor SK",
        "date": "Tanggal SK",
        "received": "Tanggal SK diterima terlapor",
        "reason": "Alasan memilih sanksi di luar rekomendasi",
        "save": "Simpan keputusan",
        "refused": "Sanksi yang dipilih berbeda dari rekomendasi",
        "compliance": "Lebih ringan dari rekomendasi",
        "timeline": "Keputusan PPK dicatat: SK nomor 800/17/BKPSDM/2024.",
    },
    "en": {
        "recommended": "Demotion by one position level for 12 months (PP 94/2021)",
        "level": "Heavy",
        "group": "Light",
        "chosen": "Written reprimand (PP 94/2021)",
        "number": "Decree number",
        "date": "Decree date",
        "received": "Date the person received the decree",
        "reason": "Reason for choosing a sanction outside the recommendation",
        "save": "Save the decision",
        "refused": "The sanction chosen differs from the recommendation",
        "compliance": "Lighter than recommended",
        "timeline": "PPK decision recorded: decree number 800/17/BKPSDM/2024.",
    },
}


def _shot(page, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"ppk-decision-{name}.png"), full_page=True)


@pytest.fixture
def world(
    regions_sample,
    rules_loaded,
    elections_with_regions,
    deadline_rules,
    make_staff,
    make_report,
    letter_institutions,
):
    """A case of Kabupaten Bogor sent to the PPK with a heavy recommendation: demotion for
    12 months (through the services), and the agency's PPK officer."""
    from netra.cases.choices import CaseState as S
    from netra.cases.letters import recommendation_letter_issue
    from netra.cases.services import (
        case_classify,
        case_open_from_report,
        case_resolve_identity,
        case_transition,
    )
    from netra.elections.models import Election
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory

    bogor = Region.objects.get(code="32.01")
    agency = AgencyFactory(code="3201", name="Pemerintah Kabupaten Bogor", ppk_title="Bupati Bogor")
    agency.region = bogor
    agency.save()
    person = PersonFactory(
        agency=agency, name="Rina Marlina, S.Pd.", name_plain="Rina Marlina", employee_type="PNS"
    )
    officer = make_staff(role="bawaslu_officer", region="32.01", username="bawaslu.bogor")
    task_force = make_staff(role="satgas_analyst", region=None, username="satgas.bkn")
    ppk = make_staff(role="ppk_officer", region=None, agency=agency, username="ppk.bogor")
    report, _key = make_report(
        election=Election.objects.get(slug="pilkada-2024"), reported_name="Rina Marlina"
    )
    case = case_open_from_report(actor=officer, report=report)
    case = case_transition(actor=officer, case=case, target=S.FORMAL_CHECK)
    case = case_transition(
        actor=officer, case=case, target=S.REGISTERED, facts={"formal_complete": True}
    )
    case_resolve_identity(actor=officer, case=case, person=person)
    case_classify(actor=officer, case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1))
    case = case_transition(actor=officer, case=case, target=S.STUDY)
    case = case_transition(
        actor=officer,
        case=case,
        target=S.RECOMMENDED,
        facts={
            "study_findings": "Terlapor memasang spanduk calon bupati di pagar sekolah.",
            "recommended_level": "heavy",
            "recommended_sanctions": ["PNS_PP94_DEMOTION_12M"],
        },
    )
    recommendation_letter_issue(actor=officer, case=case)
    case = case_transition(actor=officer, case=case, target=S.RECOMMENDATION_TO_AUTHORITY)
    case = case_transition(actor=task_force, case=case, target=S.RECOMMENDATION_TO_PPK)
    return {"case": case, "ppk": ppk}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_ppk_sees_the_recommendation_and_must_give_a_reason_to_differ(
    live_server, request, world, device, language
):
    from netra.cases.models import Case

    page = request.getfixturevalue("phone_page" if device == "phone" else "page")
    base, text, case = live_server.url, TEXT[language], world["case"]
    path = f"/sanksi/kasus/{case.public_id}/keputusan/"
    staff_login(page, base, world["ppk"], next_path=path)
    if language == "en":
        page.context.add_cookies([{"name": "netra_language", "value": "en", "url": base}])
        page.reload()

    # Exactly the recommendation, in words
    recommendation = page.locator("#recommendation").inner_text()
    assert text["recommended"] in recommendation and text["level"] in recommendation
    # The picker: grouped by level, no codes, the regulation named, labels unique
    picker = page.locator("select[name='sanction_code']")
    groups = picker.locator("optgroup").evaluate_all("(gs) => gs.map((g) => g.label)")
    assert text["group"] in groups and len(groups) >= 3
    labels = picker.locator("option").evaluate_all("(os) => os.map((o) => o.textContent)")
    assert len(labels) == len(set(labels))
    assert not any(re.search(r"[A-Z]{3,}_[A-Z0-9_]+", label) for label in labels)
    assert text["chosen"] in labels
    check_axe(page)
    _shot(page, f"{device}-{language}-1-form")

    # Outside the recommendation without a reason: refused, with a message, nothing recorded
    picker.select_option(label=text["chosen"])
    assert text["number"] in page.locator("label[for=id_decree_number]").inner_text()
    assert text["date"] in page.locator("label[for=id_decree_date]").inner_text()
    page.locator("[name=decree_number]").fill("800/17/BKPSDM/2024")
    page.locator("[name=decree_date]").fill("2024-11-04")
    page.get_by_label(text["received"]).fill("2024-11-06")
    page.get_by_role("button", name=text["save"]).click()
    page.wait_for_load_state()
    assert text["refused"] in page.content()
    assert Case.objects.get(pk=case.pk).state == "recommendation_to_ppk"
    check_axe(page)
    _shot(page, f"{device}-{language}-2-refused")

    # With a reason: recorded, compliance computed from the recommendation
    page.get_by_label(text["reason"]).fill("Terlapor baru pertama kali melanggar.")
    page.get_by_role("button", name=text["save"]).click()
    page.wait_for_url(f"**/kasus/{case.public_id}/")
    body = page.content()
    assert text["compliance"] in body
    assert text["timeline"] in body
    assert Case.objects.get(pk=case.pk).facts["compliance"] == "lighter"
    _shot(page, f"{device}-{language}-3-case")

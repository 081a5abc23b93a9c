"""On a phone (390 px), the self-check answers "Tidak boleh" for prohibited acts on typical dates
of each election, explains the category, and asks the HR office only for a real "depends"
(issue 12 §2). Screenshots: var/screenshots/cek-diri-*.png."""

from pathlib import Path

import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
NO, ASK = "Tidak boleh", "Tanyakan ke bagian kepegawaian Anda"


@pytest.fixture
def catalog_loaded(regions_sample):
    from netra.elections.services import elections_load_reference
    from netra.rules.services import rules_load_reference

    rules_load_reference()
    elections_load_reference()


def _check(page, *, who: str, act: str, when: str, election: str, race: str = "") -> str:
    page.get_by_label(who).check()
    page.get_by_label("Apa yang Anda lakukan atau rencanakan?").select_option(act)
    page.get_by_label("Kapan?").fill(when)
    page.get_by_label("Pemilu atau pilkada yang mana?").select_option(election)
    page.get_by_label("Calon yang mana?").select_option(race)
    page.get_by_role("button", name="Cek").click()
    page.wait_for_url(f"**act_date={when}**")
    answer = page.locator("#jawaban")
    answer.wait_for()
    return answer.get_by_role("heading", level=2).inner_text()


# (who, act, date, election, race, words the answer must explain)
TYPICAL = [
    # Liking a candidate's post: every date of an election year is "not allowed".
    ("PNS (pegawai negeri sipil)", "social-media-engagement", "2024-05-20", "pilkada-2024", "",
     "pelanggaran kode etik"),
    ("PNS (pegawai negeri sipil)", "social-media-engagement", "2024-10-10", "pilkada-2024", "",
     "pelanggaran disiplin"),
    ("PNS (pegawai negeri sipil)", "social-media-engagement", "2023-11-08", "pemilu-2024", "",
     "tergantung pemilihan mana"),
    ("PNS (pegawai negeri sipil)", "social-media-engagement", "2020-10-15", "pilkada-2020", "",
     "pelanggaran disiplin"),
    # Party membership leads to dismissal: never "ask your HR".
    ("PNS (pegawai negeri sipil)", "party-membership", "2024-03-01", "pilkada-2024", "",
     "diberhentikan"),
    # Office facilities after determination: PP 94/2021, heavy.
    ("PNS (pegawai negeri sipil)", "using-office-facilities", "2024-10-10", "pilkada-2024", "",
     "Pasal 14 huruf i angka 2"),
    ("CPNS (calon pegawai negeri sipil)", "banners-and-props", "2023-12-01", "pemilu-2024",
     "legislative", "Diberhentikan sebagai calon PNS"),
    ("Pegawai kontrak atau honorer (non-ASN)", "money-politics-and-gifts", "2024-10-10",
     "pilkada-2024", "", "SE MenPANRB Nomor 01 Tahun 2023"),
]  # fmt: skip


def test_prohibited_acts_read_not_allowed_on_a_phone(live_server, phone_page, catalog_loaded):
    page = phone_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/aturan/cek-diri/")
    for index, (who, act, when, election, race, words) in enumerate(TYPICAL):
        assert _check(page, who=who, act=act, when=when, election=election, race=race) == NO, (
            act,
            when,
        )
        text = page.locator("#jawaban").inner_text()
        assert words in text, (act, when, words)
        assert ASK not in text
        # Nothing for staff reaches the public answer.
        for staff in ("diperdebatkan", "dicocokkan", "ditujukan untuk tahapan lain", "DOMAIN"):
            assert staff not in text
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if index in (0, 2, 4):
            check_axe(page)
        page.screenshot(path=str(SHOTS / f"cek-diri-tidak-boleh-{index}-{act}.png"), full_page=True)

    # A real "depends": the catch-all, judged on the facts by the task force.
    assert (
        _check(
            page,
            who="PNS (pegawai negeri sipil)",
            act="other",
            when="2024-10-10",
            election="pilkada-2024",
        )
        == ASK
    )
    assert "Jawabannya tergantung pada" in page.locator("#jawaban").inner_text()
    page.screenshot(path=str(SHOTS / "cek-diri-tergantung.png"), full_page=True)

    # Voting: allowed.
    assert (
        _check(
            page,
            who="PNS (pegawai negeri sipil)",
            act="voting",
            when="2024-11-27",
            election="pilkada-2024",
        )
        == "Boleh"
    )
    page.screenshot(path=str(SHOTS / "cek-diri-boleh.png"), full_page=True)
    assert not page.console_errors

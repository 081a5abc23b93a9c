"""The self-check (/aturan/cek-diri/): answers for every act before and after candidate
determination in Pilkada 2024, employee types, and bad input."""

import pytest
from django.utils import translation

from netra.rules import guide

pytestmark = pytest.mark.django_db

URL = "/aturan/cek-diri/"
BEFORE = "2024-09-10"  # Pilkada 2024 candidates were determined on 22 Sep 2024 (DOMAIN.md §6)
AFTER = "2024-10-10"
NO, ASK = "Tidak boleh", "Tanyakan ke bagian kepegawaian Anda"

# act: (answer and SKB 2022 item before determination, answer and item after), per DOMAIN.md:
# §1.2 ethics items E1-E7 concern *bakal calon* (before); §1.3 discipline items D1-D12 concern
# *calon* (after) except D9 and D11, which name *bakal calon*; D3 (running without leave) is about a
# prospective candidate and, once determined, UU 20/2023 Pasal 59(3) asks for resignation (§8.3);
# E7 (spouse's campaign) has no discipline item; D5, D8 and D12 apply at any stage; D13 is the
# catch-all the task force decides (office facilities: PP 94/2021 Pasal 5 huruf n angka 4, §1.4).
# Where the item is worded for the other phase, or the act is not listed, the answer is "ask HR".
TABLE = {
    "social-media-engagement": ((NO, "E4"), (NO, "D6")),
    "online-campaigning": ((NO, "E2"), (NO, "D2")),
    "attending-declaration-or-campaign": ((NO, "E3"), (NO, "D4")),
    "joining-campaign-activities": ((NO, "E6"), (NO, "D4")),
    "photos-or-gestures": ((NO, "E5"), (NO, "D7")),
    "banners-and-props": ((NO, "E1"), (NO, "D1")),
    "money-politics-and-gifts": ((NO, "D8"), (NO, "D8")),
    "using-office-facilities": ((NO, "D13"), (NO, "D13")),
    "decisions-favouring-or-harming": ((NO, "D12"), (NO, "D12")),
    "party-membership": ((NO, "D5"), (NO, "D5")),
    "campaign-team-role": ((NO, "D9"), (NO, "D10")),
    "support-letters-and-ktp": ((NO, "D11"), (ASK, "D11")),
    "running-without-leave": ((NO, "D3"), (ASK, "D3")),
    "spouse-campaign-without-leave": ((NO, "E7"), (ASK, "E7")),
    "other": ((ASK, "D13"), (ASK, "D13")),
}
# DOMAIN.md §1.2: every ethics item carries a moral sanction; §1.3/§1.5: D-items for a PNS carry
# PP 94/2021 heavy or moderate sanctions, D5 dismissal without honour.
MORAL = "Pernyataan secara terbuka"
HEAVY_PNS = "Penurunan jabatan setingkat lebih rendah selama 12 bulan"


def _get(client, **params):
    query = {"employee_type": "PNS", "election": "pilkada-2024", "act_date": AFTER} | params
    return client.get(URL, query)


def _answer(html: str) -> str:
    return html.split('id="jawaban-heading">', 1)[1].split("</h2>", 1)[0]


def test_table_covers_every_act_of_the_catalog(rules_and_elections_loaded):
    from netra.rules.models import ProhibitedAct

    assert set(TABLE) == set(ProhibitedAct.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("when", [BEFORE, AFTER])
@pytest.mark.parametrize("act", sorted(TABLE))
def test_answer_for_each_act_before_and_after_determination(
    client, rules_and_elections_loaded, act, when
):
    expected, item = TABLE[act][0 if when == BEFORE else 1]
    response = _get(client, act=act, act_date=when)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert _answer(html) == expected
    assert f'href="/aturan/SKB2022-{item}/"' in html  # the form code, linked to its rule
    if expected == NO:
        assert "Dasar hukum" in html and "Sanksi yang mungkin" in html
    if item.startswith("E") and expected == NO:
        assert MORAL in html
    if item in ("D1", "D2", "D4", "D6", "D7", "D8", "D10", "D12") and when == AFTER:
        assert HEAVY_PNS in html


def test_contract_staff_and_pns_get_their_own_sanctions(client, rules_and_elections_loaded):
    pns = _get(client, act="banners-and-props").content.decode()
    contract = _get(client, act="banners-and-props", employee_type="NON_ASN").content.decode()
    assert _answer(pns) == _answer(contract) == NO
    assert HEAVY_PNS in pns and HEAVY_PNS not in contract
    assert "Pemutusan hubungan kerja (PHK) sesuai perjanjian kerja" in contract
    assert "Pemutusan hubungan kerja (PHK)" not in pns
    pppk = _get(client, act="banners-and-props", employee_type="PPPK").content.decode()
    assert "Hukuman disiplin menurut tabel instansi" in pppk and "PP 49/2018" in pppk


def test_what_the_sources_allow_is_allowed(client, rules_and_elections_loaded):
    html = _get(client, act="boleh-memilih").content.decode()
    assert _answer(html) == "Boleh"
    assert "bilik suara" in html


def test_outside_the_election_period_asks_hr(client, rules_and_elections_loaded):
    html = _get(client, act="banners-and-props", act_date="2026-06-01").content.decode()
    assert _answer(html) == ASK
    assert "di luar tahapan Pemilihan Serentak 2024" in html


def test_empty_form_shows_the_questions_with_today_as_default(client, rules_and_elections_loaded):
    from django.utils import timezone

    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="jawaban"' not in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert 'value="pilkada-2024"' in html and 'value="NON_ASN"' in html
    assert 'value="other"' in html
    assert not response.cookies  # a GET form: no CSRF cookie, no session


def test_preset_act_from_the_guide(client, rules_and_elections_loaded):
    html = client.get(URL, {"perbuatan": "party-membership"}).content.decode()
    assert 'value="party-membership" selected' in html and 'id="jawaban"' not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"act": "flying-a-kite"}, "Perbuatan tidak dikenal"),
        ({"act": ""}, "Pilih perbuatan dari daftar"),
        ({"act": "banners-and-props", "act_date": "2024-13-45"}, "Tanggal tidak valid"),
        ({"act": "banners-and-props", "act_date": "1890-01-01"}, "Tanggal di luar jangkauan"),
        ({"act": "banners-and-props", "election": "pemilu-1999"}, "Pemilu atau pilkada tidak"),
        ({"act": "banners-and-props", "employee_type": "MAYOR"}, "Jenis pegawai tidak dikenal"),
    ],
)
def test_bad_input_is_400_with_a_message(client, rules_and_elections_loaded, params, message):
    response = _get(client, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="error-summary"' in html and 'id="jawaban"' not in html


def test_bad_input_message_in_english(client, rules_and_elections_loaded):
    response = client.get(
        URL,
        {"act": "flying-a-kite", "employee_type": "PNS", "election": "pilkada-2024"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Unknown act" in response.content.decode()


def test_answer_reasons_come_from_classify(rules_and_elections_loaded):
    import datetime as dt

    with translation.override("id"):
        answer = guide.self_check_answer(
            act="running-without-leave",
            employee_type="PNS",
            act_date=dt.date(2024, 10, 10),
            election="pilkada-2024",
        )
    assert answer.ask_hr and answer.classification.form.code == "SKB2022-D3"
    assert "form_phase_mismatch" in answer.classification.warning_codes
    # The reason cites the form as a reader would, not by its code.
    assert any("SKB 2022 butir D3" in reason for reason in answer.reasons)
    assert not any("SKB2022-D3" in reason for reason in answer.reasons)

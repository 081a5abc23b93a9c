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

# act: (answer and form before determination, answer and form after). The answer is classify's
# verdict (issue 12): every listed act is prohibited on either side of the date, whatever its
# category (ethics before, discipline after); only the catch-all depends on the facts. Using
# office facilities after determination is PP 94/2021 Pasal 5 huruf n angka 4 (heavy).
TABLE = {
    "social-media-engagement": ((NO, "SKB2022-E4"), (NO, "SKB2022-D6")),
    "online-campaigning": ((NO, "SKB2022-E2"), (NO, "SKB2022-D2")),
    "attending-declaration-or-campaign": ((NO, "SKB2022-E3"), (NO, "SKB2022-D4")),
    "joining-campaign-activities": ((NO, "SKB2022-E6"), (NO, "SKB2022-D4")),
    "photos-or-gestures": ((NO, "SKB2022-E5"), (NO, "SKB2022-D7")),
    "banners-and-props": ((NO, "SKB2022-E1"), (NO, "SKB2022-D1")),
    "money-politics-and-gifts": ((NO, "SKB2022-D8"), (NO, "SKB2022-D8")),
    "using-office-facilities": ((NO, "SKB2022-D13"), (NO, "PP94-5N4")),
    "decisions-favouring-or-harming": ((NO, "SKB2022-D12"), (NO, "SKB2022-D12")),
    "party-membership": ((NO, "SKB2022-D5"), (NO, "SKB2022-D5")),
    "campaign-team-role": ((NO, "SKB2022-D9"), (NO, "SKB2022-D10")),
    "support-letters-and-ktp": ((NO, "SKB2022-D11"), (NO, "SKB2022-D11")),
    "running-without-leave": ((NO, "SKB2022-D3"), (NO, "SKB2022-D3")),
    "spouse-campaign-without-leave": ((NO, "SKB2022-E7"), (NO, "SKB2022-E7")),
    "other": ((ASK, "SKB2022-D13"), (ASK, "SKB2022-D13")),
}
ALLOWED_ACTS = ("voting", "encouraging-turnout", "neutrality-socialisation", "reporting-violations")
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

    slugs = set(ProhibitedAct.objects.values_list("slug", flat=True))
    assert set(TABLE) | set(ALLOWED_ACTS) == slugs


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
    assert f'href="/aturan/{item}/"' in html  # the form code, linked to its rule
    if expected == NO:
        assert "Dasar hukum" in html and "Sanksi yang mungkin" in html
    if item.startswith("SKB2022-E") and expected == NO:
        assert MORAL in html
    heavy = ("D1", "D2", "D4", "D6", "D7", "D8", "D10", "D12", "PP94-5N4")
    if item.removeprefix("SKB2022-") in heavy and when == AFTER:
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


@pytest.mark.parametrize("act", ALLOWED_ACTS)
@pytest.mark.parametrize("when", [BEFORE, AFTER])
def test_what_the_sources_allow_is_allowed(client, rules_and_elections_loaded, act, when):
    html = _get(client, act=act, act_date=when).content.decode()
    assert _answer(html) == "Boleh"
    assert "Satgas" not in html.split('id="jawaban"', 1)[1].split("</section>", 1)[0]


def test_voting_is_allowed_in_the_booth(client, rules_and_elections_loaded):
    html = _get(client, act="voting").content.decode()
    assert _answer(html) == "Boleh" and "bilik suara" in html


def test_outside_the_election_period_is_still_not_allowed(client, rules_and_elections_loaded):
    # Neutrality is owed at all times: the date only changes what the page explains.
    html = _get(client, act="banners-and-props", act_date="2026-06-01").content.decode()
    assert _answer(html) == NO
    assert "di luar tahapan Pemilihan Serentak 2024" in html


# Typical dates in each election year: liking a candidate's post is never allowed (issue 12 §2).
TYPICAL_DATES = {
    "pilkada-2020": ["2020-01-15", "2020-07-01", "2020-09-15", "2020-10-15", "2020-12-20"],
    "pemilu-2024": ["2023-01-10", "2023-08-01", "2023-11-08", "2023-12-01", "2024-02-14"],
    "pilkada-2024": ["2024-01-10", "2024-05-20", "2024-08-20", "2024-09-10", "2024-10-10"],
}


@pytest.mark.parametrize("employee_type", ["PNS", "CPNS", "PPPK", "NON_ASN"])
@pytest.mark.parametrize(
    ("election", "when"), [(e, d) for e, dates in TYPICAL_DATES.items() for d in dates]
)
def test_liking_a_candidates_post_is_never_allowed(
    client, rules_and_elections_loaded, election, when, employee_type
):
    html = _get(
        client,
        act="social-media-engagement",
        election=election,
        act_date=when,
        employee_type=employee_type,
    ).content.decode()
    assert _answer(html) == NO
    assert ASK not in html
    # The category is explained in words.
    assert "pelanggaran kode etik" in html or "pelanggaran disiplin" in html


@pytest.mark.parametrize("when", [BEFORE, AFTER, "2024-03-01"])
def test_party_membership_is_not_allowed_and_leads_to_dismissal(
    client, rules_and_elections_loaded, when
):
    html = _get(client, act="party-membership", act_date=when).content.decode()
    assert _answer(html) == NO
    assert "diberhentikan" in html or "Pemberhentian tidak dengan hormat" in html


def test_between_race_dates_the_page_says_no_and_asks_for_the_race(
    client, rules_and_elections_loaded
):
    html = _get(
        client, act="social-media-engagement", election="pemilu-2024", act_date="2023-11-08"
    ).content.decode()
    assert _answer(html) == NO
    assert "tergantung pemilihan mana" in html
    # No single category is claimed while the race decides it.
    assert "Pada tanggal ini perbuatan itu pelanggaran" not in html
    legislative = _get(
        client,
        act="social-media-engagement",
        election="pemilu-2024",
        act_date="2023-11-08",
        race="legislative",
    ).content.decode()
    assert _answer(legislative) == NO and 'href="/aturan/SKB2022-D6/"' in legislative
    presidential = _get(
        client,
        act="social-media-engagement",
        election="pemilu-2024",
        act_date="2023-11-08",
        race="presidential",
    ).content.decode()
    assert _answer(presidential) == NO and 'href="/aturan/SKB2022-E4/"' in presidential


def test_contract_staff_see_contract_consequences_not_pns_articles(
    client, rules_and_elections_loaded
):
    for act in ("party-membership", "using-office-facilities", "banners-and-props"):
        html = _get(client, act=act, employee_type="NON_ASN").content.decode()
        answer = html.split('id="jawaban"', 1)[1].split("</section>", 1)[0]
        assert _answer(html) == NO
        assert "SE MenPANRB Nomor 01 Tahun 2023" in answer
        for pns_text in ("PTDH", "tidak dengan hormat", "PP 94/2021", "PP 11/2017", "UU 20/2023"):
            assert pns_text not in answer, (act, pns_text)


def test_cpns_sees_the_cpns_consequence(client, rules_and_elections_loaded):
    html = _get(client, act="banners-and-props", employee_type="CPNS").content.decode()
    assert _answer(html) == NO
    assert "Diberhentikan sebagai calon PNS" in html and "PP 11/2017 Pasal 37" in html


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


def test_answer_comes_from_classify_and_hides_staff_notes(rules_and_elections_loaded):
    import datetime as dt

    with translation.override("id"):
        answer = guide.self_check_answer(
            act="running-without-leave",
            employee_type="PNS",
            act_date=dt.date(2024, 10, 10),
            election="pilkada-2024",
        )
        staff = [w.message for w in answer.classification.warnings]
    assert answer.not_allowed and answer.classification.verdict == "prohibited"
    assert "form_phase_mismatch" in answer.classification.warning_codes
    # The caseworker's warning stays with staff; the public reads the plain explanation.
    phase_note = next(m for m in staff if "ditujukan untuk tahapan lain" in m)
    assert phase_note not in answer.notes
    assert any("mengundurkan diri" in note for note in answer.notes)


def test_contested_levels_read_as_a_plain_sentence(rules_and_elections_loaded):
    import datetime as dt

    with translation.override("id"):
        answer = guide.self_check_answer(
            act="campaign-team-role",
            employee_type="PNS",
            act_date=dt.date(2024, 9, 10),
            election="pilkada-2024",
        )
    assert "contested_level" in answer.classification.warning_codes
    text = " ".join(answer.notes)
    assert "diperdebatkan" not in text and "dicocokkan" not in text
    assert "kasus per kasus" in text

"""The public read-only rules API: responses, 400s with messages, and the schema."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/rules"


def test_forms_list_and_filters(client, rules_loaded):
    response = client.get(f"{API}/forms/", {"category": "ethics", "regulation": "SKB-2022"})
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert codes == [f"SKB2022-E{n}" for n in range(1, 8)]
    assert "label_en" in response.json()["results"][0]


def test_forms_bad_filters_are_400(client, rules_loaded):
    assert client.get(f"{API}/forms/", {"category": "crime"}).status_code == 400
    response = client.get(f"{API}/forms/", {"regulation": "SKB-1999"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "SKB-1999" in response.json()["errors"]["regulation"][0]


def test_form_detail_and_404(client, rules_loaded):
    data = client.get(f"{API}/forms/SKB2022-D8/").json()
    assert data["level"] == "heavy" and data["contested"] is True
    assert client.get(f"{API}/forms/NOPE/").status_code == 404


def test_acts_show_their_forms(client, rules_loaded):
    rows = client.get(f"{API}/acts/").json()["results"]
    team = next(row for row in rows if row["slug"] == "campaign-team-role")
    assert team["forms"] == {
        "skb2020": "SKB2020-09",
        "skb2020_candidate": "SKB2020-09",
        "skb2022_candidate": "SKB2022-D10",
        "skb2022_prospective": "SKB2022-D9",
    }


def test_sanctions_filter_and_bad_employee_type(client, rules_loaded):
    rows = client.get(f"{API}/sanctions/", {"employee_type": "NON_ASN"}).json()["results"]
    assert {row["code"] for row in rows} == {
        "NON_ASN_GRADED_SANCTION",
        "NON_ASN_CONTRACT_TERMINATION",
    }
    assert client.get(f"{API}/sanctions/", {"employee_type": "CPNS"}).status_code == 400


def test_regulations_and_authorities(client, rules_loaded):
    codes = [row["code"] for row in client.get(f"{API}/regulations/").json()["results"]]
    assert {"SKB-2020", "SKB-2022", "PP-94-2021", "UU-20-2023"} <= set(codes)
    authorities = client.get(f"{API}/authorities/").json()["results"]
    assert [row["code"] for row in authorities][:2] == ["KASN", "BKN"]


def test_authority_on_date(client, rules_loaded):
    assert (
        client.get(f"{API}/authority/", {"date": "2024-08-23"}).json()["authority"]["code"]
        == "KASN"
    )
    assert (
        client.get(f"{API}/authority/", {"date": "2024-08-24"}).json()["authority"]["code"] == "BKN"
    )
    bad = client.get(f"{API}/authority/", {"date": "23/08/2024"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    assert "23/08/2024" in bad.json()["errors"]["date"][0]


def test_classify_get_and_post(client, rules_and_elections_loaded):
    params = {
        "act": "banners-and-props",
        "employee_type": "PNS",
        "date": "2024-09-01",
        "election": "pilkada-2024",
    }
    got = client.get(f"{API}/classify/", params)
    assert got.status_code == 200
    assert got.json()["form"] == "SKB2022-E1"
    posted = client.post(
        f"{API}/classify/", {**params, "phase": "candidate"}, content_type="application/json"
    )
    assert posted.status_code == 200
    assert posted.json()["form"] == "SKB2022-D1"
    assert "phase_overridden" in [w["code"] for w in posted.json()["warnings"]]


@pytest.mark.parametrize(
    "change,field",
    [
        ({"date": "2024-02-30"}, "date"),
        ({"employee_type": "HONORER"}, "employee_type"),
        ({"act": ""}, "act"),
        ({"phase": "later"}, "phase"),
        ({"race": "mayor"}, "race"),
    ],
)
def test_classify_invalid_fields_are_400(client, rules_and_elections_loaded, change, field):
    params = {
        "act": "other",
        "employee_type": "PNS",
        "date": "2024-09-01",
        "election": "pemilu-2024",
    }
    response = client.post(
        f"{API}/classify/", {**params, **change}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "change,code",
    [({"act": "dancing"}, "unknown_act"), ({"election": "pemilu-2099"}, "unknown_election")],
)
def test_classify_unknown_references_are_400_with_message(
    client, rules_and_elections_loaded, change, code
):
    params = {
        "act": "other",
        "employee_type": "PNS",
        "date": "2024-09-01",
        "election": "pemilu-2024",
    }
    response = client.get(f"{API}/classify/", {**params, **change}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "Unknown" in response.json()["detail"]


def test_malformed_json_body_is_400(client, rules_and_elections_loaded):
    response = client.post(f"{API}/classify/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_schema_lists_the_rules_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).content.decode()
    for path in (f"{API}/classify/", "/api/v1/rules/forms/", "/api/v1/rules/authority/"):
        assert path in schema


@pytest.mark.parametrize(
    ("params", "verdict", "depends_on"),
    [
        ({"act": "social-media-engagement", "date": "2024-09-10"}, "prohibited", None),
        ({"act": "social-media-engagement", "date": "2024-10-10"}, "prohibited", None),
        ({"act": "voting", "date": "2024-10-10"}, "allowed", None),
        ({"act": "other", "date": "2024-10-10"}, "depends", "facts"),
    ],
)
def test_classify_api_returns_the_verdict(
    client, rules_and_elections_loaded, params, verdict, depends_on
):
    query = {"employee_type": "PNS", "election": "pilkada-2024"} | params
    response = client.get(f"{API}/classify/", query)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["verdict"], data["verdict_depends_on"]) == (verdict, depends_on)
    assert "explanation" in data and "legal_note" in data


def test_classify_api_takes_the_race_and_cpns(client, rules_and_elections_loaded):
    query = {
        "act": "social-media-engagement",
        "employee_type": "CPNS",
        "election": "pemilu-2024",
        "date": "2023-11-08",
    }
    unknown = client.get(f"{API}/classify/", query).json()
    assert (unknown["verdict"], unknown["category_depends_on"]) == ("prohibited", "race")
    legislative = client.get(f"{API}/classify/", query | {"race": "legislative"}).json()
    assert (legislative["form"], legislative["race"]) == ("SKB2022-D6", "legislative")
    assert "CPNS_DISMISSAL_DISCIPLINE" in [s["code"] for s in legislative["sanctions"]]
    bad = client.get(f"{API}/classify/", query | {"race": "mayor"})
    assert bad.status_code == 400

"""`netra rules ...`: output, --json, and clear non-zero exits on bad input."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netra.audit.models import AuditEvent
from netra.rules.models import RuleSetting, ViolationForm

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("rules", *args, stdout=out)
    return out.getvalue()


def snapshot() -> tuple[int, int, int]:
    return AuditEvent.objects.count(), ViolationForm.objects.count(), RuleSetting.objects.count()


def test_classify_json(rules_and_elections_loaded):
    data = json.loads(
        run(
            "classify",
            "--act", "party-membership",
            "--employee-type", "PNS",
            "--date", "2024-10-01",
            "--election", "pilkada-2024",
            "--json",
        )
    )  # fmt: skip
    assert data["form"] == "SKB2022-D5"
    assert data["level"] == "dismissal"
    assert data["verdict"] == "prohibited" and data["verdict_depends_on"] is None
    assert data["recommending_authority"]["code"] == "BKN"


def test_classify_text_shows_warnings(rules_and_elections_loaded):
    out = run(
        "classify", "--act", "other", "--employee-type", "PPPK",
        "--date", "2024-01-10", "--election", "pemilu-2024",
    )  # fmt: skip
    assert "SKB2022-D13" in out
    assert "task_force_decides" in out


@pytest.mark.parametrize(
    ("act", "date", "race", "verdict", "form"),
    [
        ("voting", "2024-01-10", None, "allowed", None),
        ("other", "2024-10-01", None, "depends", "SKB2022-D13"),
        ("social-media-engagement", "2023-11-08", "legislative", "prohibited", "SKB2022-D6"),
        ("social-media-engagement", "2023-11-08", "presidential", "prohibited", "SKB2022-E4"),
    ],
)
def test_classify_json_gives_the_verdict_and_takes_the_race(
    rules_and_elections_loaded, act, date, race, verdict, form
):
    election = "pilkada-2024" if date.startswith("2024") else "pemilu-2024"
    args = ["classify", "--act", act, "--employee-type", "PNS", "--date", date]
    args += ["--election", election, "--json"] + (["--race", race] if race else [])
    data = json.loads(run(*args))
    assert (data["verdict"], data["form"], data["race"]) == (verdict, form, race)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--act", "dancing", "--employee-type", "PNS", "--date", "2024-10-01"], "dancing"),
        (["--act", "other", "--employee-type", "HONORER", "--date", "2024-10-01"], "HONORER"),
        (["--act", "other", "--employee-type", "PNS", "--date", "2024-13-01"], "2024-13-01"),
        (["--act", "other", "--employee-type", "PNS", "--date", "yesterday"], "yesterday"),
    ],
)
def test_classify_bad_input_exits_non_zero(rules_and_elections_loaded, args, needle):
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        run("classify", *args, "--election", "pilkada-2024")
    assert caught.value.returncode == 2
    assert needle in str(caught.value)
    assert snapshot() == before


def test_classify_unknown_election(rules_and_elections_loaded):
    before = snapshot()
    with pytest.raises(CommandError, match="pilkada-2099") as caught:
        run(
            "classify", "--act", "other", "--employee-type", "PNS",
            "--date", "2024-10-01", "--election", "pilkada-2099",
        )  # fmt: skip
    assert caught.value.returncode == 2
    assert snapshot() == before


def test_acts_lists_every_slug(rules_loaded):
    data = json.loads(run("acts", "--json"))
    assert {"slug", "label_id", "label_en"} <= set(data[0])
    assert "party-membership" in {row["slug"] for row in data}
    assert "social-media-engagement" in run("acts")


def test_list_filters_and_rejects_unknown_regulation(rules_loaded):
    data = json.loads(run("list", "--json", "--category", "ethics", "--regulation", "SKB-2022"))
    assert [row["code"] for row in data] == [f"SKB2022-E{n}" for n in range(1, 8)]
    assert "SKB2020-16" in run("list", "--regulation", "SKB-2020")
    with pytest.raises(CommandError, match="SKB-1999") as caught:
        run("list", "--regulation", "SKB-1999")
    assert caught.value.returncode == 2


def test_show_form_and_unknown_code(rules_loaded):
    data = json.loads(run("show", "SKB2022-D8", "--json"))
    assert data["contested"] is True and data["level_setting"] == "skb2022.d8.level"
    before = snapshot()
    with pytest.raises(CommandError, match="SKB2022-D99") as caught:
        run("show", "SKB2022-D99")
    assert caught.value.returncode == 2
    assert snapshot() == before


def test_authority_on_dates(rules_loaded):
    assert json.loads(run("authority", "2024-08-23", "--json"))["authority"]["code"] == "KASN"
    assert json.loads(run("authority", "2024-08-24", "--json"))["authority"]["code"] == "BKN"
    assert "BKN" in run("authority", "2024-08-24")
    with pytest.raises(CommandError) as caught:
        run("authority", "24-08-2024")
    assert caught.value.returncode == 2


def test_load_is_idempotent(db):
    first = json.loads(run("load", "--json"))
    second = json.loads(run("load", "--json"))
    assert first["forms"]["created"] == 49
    assert second["forms"] == {"created": 0, "updated": 0, "unchanged": 49}


def test_help_exits_cleanly():
    with pytest.raises(SystemExit) as caught:
        call_command("rules", "classify", "--help", stdout=StringIO())
    assert caught.value.code == 0

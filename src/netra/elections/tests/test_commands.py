import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netra.audit.models import AuditEvent
from netra.elections.models import Election

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("elections", *args, stdout=out)
    return out.getvalue()


def test_list(elections_loaded):
    data = json.loads(run("list", "--json"))
    assert [row["slug"] for row in data] == ["pilkada-2020", "pemilu-2024", "pilkada-2024"]
    assert data[1]["candidate_determination_date"] == "2023-11-03"
    assert "pilkada-2024\t2024-11-27" in run("list")


def test_show(elections_loaded):
    data = json.loads(run("show", "pilkada-2020", "--json"))
    assert data["regions"]["expected"] == 270 and data["regions"]["complete"] is True
    assert {stage["kind"] for stage in data["stages"]} >= {"campaign", "quiet_period"}
    assert "daftar belum lengkap" not in run("show", "pilkada-2020")


def test_show_unknown_election_exits_non_zero(elections_loaded):
    before = (AuditEvent.objects.count(), Election.objects.count())
    with pytest.raises(CommandError, match="pilkada-2099") as caught:
        run("show", "pilkada-2099")
    assert caught.value.returncode == 2
    assert (AuditEvent.objects.count(), Election.objects.count()) == before


def test_load_is_idempotent(db):
    first = json.loads(run("load", "--json"))
    second = json.loads(run("load", "--json"))
    assert first["elections_created"] == 3 and second["elections_created"] == 0
    assert "pilkada-2020: 0/270 regions linked" in run("load")

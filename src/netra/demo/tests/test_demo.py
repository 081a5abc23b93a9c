"""The newcomer's demo and the reference loader."""

import base64

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts.models import Membership, User
from netra.audit.selectors import audit_chain_verify
from netra.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(regions_sample, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", "--if-empty")
    return capsys.readouterr().out


def _demo_creates_people_and_one_account_per_role(demo_loaded):
    assert Person.objects.count() >= 300
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "admin",
        "bawaslu_officer",
        "satgas_analyst",
        "agency_hr",
        "ppk_officer",
        "auditor",
    }
    assert "admin" in demo_loaded and "TOTP secret" in demo_loaded
    assert audit_chain_verify().intact


def _demo_reports_open_with_the_printed_keys(demo_loaded):
    from netra.intake.services import report_access

    pairs = [line.split() for line in demo_loaded.splitlines() if line.startswith("NTR-")]
    assert len(pairs) >= 3
    for tracking_number, key in pairs:
        report = report_access(tracking_number, key)
        assert report is not None and report.act is not None and report.election is not None


def _printed_credentials_match_the_stored_ones(demo_loaded):
    line = next(x for x in demo_loaded.splitlines() if x.startswith("admin "))
    _username, password, _role, secret, *_codes = line.split()
    assert User.objects.get(username="admin").check_password(password)
    device = TOTPDevice.objects.get(user__username="admin", confirmed=True)
    padded = secret + "=" * (-len(secret) % 8)
    assert base64.b32decode(padded) == device.bin_key


def _if_empty_is_a_no_op_the_second_time(demo_loaded, capsys):
    users, people = User.objects.count(), Person.objects.count()
    call_command("demo", "--if-empty")
    assert "nothing loaded" in capsys.readouterr().out
    assert (User.objects.count(), Person.objects.count()) == (users, people)


def _without_if_empty_refuses_a_populated_database(demo_loaded):
    with pytest.raises(CommandError, match="empty database") as excinfo:
        call_command("demo")
    assert excinfo.value.returncode == 1


# Building the demo takes seconds (two dozen cases walk the workflow), so one build serves
# every check; each check is a function above and names what failed.
def test_demo_loads_accounts_people_reports_and_credentials(demo_loaded, capsys):
    _demo_creates_people_and_one_account_per_role(demo_loaded)
    _demo_reports_open_with_the_printed_keys(demo_loaded)
    _printed_credentials_match_the_stored_ones(demo_loaded)
    _if_empty_is_a_no_op_the_second_time(demo_loaded, capsys)
    _without_if_empty_refuses_a_populated_database(demo_loaded)

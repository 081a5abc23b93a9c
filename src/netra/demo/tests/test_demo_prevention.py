"""`netra demo` records prevention work: past activities with imported attendance, a pledge
campaign for the next (simulated) election with partial coverage, and a verifiable certificate."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from netra.demo.prevention import HR, NEXT_ELECTION_SLUG
from netra.documents.choices import DocumentKind
from netra.documents.models import IssuedDocument
from netra.elections.models import Election
from netra.prevention import coverage
from netra.prevention.choices import ImportOutcome, PledgeMethod
from netra.prevention.models import Activity, AttendanceImport, Pledge
from netra.registry.models import Agency

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_output(regions_sample, settings, tmp_path, capsys, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--json")
    return json.loads(capsys.readouterr().out)


def test_demo_builds_activities_a_campaign_with_partial_coverage_and_a_certificate(
    demo_output, client, staff_client
):
    prevention = demo_output["prevention"]
    assert prevention["created"] is True
    # Past activities for Pilkada 2024, attendance through applied imports only
    past = Activity.objects.filter(election__slug="pilkada-2024")
    assert past.count() == 4
    assert set(AttendanceImport.objects.values_list("outcome", flat=True)) == {
        ImportOutcome.APPLIED
    }
    assert past.filter(attendances__isnull=False).distinct().count() == 2
    # The campaign for the simulated next election: some pledged, not everyone
    election = Election.objects.get(slug=NEXT_ELECTION_SLUG)
    assert "simulasi" in election.name_id
    agency = Agency.objects.get(code="3201")
    total = coverage.coverage_total(coverage.population(agency=agency), election)
    assert 0 < total.pledged < total.population
    methods = set(Pledge.objects.values_list("method", flat=True))
    assert methods == {PledgeMethod.INDIVIDUAL, PledgeMethod.COLLECTIVE}
    # Every pledge has its certificate, and the printed one verifies in public
    assert not Pledge.objects.filter(certificate__isnull=True).exists()
    code = prevention["certificate_code"]
    document = IssuedDocument.objects.get(code=code)
    assert document.kind == DocumentKind.PLEDGE_CERTIFICATE
    page = client.get(reverse("documents:verify_code", args=[code]))
    assert page.status_code == 200
    assert document.public_fields["name"] in page.content.decode()
    # The person offered for a phone pledge has not pledged yet; the check-in page answers
    nip = prevention["try_pledge"]["nip"]
    assert not Pledge.objects.filter(person__nip=nip, campaign__election=election).exists()
    # ... and the printed personal pledge code is theirs (HR codes: issue 13 §3)
    from netra.prevention.services.pledge_codes import pledge_code_check
    from netra.registry.models import Person

    campaign = Pledge.objects.filter(campaign__election=election).first().campaign
    assert pledge_code_check(
        campaign=campaign,
        person=Person.objects.get(nip=nip),
        code=prevention["try_pledge"]["pledge_code"],
    )
    # The printed check-in link is the organiser's screen; its current QR link opens the form
    hr = User.objects.get(username=HR)
    organiser = staff_client(hr).get(prevention["check_in_path"])
    assert organiser.status_code == 200
    link = re.search(r'id="check-in-link">([^<]+)<', organiser.content.decode()).group(1)
    public = client.get(link.replace("http://127.0.0.1:8000", "").replace("&amp;", "&"))
    assert public.status_code == 200 and 'name="nip_or_nik"' in public.content.decode()

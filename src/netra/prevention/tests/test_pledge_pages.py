"""Pledge pages: the public phone flow (/ikrar/) and the workspace campaigns."""

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse

from netra.prevention.choices import ActivityKind, AttendanceSource, PledgeMethod
from netra.prevention.models import Activity, Attendance, Pledge, PledgeCampaign
from netra.prevention.tests.fixtures import campaign_for, proof_for
from netra.prevention.views import pledges as views

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _media(prevention_media):
    return prevention_media


@pytest.fixture
def w(prevention_world):
    return prevention_world


@pytest.fixture
def campaign(w):
    # HR's personal pledge codes: the flow tests below are not about sending codes.
    return campaign_for(w, second_factor="hr_code")


def _identify(client, person, **extra):
    data = {"number": person.nip or person.nik, "birth_date": person.birth_date.isoformat()}
    data.update(extra)
    return client.post(reverse("prevention:pledge-start"), data)


def _prove(client, campaign, person, code="123456"):
    """Step 2 with a code the person holds (as if sent to them or printed by HR)."""
    proof_for(campaign, person, code)
    url = reverse("prevention:pledge-code", kwargs={"campaign_id": campaign.public_id})
    return client.post(url, {"action": "verify", "code": code})


# --- public flow -----------------------------------------------------------------------------


def test_start_page_is_public_and_not_cached(client):
    response = client.get(reverse("prevention:pledge-start"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies


def test_identification_from_another_site_is_refused_and_starts_nothing(w):
    # The first step carries no CSRF token (no cookie before the visitor acts); a browser that
    # names another site as the form's origin is refused before anything is looked up.
    client = Client(enforce_csrf_checks=True)
    person = next(p for p in w["people"].values() if p.nip)
    data = {"number": person.nip, "birth_date": person.birth_date.isoformat()}
    url = reverse("prevention:pledge-start")
    refused = client.post(url, data, HTTP_ORIGIN="https://elsewhere.example")
    assert refused.status_code == 403 and not client.session.keys()
    same_site = client.post(url, data, HTTP_ORIGIN="http://testserver")
    assert same_site.status_code == 302  # identified: CSRF-exempt, the Origin is this site


def test_full_flow_identify_read_confirm_download(
    w, campaign, client, django_capture_on_commit_callbacks
):
    teacher = w["people"]["teacher1"]
    response = _identify(client, teacher)
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:pledge-choose")
    # One open campaign: straight to the text.
    response = client.get(response["Location"])
    read_url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    assert response["Location"] == read_url
    # The text waits for the second factor (issue 13 §3).
    code_url = reverse("prevention:pledge-code", kwargs={"campaign_id": campaign.public_id})
    assert client.get(read_url)["Location"] == code_url
    assert _prove(client, campaign, teacher)["Location"] == read_url
    page = client.get(read_url)
    assert page.status_code == 200
    body = page.content.decode()
    for point in campaign.template.points:
        assert point["id"] in body
    assert "Saya membaca dan menyetujui ikrar ini" in body
    # Without the checkbox nothing is stored.
    refused = client.post(read_url, {})
    assert refused.status_code == 400
    assert not Pledge.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(read_url, {"agree": "on"})
    pledge = Pledge.objects.get()
    assert pledge.person == teacher and pledge.method == PledgeMethod.INDIVIDUAL
    assert done["Location"] == reverse("prevention:pledge-done", args=[pledge.public_id])
    # The identity is gone from the session once the pledge is made.
    assert views.SESSION_IDENTITY not in client.session
    page = client.get(done["Location"])
    text = page.content.decode()
    assert teacher.name in text and w["agency"].name in text
    assert pledge.certificate.code in text
    assert "Unduh sertifikat (PDF)" in text
    pdf = client.get(reverse("prevention:pledge-certificate", args=[pledge.public_id]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"


def test_second_attempt_shows_the_existing_pledge(w, campaign):
    teacher = w["people"]["teacher1"]
    read_url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    first = Client()
    _identify(first, teacher)
    _prove(first, campaign, teacher)
    first.post(read_url, {"agree": "on"})
    second = Client()
    _identify(second, teacher)
    response = second.get(read_url)
    pledge = Pledge.objects.get()
    assert response["Location"] == reverse("prevention:pledge-done", args=[pledge.public_id])
    page = second.get(response["Location"])
    assert "Anda sudah berikrar" in page.content.decode()
    assert Pledge.objects.count() == 1


def test_wrong_data_gives_the_generic_message(w, campaign, client):
    teacher = w["people"]["teacher1"]
    response = _identify(client, teacher, birth_date=(teacher.birth_date + DAY).isoformat())
    assert response.status_code == 400
    assert "tidak cocok dengan data kepegawaian" in response.content.decode()
    assert views.SESSION_IDENTITY not in client.session


def test_english_message(w, campaign, client):
    teacher = w["people"]["teacher1"]
    client.cookies["netra_language"] = "en"
    response = _identify(client, teacher, birth_date="2000-01-01")
    assert response.status_code == 400
    assert "do not match the registered personnel records" in response.content.decode()


def test_bad_shape_is_a_form_error(client):
    response = client.post(reverse("prevention:pledge-start"), {"number": "abc"})
    assert response.status_code == 400
    assert "18 angka" in response.content.decode()


def test_identity_check_is_rate_limited_per_ip(w, campaign, client, settings):
    settings.PREVENTION_IDENTIFY_FAILURES_PER_IP = "3/h"
    teacher = w["people"]["teacher1"]
    for day in range(1, 4):
        wrong = (teacher.birth_date + day * DAY).isoformat()
        assert _identify(client, teacher, birth_date=wrong).status_code == 400
    # Now even the right answer is refused from this address...
    assert _identify(client, teacher).status_code == 429
    # ...but not from another one.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert _identify(other, teacher).status_code == 302


def test_no_open_campaign_gives_a_clear_message(w, client):
    campaign_for(w, start=-30, end=-1)
    _identify(client, w["people"]["teacher1"])
    response = client.get(reverse("prevention:pledge-choose"))
    assert response.status_code == 200
    assert "Belum ada kampanye ikrar" in response.content.decode()


def test_several_open_campaigns_to_choose_from(w, campaign, client):
    second = campaign_for(w, title="Ikrar kedua")
    _identify(client, w["people"]["nurse1"])
    response = client.get(reverse("prevention:pledge-choose"))
    body = response.content.decode()
    assert response.status_code == 200
    assert campaign.title in body and second.title in body


def test_other_agency_campaign_is_404(w, campaign, client):
    _identify(client, w["people"]["saro1"])
    url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    assert client.get(url).status_code == 404
    assert client.post(url, {"agree": "on"}).status_code == 404
    assert not Pledge.objects.exists()


def test_pages_need_the_session_identity(w, campaign, client):
    url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    assert client.get(url).status_code == 403
    assert client.post(url, {"agree": "on"}).status_code == 403
    assert not Pledge.objects.exists()


def test_identity_expires_after_15_minutes(w, campaign, client):
    _identify(client, w["people"]["teacher1"])
    session = client.session
    session[views.SESSION_IDENTITY]["at"] = time.time() - views.IDENTITY_SECONDS - 1
    session.save()
    url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    assert client.post(url, {"agree": "on"}).status_code == 403
    assert not Pledge.objects.exists()


def test_done_page_and_certificate_only_for_this_browser(w, campaign, client):
    _identify(client, w["people"]["teacher1"])
    _prove(client, campaign, w["people"]["teacher1"])
    client.post(
        reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id}),
        {"agree": "on"},
    )
    pledge = Pledge.objects.get()
    stranger = Client()
    assert (
        stranger.get(reverse("prevention:pledge-done", args=[pledge.public_id])).status_code == 404
    )
    certificate = reverse("prevention:pledge-certificate", args=[pledge.public_id])
    assert stranger.get(certificate).status_code == 404


def test_contract_staff_pledge_with_nik(w, campaign, client):
    contract = w["people"]["teacher4"]
    assert _identify(client, contract).status_code == 302
    _prove(client, campaign, contract)
    client.post(
        reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id}),
        {"agree": "on"},
    )
    assert Pledge.objects.get().person == contract


# --- workspace -------------------------------------------------------------------------------


def test_campaign_list_is_scoped(w, campaign, staff_client):
    other = campaign_for(w, actor=w["other_hr"], agency=w["other_agency"], title="Ikrar Sarolangun")
    page = staff_client(w["hr"]).get(reverse("prevention:campaign-list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert campaign.title in body and other.title not in body
    assert page["Cache-Control"] == "no-store"
    national = staff_client(w["task_force"]).get(reverse("prevention:campaign-list")).content
    assert campaign.title.encode() in national and other.title.encode() in national


def test_campaign_list_needs_a_prevention_role(make_staff, staff_client, w):
    nobody = make_staff(role=None)
    assert staff_client(nobody).get(reverse("prevention:campaign-list")).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("prevention:campaign-list"))
    assert response.status_code == 302


def test_create_campaign_page(w, staff_client):
    client = staff_client(w["hr"])
    url = reverse("prevention:campaign-create")
    assert client.get(url).status_code == 200
    data = {
        "title": "Ikrar Pemilu Uji",
        "agency": str(w["agency"].public_id),
        "election": w["election"].slug,
        "template": str(w["template"].pk),
        "starts_on": w["today"].isoformat(),
        "ends_on": (w["today"] + 20 * DAY).isoformat(),
    }
    bad = client.post(url, {**data, "ends_on": (w["today"] - DAY).isoformat()})
    assert bad.status_code == 400
    assert "tidak boleh sebelum" in bad.content.decode()
    assert not PledgeCampaign.objects.exists()
    response = client.post(url, data)
    campaign = PledgeCampaign.objects.get()
    assert response["Location"] == reverse("prevention:campaign-detail", args=[campaign.public_id])


def test_create_for_another_agency_is_refused(w, staff_client):
    client = staff_client(w["hr"])
    response = client.post(
        reverse("prevention:campaign-create"),
        {
            "title": "Ikrar",
            "agency": str(w["other_agency"].public_id),
            "election": w["election"].slug,
            "template": str(w["template"].pk),
            "starts_on": w["today"].isoformat(),
            "ends_on": w["today"].isoformat(),
        },
    )
    assert response.status_code == 400
    assert not PledgeCampaign.objects.exists()


def test_viewers_cannot_create(w, staff_client):
    assert staff_client(w["bawaslu"]).get(reverse("prevention:campaign-create")).status_code == 403


def test_detail_out_of_scope_is_404(w, campaign, staff_client):
    url = reverse("prevention:campaign-detail", args=[campaign.public_id])
    assert staff_client(w["other_hr"]).get(url).status_code == 404
    page = staff_client(w["bawaslu"]).get(url)
    assert page.status_code == 200
    assert "Catat ikrar bersama" not in page.content.decode()


def test_collective_pledge_page(w, campaign, staff_client):
    apel = Activity.objects.create(
        kind=ActivityKind.APEL,
        title="Apel ikrar Dinas Pendidikan",
        agency=w["agency"],
        region=w["agency"].region,
        election=w["election"],
        held_on=w["today"],
    )
    for key in ("teacher1", "teacher2", "teacher3"):
        Attendance.objects.create(
            activity=apel, person=w["people"][key], source=AttendanceSource.IMPORT
        )
    client = staff_client(w["hr"])
    detail = reverse("prevention:campaign-detail", args=[campaign.public_id])
    assert apel.title in client.get(detail).content.decode()
    url = reverse("prevention:campaign-collective", args=[campaign.public_id])
    response = client.post(url, {"activity": str(apel.public_id)})
    assert response["Location"] == detail
    assert Pledge.objects.filter(method=PledgeMethod.COLLECTIVE).count() == 3
    page = client.get(detail).content.decode()
    assert 'data-count="collective">3<' in page
    assert w["people"]["teacher2"].name in page
    # Another agency's HR and a viewer cannot record it.
    assert (
        staff_client(w["other_hr"]).post(url, {"activity": str(apel.public_id)}).status_code == 404
    )
    assert (
        staff_client(w["bawaslu"]).post(url, {"activity": str(apel.public_id)}).status_code == 403
    )


def test_collective_pledge_of_chosen_attendees(w, campaign, staff_client):
    from netra.prevention.tests.fixtures import pledge_with_proof

    apel = Activity.objects.create(
        kind=ActivityKind.APEL,
        title="Apel ikrar Puskesmas",
        agency=w["agency"],
        region=w["agency"].region,
        election=w["election"],
        held_on=w["today"],
    )
    p = w["people"]
    for key in ("nurse1", "nurse2", "nurse3", "saro1"):  # saro1 is of another agency
        Attendance.objects.create(activity=apel, person=p[key], source=AttendanceSource.IMPORT)
    pledge_with_proof(campaign=campaign, person=p["nurse3"], identity_check="birth_date")
    client = staff_client(w["hr"])
    detail = reverse("prevention:campaign-detail", args=[campaign.public_id])
    url = reverse("prevention:campaign-collective-choose", args=[campaign.public_id])
    choose = f"{url}?activity={apel.public_id}"
    assert choose in client.get(detail).content.decode()
    page = client.get(choose).content.decode()
    # The agency's attendees only; who already pledged is shown but cannot be ticked
    assert p["saro1"].name not in page
    assert page.count('name="people"') == 2 and page.count(" checked") == 2
    assert p["nurse3"].name in page and "sudah berikrar" in page
    # Nothing ticked: a message, nothing stored
    empty = client.post(choose, {})
    assert empty.status_code == 400 and "Pilih sedikitnya satu peserta" in empty.content.decode()
    # Someone who is not a choice (already pledged, or of another agency): refused
    for key in ("nurse3", "saro1"):
        refused = client.post(choose, {"people": [str(p[key].public_id)]})
        assert refused.status_code == 400
    assert Pledge.objects.filter(method=PledgeMethod.COLLECTIVE).count() == 0
    response = client.post(choose, {"people": [str(p["nurse1"].public_id)]})
    assert response.status_code == 302 and response["Location"] == detail
    collective = Pledge.objects.filter(method=PledgeMethod.COLLECTIVE)
    assert [pledge.person for pledge in collective] == [p["nurse1"]]
    assert collective.get().activity == apel
    # Bad or foreign apel: 400 on the campaign page; other agency's HR 404; viewers 403
    assert client.get(f"{url}?activity=not-a-uuid").status_code == 400
    assert staff_client(w["other_hr"]).get(choose).status_code == 404
    assert staff_client(w["bawaslu"]).get(choose).status_code == 403


def test_campaign_template_change_page(w, campaign, staff_client):
    from netra.prevention.models import PledgeTemplate
    from netra.prevention.tests.fixtures import pledge_with_proof

    made = pledge_with_proof(
        campaign=campaign, person=w["people"]["teacher1"], identity_check="birth_date"
    ).pledge
    newer = PledgeTemplate.objects.create(
        code=w["template"].code,
        version=w["template"].version + 1,
        title_id="Ikrar Netralitas ASN (versi baru)",
        points=[{"id": "Menjaga netralitas.", "en": ""}],
        source="test",
        valid_from=w["today"],
    )
    client = staff_client(w["hr"])
    detail = reverse("prevention:campaign-detail", args=[campaign.public_id])
    url = reverse("prevention:campaign-template", args=[campaign.public_id])
    page = client.get(detail).content.decode()
    assert url in page and "versi baru" in page
    # Sarolangun's regional text does not fit a Bogor campaign: not offered, refused if forced
    assert w["regional_template"].title_id not in page
    refused = client.post(url, {"template": w["regional_template"].pk})
    assert refused.status_code == 400
    assert client.post(url, {"template": "x"}).status_code == 400
    campaign.refresh_from_db()
    assert campaign.template == w["template"]
    # Viewers may not, another agency's HR does not see it
    assert staff_client(w["bawaslu"]).post(url, {"template": newer.pk}).status_code == 403
    assert staff_client(w["other_hr"]).post(url, {"template": newer.pk}).status_code == 404
    response = client.post(url, {"template": newer.pk})
    assert response.status_code == 302 and response["Location"] == detail
    campaign.refresh_from_db()
    made.refresh_from_db()
    assert campaign.template == newer and made.template == w["template"]
    assert "Menjaga netralitas." in client.get(detail).content.decode()


def test_detail_links_to_the_agency_coverage(w, campaign, staff_client):
    page = staff_client(w["hr"]).get(
        reverse("prevention:campaign-detail", args=[campaign.public_id])
    )
    assert views.coverage_url(w["agency"]) in page.content.decode()
    assert "/pencegahan/cakupan/" in views.coverage_url(w["agency"])


# --- the second factor (issue 13 §3) ----------------------------------------------------------


def _code_url(campaign):
    return reverse("prevention:pledge-code", kwargs={"campaign_id": campaign.public_id})


def test_no_pledge_without_the_second_factor(w, campaign, client):
    teacher = w["people"]["teacher1"]
    _identify(client, teacher)
    read_url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    refused = client.post(read_url, {"agree": "on"})
    assert refused.status_code == 302 and refused["Location"] == _code_url(campaign)
    assert not Pledge.objects.exists()
    page = client.get(_code_url(campaign))
    assert page.status_code == 200
    body = page.content.decode()
    assert "kode ikrar pribadi" in body and 'id="help-contact"' in body


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("", 400, "Isi kode yang Anda terima."),
        ("ABC-DEF-GHK", 400, "Kode tidak cocok."),
        ("x" * 30, 400, "paling banyak"),
    ],
)
def test_bad_codes_are_refused_with_a_message(w, campaign, client, code, status, message):
    teacher = w["people"]["teacher1"]
    _identify(client, teacher)
    proof_for(campaign, teacher, "123456")
    response = client.post(_code_url(campaign), {"action": "verify", "code": code})
    assert response.status_code == status
    assert message in response.content.decode()
    assert "proof" not in client.session[views.SESSION_IDENTITY]
    assert not Pledge.objects.exists()


def test_without_a_code_the_page_says_whom_to_contact(w, client):
    from netra.prevention.services.pledges import campaign_second_factor_set

    campaign = campaign_for(w)  # one-time codes to the registry contact
    campaign_second_factor_set(
        actor=w["hr"],
        campaign=campaign,
        second_factor="contact_code",
        help_contact="BKPSDM Kabupaten Bogor, 0251-123456",
    )
    _identify(client, w["people"]["teacher1"])  # no e-mail or phone in the registry
    response = client.get(_code_url(campaign))
    assert response.status_code == 409
    assert "BKPSDM Kabupaten Bogor, 0251-123456" in response.content.decode()
    assert client.post(_code_url(campaign), {"action": "send"}).status_code == 409


def test_code_sent_to_the_masked_contact(w, client, mailoutbox):
    from netra.registry.contacts import Contact, seal

    campaign = campaign_for(w)
    teacher = w["people"]["teacher1"]
    teacher.contact_sealed, teacher.contact_digest = seal(
        Contact(email="rina.wati@example.go.id", phone="081234567123")
    )
    teacher.save(update_fields=["contact_sealed", "contact_digest"])
    _identify(client, teacher)
    page = client.get(_code_url(campaign)).content.decode()
    assert "r***@example.go.id" in page and "08*******123" in page
    assert "rina.wati" not in page and "081234567123" not in page
    bad = client.post(_code_url(campaign), {"action": "send", "channel": "fax"})
    assert bad.status_code == 409 and not mailoutbox
    sent = client.post(_code_url(campaign), {"action": "send", "channel": "email"})
    assert sent.status_code == 200 and 'id="code-sent"' in sent.content.decode()
    again = client.post(_code_url(campaign), {"action": "send", "channel": "email"})
    assert again.status_code == 429
    import re

    code = re.search(r"\b(\d{6})\b", mailoutbox[0].body).group(1)
    proved = client.post(_code_url(campaign), {"action": "verify", "code": code})
    read_url = reverse("prevention:pledge-read", kwargs={"campaign_id": campaign.public_id})
    assert proved["Location"] == read_url
    client.post(read_url, {"agree": "on"})
    assert Pledge.objects.get().identity_check == "contact_code"


def test_failed_identification_says_whom_to_contact(w, campaign, client):
    teacher = w["people"]["teacher1"]
    response = _identify(client, teacher, birth_date="1970-01-01")
    assert response.status_code == 400
    assert 'id="identify-help"' in response.content.decode()


def test_hr_sets_the_second_factor_and_prints_codes(w, staff_client):
    from netra.audit.models import AuditEvent
    from netra.prevention.models import PledgeCode

    campaign = campaign_for(w)
    client = staff_client(w["hr"])
    url = reverse("prevention:campaign-second-factor", args=[campaign.public_id])
    bad = client.post(url, {"second_factor": "fax", "help_contact": ""})
    assert bad.status_code == 400
    campaign.refresh_from_db()
    assert campaign.second_factor == "contact_code"
    done = client.post(url, {"second_factor": "hr_code", "help_contact": "BKPSDM, 0251-123"})
    assert done.status_code == 302
    campaign.refresh_from_db()
    assert campaign.second_factor == "hr_code" and campaign.help_contact == "BKPSDM, 0251-123"
    detail = client.get(reverse("prevention:campaign-detail", args=[campaign.public_id]))
    assert 'id="codes-form"' in detail.content.decode()
    printed = client.post(reverse("prevention:campaign-codes-issue", args=[campaign.public_id]))
    assert printed.status_code == 200 and printed["Cache-Control"] == "no-store"
    body = printed.content.decode()
    teacher = w["people"]["teacher1"]
    import re

    code = re.search(rf'data-person="{teacher.public_id}">([^<]+)<', body).group(1)
    assert "data:image/svg+xml" in body and "BKPSDM, 0251-123" in body
    assert PledgeCode.objects.filter(person=teacher, revoked_at=None).count() == 1
    assert AuditEvent.objects.filter(action="prevention.pledge_codes_issued").exists()
    # The printed code works on the phone.
    phone = Client()
    _identify(phone, teacher)
    proved = phone.post(
        reverse("prevention:pledge-code", args=[campaign.public_id]),
        {"action": "verify", "code": code},
    )
    assert proved.status_code == 302


def test_other_agency_hr_cannot_issue_codes(w, staff_client):
    campaign = campaign_for(w, second_factor="hr_code")
    client = staff_client(w["other_hr"])
    url = reverse("prevention:campaign-codes-issue", args=[campaign.public_id])
    assert client.post(url).status_code in (403, 404)
    from netra.prevention.models import PledgeCode

    assert not PledgeCode.objects.exists()

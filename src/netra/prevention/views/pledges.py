"""Pledge pages: thin views over `services.pledges` (writes) and `selectors` (reads).

Workspace (`base_workspace.html`, staff): /pencegahan/ikrar/ campaigns in scope, create, detail
with counts and the collective-pledge form. Out of scope is 404; a role that may not act gets 403.

Public, phone first (`base_public.html`, no account): /ikrar/ identify (NIP or NIK + birth date
or NIK) -> /ikrar/pilih/ choose among the agency's open campaigns -> /ikrar/<campaign>/kode/ the
campaign's second factor (issue 13 §3: a one-time code to the registry contact, or HR's
personal pledge code) -> /ikrar/<campaign>/baca/ read and confirm ->
/ikrar/selesai/<pledge>/ with the certificate download. The identified
person is kept only in the session, only after a successful check, and for at most
IDENTITY_SECONDS; it is cleared once the pledge is made (or shown). Failed checks are limited
per client IP so that birth dates cannot be walked.
"""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netra.documents.pdf import qr_data_uri
from netra.documents.services import DocumentIntegrityError, document_open
from netra.elections.models import Election
from netra.prevention import access, selectors
from netra.prevention.choices import SecondFactor
from netra.prevention.forms.pledges import (
    CampaignForm,
    CampaignTemplateForm,
    CodeForm,
    CollectiveChooseForm,
    CollectiveForm,
    ConfirmForm,
    IdentifyForm,
    SecondFactorForm,
)
from netra.prevention.models import Pledge, PledgeCampaign, PledgeCode
from netra.prevention.ratelimits import identify_blocked, identify_failed
from netra.prevention.services import pledge_codes as code_services
from netra.prevention.services import pledges as services
from netra.registry.choices import PersonStatus
from netra.registry.contacts import Contact, mask_email, mask_phone, person_contact
from netra.registry.models import Person
from netra.web.origin import cross_site_post
from netra.web.responses import apply_refusal, no_store, no_store_page, refusal_status

SESSION_IDENTITY = "prevention.pledge.identity"
SESSION_DONE = "prevention.pledge.done"
IDENTITY_SECONDS = 15 * 60


def coverage_url(agency=None) -> str:
    """The coverage page of `agency` (or all coverage), built by the coverage pages."""
    if agency is not None:
        try:
            return reverse("prevention:coverage-agency", kwargs={"agency_id": agency.public_id})
        except NoReverseMatch:
            pass
    try:
        return reverse("prevention:coverage")
    except NoReverseMatch:
        return "/pencegahan/cakupan/"


# --- the session: who was identified, which pledges this browser may show --------------------


def _identity(request) -> tuple[Person, str] | None:
    """The person identified in this session less than IDENTITY_SECONDS ago, still active."""
    data = request.session.get(SESSION_IDENTITY)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > IDENTITY_SECONDS:
        request.session.pop(SESSION_IDENTITY, None)
        return None
    person = (
        Person.objects.select_related("agency", "unit")
        .filter(public_id=data.get("person"), status=PersonStatus.ACTIVE)
        .first()
    )
    if person is None:
        request.session.pop(SESSION_IDENTITY, None)
        return None
    return person, data.get("check", "")


def _remember_done(request, pledge: Pledge, *, created: bool) -> None:
    now = time.time()
    done = {
        key: value
        for key, value in (request.session.get(SESSION_DONE) or {}).items()
        if now - float(value.get("at", 0)) <= IDENTITY_SECONDS
    }
    done[str(pledge.public_id)] = {"at": now, "new": created}
    request.session[SESSION_DONE] = done
    request.session.pop(SESSION_IDENTITY, None)


def _done_pledge(request, pledge_id) -> tuple[Pledge, bool]:
    """A pledge this session made or was shown less than IDENTITY_SECONDS ago; else 404."""
    entry = (request.session.get(SESSION_DONE) or {}).get(str(pledge_id))
    if not isinstance(entry, dict) or time.time() - float(entry.get("at", 0)) > IDENTITY_SECONDS:
        raise Http404
    pledge = (
        Pledge.objects.select_related(
            "person", "campaign", "campaign__agency", "campaign__election", "certificate"
        )
        .filter(public_id=pledge_id)
        .first()
    )
    if pledge is None:
        raise Http404
    return pledge, bool(entry.get("new"))


def _message(request, title: str, message: str, *, status=200, restart=True):
    context = {"title": title, "message": message, "restart": restart}
    return no_store_page(request, "prevention/pledges/public_message.html", context, status)


def _expired(request):
    return _message(
        request,
        _("Sesi ikrar berakhir"),
        _("Demi keamanan, identitas Anda hanya disimpan 15 menit. Silakan mulai lagi."),
        status=403,
    )


# --- public pages ----------------------------------------------------------------------------


@csrf_exempt  # no CSRF cookie on the first visit; a cross-site POST is refused below
@require_http_methods(["GET", "POST"])
def pledge_start(request):
    form = IdentifyForm()
    status = 200
    if request.method == "POST":
        if cross_site_post(request):
            raise PermissionDenied
        if identify_blocked(request):
            return _message(
                request,
                _("Terlalu banyak percobaan"),
                _("Terlalu banyak percobaan yang gagal dari jaringan Anda. Coba lagi nanti."),
                status=429,
                restart=False,
            )
        form = IdentifyForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                identity = services.pledge_identify(
                    number=data["number"], birth_date=data.get("birth_date"), nik=data.get("nik")
                )
            except services.PledgeError as exc:
                identify_failed(request)
                status = apply_refusal(form, exc)
            else:
                request.session.cycle_key()
                request.session[SESSION_IDENTITY] = {
                    "person": str(identity.person.public_id),
                    "check": identity.check,
                    "at": time.time(),
                }
                return redirect("prevention:pledge-choose")
    return no_store_page(request, "prevention/pledges/public_start.html", {"form": form}, status)


@require_GET
def pledge_choose(request):
    found = _identity(request)
    if found is None:
        return _expired(request)
    person, _check = found
    campaigns = list(selectors.campaigns_open_for_agency(person.agency))
    if not campaigns:
        return _message(
            request,
            _("Belum ada kampanye ikrar"),
            _(
                "Saat ini belum ada kampanye ikrar netralitas yang dibuka untuk %(agency)s. "
                "Tanyakan kepada bagian kepegawaian instansi Anda."
            )
            % {"agency": person.agency.name},
        )
    if len(campaigns) == 1:
        return redirect("prevention:pledge-read", campaign_id=campaigns[0].public_id)
    pledged = set(
        Pledge.objects.filter(person=person, campaign__in=campaigns).values_list(
            "campaign_id", flat=True
        )
    )
    rows = [(c, c.pk in pledged) for c in campaigns]
    context = {"person": person, "rows": rows}
    return no_store_page(request, "prevention/pledges/public_choose.html", context)


def _campaign_for(request, campaign_id):
    """(person, check, campaign, response): the response (done, closed) ends the request."""
    found = _identity(request)
    if found is None:
        return None, None, None, _expired(request)
    person, check = found
    campaign = (
        PledgeCampaign.objects.select_related("agency", "election", "template")
        .filter(public_id=campaign_id, agency=person.agency)
        .first()
    )
    if campaign is None:
        raise Http404
    existing = Pledge.objects.filter(campaign=campaign, person=person).first()
    if existing is not None:
        _remember_done(request, existing, created=False)
        return None, None, None, redirect("prevention:pledge-done", pledge_id=existing.public_id)
    if not campaign.is_open_on(timezone.localdate()):
        return (
            None,
            None,
            None,
            _message(
                request,
                _("Kampanye ikrar ditutup"),
                _("Kampanye ikrar ini tidak sedang dibuka."),
            ),
        )
    return person, check, campaign, None


def _proof(request, campaign, person) -> PledgeCode | None:
    """The code this session proved for `campaign` (still unused), if any."""
    data = request.session.get(SESSION_IDENTITY) or {}
    proof = data.get("proof") or {}
    if proof.get("campaign") != str(campaign.public_id):
        return None
    return PledgeCode.objects.filter(
        public_id=proof.get("code"),
        campaign=campaign,
        person=person,
        used_at=None,
        revoked_at=None,
    ).first()


def _code_page(request, campaign, person, *, form=None, sent_to="", send_error="", status=200):
    kind = campaign.second_factor
    contact = person_contact(person) if kind == SecondFactor.CONTACT_CODE else Contact()
    channels = []
    if contact.email:
        channels.append(("email", _("E-mail ke %(to)s") % {"to": mask_email(contact.email)}))
    if contact.phone:
        channels.append(("sms", _("SMS ke %(to)s") % {"to": mask_phone(contact.phone)}))
    context = {
        "campaign": campaign,
        "kind": kind,
        "channels": channels,
        "form": form or CodeForm(),
        "sent_to": sent_to,
        "send_error": send_error,
        "help_contact": services.help_contact(campaign),
    }
    return no_store_page(request, "prevention/pledges/public_code.html", context, status)


@require_http_methods(["GET", "POST"])
def pledge_code(request, campaign_id):
    """Step 2: the campaign's second factor. A one-time code sent to the e-mail or phone on the
    person's registry record, or the personal pledge code HR handed out. Without contact data
    (or without a card) the page says whom to contact."""
    person, _check, campaign, response = _campaign_for(request, campaign_id)
    if response is not None:
        return response
    kind = campaign.second_factor
    if kind == SecondFactor.CONTACT_CODE and not person_contact(person):
        return _message(
            request,
            _("Kode tidak dapat dikirim"),
            _(
                "Data kepegawaian Anda belum memuat e-mail atau nomor telepon, jadi kode ikrar "
                "tidak dapat dikirim. Hubungi %(contact)s agar data Anda dilengkapi."
            )
            % {"contact": services.help_contact(campaign)},
            status=409,
        )
    if request.method == "GET":
        return _code_page(request, campaign, person)
    if identify_blocked(request):
        return _message(
            request,
            _("Terlalu banyak percobaan"),
            _("Terlalu banyak percobaan yang gagal dari jaringan Anda. Coba lagi nanti."),
            status=429,
            restart=False,
        )
    if request.POST.get("action") == "send":
        channel = request.POST.get("channel", "")
        try:
            code_services.contact_code_send(campaign=campaign, person=person, channel=channel)
        except services.PledgeError as exc:
            return _code_page(
                request, campaign, person, send_error=exc.message, status=refusal_status(exc)
            )
        contact = person_contact(person)
        to = mask_email(contact.email) if channel == "email" else mask_phone(contact.phone)
        return _code_page(request, campaign, person, sent_to=to)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, campaign, person, form=form, status=400)
    try:
        record = code_services.pledge_code_check(
            campaign=campaign, person=person, code=form.cleaned_data["code"]
        )
    except services.PledgeError as exc:
        identify_failed(request)
        form.add_error("code", exc.message)
        return _code_page(request, campaign, person, form=form, status=refusal_status(exc))
    data = request.session.get(SESSION_IDENTITY)
    data["proof"] = {"campaign": str(campaign.public_id), "code": str(record.public_id)}
    request.session[SESSION_IDENTITY] = data
    return redirect("prevention:pledge-read", campaign_id=campaign.public_id)


@require_http_methods(["GET", "POST"])
def pledge_read(request, campaign_id):
    person, check, campaign, response = _campaign_for(request, campaign_id)
    if response is not None:
        return response
    proof = _proof(request, campaign, person)
    if proof is None:
        # No second factor yet: step 2 first (a POST without one stores nothing).
        return redirect("prevention:pledge-code", campaign_id=campaign.public_id)
    form = ConfirmForm()
    status = 200
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                outcome = services.pledge_individual(
                    campaign=campaign, person=person, identity_check=check, proof=proof
                )
            except services.PledgeError as exc:
                status = apply_refusal(form, exc)
            else:
                _remember_done(request, outcome.pledge, created=outcome.created)
                return redirect("prevention:pledge-done", pledge_id=outcome.pledge.public_id)
    context = {"campaign": campaign, "template": campaign.template, "person": person, "form": form}
    return no_store_page(request, "prevention/pledges/public_read.html", context, status)


@require_GET
def pledge_done(request, pledge_id):
    pledge, created = _done_pledge(request, pledge_id)
    context = {"pledge": pledge, "created": created, "document": pledge.certificate}
    return no_store_page(request, "prevention/pledges/public_done.html", context)


@require_GET
def pledge_certificate(request, pledge_id):
    pledge, _created = _done_pledge(request, pledge_id)
    return _certificate_response(pledge, actor=None)


def _certificate_response(pledge: Pledge, *, actor):
    """The pledge's certificate PDF as a download (re-hashed and audited by document_open)."""
    if pledge.certificate is None:
        raise Http404
    try:
        data = document_open(actor=actor, document=pledge.certificate)
    except DocumentIntegrityError:
        response = HttpResponse(
            _("Sertifikat tidak dapat dibuka saat ini. Hubungi bagian kepegawaian instansi Anda."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
        return no_store(response)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"sertifikat-ikrar-{pledge.certificate.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


# --- workspace pages -------------------------------------------------------------------------


def _require_staff(user) -> None:
    if not access.is_prevention_staff(user):
        raise PermissionDenied


def _campaign_or_404(request, campaign_id) -> PledgeCampaign:
    campaign = selectors.campaign_get_for(request.user, campaign_id)
    if campaign is None:
        raise Http404
    return campaign


@login_required
@require_GET
def campaign_list(request):
    _require_staff(request.user)
    campaigns = selectors.campaigns_with_counts(selectors.campaigns_for(request.user))
    context = {
        "campaigns": campaigns,
        "may_create": selectors.agencies_managed_by(request.user).exists(),
        "today": timezone.localdate(),
    }
    return no_store_page(request, "prevention/pledges/campaign_list.html", context)


def _campaign_form(user, data=None):
    return CampaignForm(
        data,
        agencies=selectors.agencies_managed_by(user).order_by("name"),
        elections=Election.objects.order_by("-vote_date"),
        templates=selectors.pledge_template_list(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    if not selectors.agencies_managed_by(request.user).exists():
        raise PermissionDenied
    form = _campaign_form(request.user)
    status = 200
    if request.method == "POST":
        form = _campaign_form(request.user, request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = services.campaign_create(
                    actor=request.user,
                    agency=data["agency"],
                    election=data["election"],
                    template=data["template"],
                    title=data["title"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except services.PledgeError as exc:
                status = apply_refusal(form, exc)
            else:
                messages.success(request, _("Kampanye ikrar dibuat."))
                return redirect("prevention:campaign-detail", campaign_id=campaign.public_id)
    return no_store_page(request, "prevention/pledges/campaign_form.html", {"form": form}, status)


def _collective_form(request, campaign, data=None):
    activities = selectors.activities_for(request.user).filter(
        agency=campaign.agency, election=campaign.election
    )
    return CollectiveForm(data, activities=activities)


def _template_form(campaign, data=None):
    fitting = [
        t.pk
        for t in selectors.pledge_template_list()
        if services.template_fits(t, campaign.agency, campaign.election)
    ]
    templates = selectors.pledge_template_list().filter(pk__in=fitting)
    return CampaignTemplateForm(data, templates=templates, initial={"template": campaign.template})


def _factor_form(campaign, data=None):
    initial = {"second_factor": campaign.second_factor, "help_contact": campaign.help_contact}
    return SecondFactorForm(data, initial=initial)


def _detail(request, campaign, *, form=None, template_form=None, factor_form=None, status=200):
    counted = selectors.campaigns_with_counts(PledgeCampaign.objects.filter(pk=campaign.pk)).values(
        "n_individual", "n_collective", "n_total"
    )[0]
    may_manage = access.may_manage(request.user, campaign.agency)
    may_view = access.may_view(request.user, campaign.agency)
    context = {
        "campaign": campaign,
        "template": campaign.template,
        "counts": counted,
        "open_now": campaign.is_open_on(timezone.localdate()),
        "coverage_url": coverage_url(campaign.agency),
        "pledges": selectors.campaign_pledges(campaign)[:200] if may_view else None,
        "form": (form or _collective_form(request, campaign)) if may_manage else None,
        "template_form": (template_form or _template_form(campaign)) if may_manage else None,
        "factor_form": (factor_form or _factor_form(campaign)) if may_manage else None,
        "help_contact": services.help_contact(campaign),
        "public_url": request.build_absolute_uri(reverse("prevention:pledge-start")),
    }
    return no_store_page(request, "prevention/pledges/campaign_detail.html", context, status)


@login_required
@require_GET
def campaign_detail(request, campaign_id):
    return _detail(request, _campaign_or_404(request, campaign_id))


@login_required
@require_POST
def campaign_collective(request, campaign_id):
    campaign = _campaign_or_404(request, campaign_id)
    if not access.may_manage(request.user, campaign.agency):
        raise PermissionDenied
    form = _collective_form(request, campaign, request.POST)
    if not form.is_valid():
        return _detail(request, campaign, form=form, status=400)
    try:
        outcome = services.pledge_collective(
            actor=request.user, campaign=campaign, activity=form.cleaned_data["activity"]
        )
    except services.PledgeError as exc:
        status = apply_refusal(form, exc)
        return _detail(request, campaign, form=form, status=status)
    messages.success(
        request,
        _(
            "%(created)s peserta dicatat telah berikrar bersama; "
            "%(already)s sudah berikrar sebelumnya."
        )
        % {"created": outcome.created_count, "already": outcome.already},
    )
    return redirect("prevention:campaign-detail", campaign_id=campaign.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_collective_choose(request, campaign_id):
    """Choose which attendees of an apel read the pledge together (the default: all who have
    not pledged yet); the apel comes from `?activity=` like the detail page's form."""
    campaign = _campaign_or_404(request, campaign_id)
    if not access.may_manage(request.user, campaign.agency):
        raise PermissionDenied
    picker = _collective_form(request, campaign, request.GET)
    if not picker.is_valid():
        return _detail(request, campaign, form=picker, status=400)
    activity = picker.cleaned_data["activity"]
    attendees = selectors.collective_attendees(campaign, activity)
    form = CollectiveChooseForm(
        request.POST if request.method == "POST" else None, attendees=attendees
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = services.pledge_collective(
                    actor=request.user,
                    campaign=campaign,
                    activity=activity,
                    people=form.cleaned_data["people"],
                )
            except services.PledgeError as exc:
                status = apply_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("%(created)s peserta dicatat telah berikrar bersama.")
                    % {"created": outcome.created_count},
                )
                return redirect("prevention:campaign-detail", campaign_id=campaign.public_id)
    # Everyone not yet pledged is ticked at first; after a refused POST, what was ticked.
    ticked = set(request.POST.getlist("people")) if request.method == "POST" else None
    rows = [
        (person, pledged, not pledged and (ticked is None or str(person.public_id) in ticked))
        for person, pledged in attendees
    ]
    context = {"campaign": campaign, "activity": activity, "rows": rows, "form": form}
    return no_store_page(request, "prevention/pledges/collective_choose.html", context, status)


@login_required
@require_POST
def campaign_template(request, campaign_id):
    """Point the campaign at another version of the pledge text; pledges already made keep
    the version they read."""
    campaign = _campaign_or_404(request, campaign_id)
    if not access.may_manage(request.user, campaign.agency):
        raise PermissionDenied
    form = _template_form(campaign, request.POST)
    if not form.is_valid():
        return _detail(request, campaign, template_form=form, status=400)
    try:
        services.campaign_template_set(
            actor=request.user, campaign=campaign, template=form.cleaned_data["template"]
        )
    except services.PledgeError as exc:
        status = apply_refusal(form, exc)
        return _detail(request, campaign, template_form=form, status=status)
    messages.success(request, _("Templat ikrar kampanye ini sudah diganti."))
    return redirect("prevention:campaign-detail", campaign_id=campaign.public_id)


@login_required
@require_GET
def campaign_pledge_certificate(request, campaign_id, pledge_id):
    """HR (and viewers who may see names) download a pledge's certificate again, e.g. to print
    it for someone; the read is audited under the staff member's name."""
    campaign = _campaign_or_404(request, campaign_id)
    if not access.may_view(request.user, campaign.agency):
        raise Http404
    pledge = selectors.campaign_pledges(campaign).filter(public_id=pledge_id).first()
    if pledge is None:
        raise Http404
    return _certificate_response(pledge, actor=request.user)


@login_required
@require_POST
def campaign_second_factor(request, campaign_id):
    """The agency chooses the second factor of phone pledges and names its HR contact."""
    campaign = _campaign_or_404(request, campaign_id)
    if not access.may_manage(request.user, campaign.agency):
        raise PermissionDenied
    form = _factor_form(campaign, request.POST)
    if not form.is_valid():
        return _detail(request, campaign, factor_form=form, status=400)
    try:
        services.campaign_second_factor_set(
            actor=request.user,
            campaign=campaign,
            second_factor=form.cleaned_data["second_factor"],
            help_contact=form.cleaned_data["help_contact"],
        )
    except services.PledgeError as exc:
        status = apply_refusal(form, exc)
        return _detail(request, campaign, factor_form=form, status=status)
    messages.success(request, _("Bukti kedua kampanye ini sudah disimpan."))
    return redirect("prevention:campaign-detail", campaign_id=campaign.public_id)


@login_required
@require_POST
def campaign_codes_issue(request, campaign_id):
    """HR issues personal pledge codes to everyone who has not pledged yet and prints them now:
    the page is the only place the codes are shown (one card per person, with the QR of the
    phone pledge page). Issuing again revokes the earlier codes."""
    campaign = _campaign_or_404(request, campaign_id)
    if not access.may_manage(request.user, campaign.agency):
        raise PermissionDenied
    try:
        issued = code_services.hr_codes_issue(actor=request.user, campaign=campaign)
    except services.PledgeError as exc:
        messages.error(request, exc.message)
        return redirect("prevention:campaign-detail", campaign_id=campaign.public_id)
    public_url = request.build_absolute_uri(reverse("prevention:pledge-start"))
    context = {
        "campaign": campaign,
        "issued": issued,
        "public_url": public_url,
        "qr": qr_data_uri(public_url),
        "help_contact": services.help_contact(campaign),
    }
    return no_store_page(request, "prevention/pledges/codes_print.html", context)

"""How the audit trail reads the prevention app's events (discovered by `netra.audit.apps`).

Activities, pledge campaigns and integrity pacts are readable by whoever sees them
(`selectors.activities_for`, `campaigns_for`, `pacts_for`: their region and agency); an
activity's materials, attendance imports and check-ins go with the activity, a pledge (and its
certificate) with its campaign, a coverage reminder with its agency.
"""

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat

from netra.audit.describe import choices_labeller, register_values
from netra.audit.scoping import UUIDText, register_names, register_scope, uuids
from netra.documents.models import IssuedDocument
from netra.prevention.choices import ActivityKind, IdentityCheck, ImportOutcome, PledgeMethod
from netra.prevention.models import (
    Activity,
    ActivityMaterial,
    Attendance,
    AttendanceImport,
    CoverageReminder,
    IntegrityPact,
    Pledge,
    PledgeCampaign,
)


def _selectors():
    from netra.prevention import selectors

    return selectors


def _activities(user):
    return _selectors().activities_for(user)


def _pledges(user):
    return Pledge.objects.filter(campaign__in=_selectors().campaigns_for(user))


def _certificates(user):
    refs = (
        _pledges(user)
        .order_by()
        .annotate(
            _ref=Concat(
                Value("prevention.pledge:"), UUIDText(F("public_id")), output_field=CharField()
            )
        )
        .values("_ref")
    )
    return IssuedDocument.objects.filter(subject_ref__in=refs)


register_scope(Activity, _activities)
register_scope(
    ActivityMaterial, lambda u: ActivityMaterial.objects.filter(activity__in=_activities(u))
)
register_scope(
    AttendanceImport, lambda u: AttendanceImport.objects.filter(activity__in=_activities(u))
)
register_scope(Attendance, lambda u: Attendance.objects.filter(activity__in=_activities(u)))
register_scope(PledgeCampaign, lambda u: _selectors().campaigns_for(u))
register_scope(Pledge, _pledges)
register_scope(IssuedDocument, _certificates)
register_scope(IntegrityPact, lambda u: _selectors().pacts_for(u))
register_scope(
    CoverageReminder,
    lambda u: CoverageReminder.objects.filter(agency__in=_selectors().agencies_viewable_by(u)),
)


def _titles(model):
    def names_for(ids) -> dict[str, str]:
        rows = model.objects.filter(public_id__in=uuids(ids)).values_list("public_id", "title")
        return {str(pid): title for pid, title in rows}

    return names_for


register_names(Activity, _titles(Activity))
register_names(PledgeCampaign, _titles(PledgeCampaign))

register_values("kind", choices_labeller(ActivityKind), actions=("prevention.activity_created",))
register_values("method", choices_labeller(PledgeMethod))
register_values("identity_check", choices_labeller(IdentityCheck))
register_values(
    "outcome", choices_labeller(ImportOutcome), actions=("prevention.attendance_imported",)
)

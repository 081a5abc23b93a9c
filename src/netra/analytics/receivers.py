"""Keep the rollups current: any save or delete that can change a case, report or prevention
record marks it; `services.flush` refreshes the marked objects after the commit.

Connected in `AnalyticsConfig.ready`; the other apps never import analytics (DESIGN.md §1).
Registry people: a single save marks the person (`people.py` expands it to the person's cases
and pledges and the headcount of the agencies concerned); an import sends `people_imported`
once, handled set-based in a task. Other changes that bypass signals (queryset.update,
bulk_create without a parent save) are caught by the periodic reconcile (`tasks.reconcile`).
"""

from django.db.models.signals import post_delete, post_save, pre_save

from netra.analytics import people, services
from netra.analytics.choices import PreventionKind as K
from netra.registry.signals import people_imported


def _case(sender, instance, **kwargs):
    ids = [instance.pk]
    merged_into = getattr(instance, "merged_into_id", None)
    if merged_into:
        ids.append(merged_into)
    services.mark("case", ids)


def _by_case(sender, instance, **kwargs):
    services.mark("case", [instance.case_id])


def _report(sender, instance, **kwargs):
    services.mark("report", [instance.pk])


def _activity(sender, instance, **kwargs):
    services.mark(K.ACTIVITY, [instance.pk])
    services.mark(K.ATTENDANCE, [instance.pk])


def _attendance(sender, instance, **kwargs):
    services.mark(K.ATTENDANCE, [instance.activity_id])


def _pledge(sender, instance, **kwargs):
    services.mark(K.PLEDGE, [instance.pk])


def _pact(sender, instance, **kwargs):
    services.mark(K.PACT, [instance.pk])


def _person_before(sender, instance, raw=False, **kwargs):
    # The agency the person leaves (its headcount drops): read once per single save; imports
    # write in bulk and send no signal per person.
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("agency_id", flat=True).first()
    if before != instance.agency_id:
        services.mark(people.AGENCY, [before or 0])


def _person(sender, instance, **kwargs):
    services.mark(people.PERSON, [instance.pk])
    if kwargs.get("signal") is post_delete:
        services.mark(people.AGENCY, [instance.agency_id or 0])


def _people_imported(sender, summary, since=None, **kwargs):
    # A whole import at once: one set-based refresh in the background, not one per person.
    from netra.analytics import tasks

    tasks.people_imported.delay(since.isoformat() if since else None)


def connect() -> None:
    from netra.cases.models import Case, CaseDeadline, CaseEvent
    from netra.intake.models import Report
    from netra.prevention.models import (
        Activity,
        Attendance,
        AttendanceImport,
        IntegrityPact,
        Pledge,
    )
    from netra.sanctions.models import DataBlock, Decision, Remedy

    pairs = [
        (Case, _case),
        (CaseEvent, _by_case),
        (CaseDeadline, _by_case),
        (Decision, _by_case),
        (Remedy, _by_case),
        (DataBlock, _by_case),
        (Report, _report),
        (Activity, _activity),
        (Attendance, _attendance),
        (AttendanceImport, _attendance),
        (Pledge, _pledge),
        (IntegrityPact, _pact),
    ]
    for model, receiver in pairs:
        uid = f"analytics.{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + ".delete")
    people_imported.connect(_people_imported, dispatch_uid="analytics.people_imported")
    from netra.registry.models import Person

    pre_save.connect(_person_before, sender=Person, dispatch_uid="analytics.person.before")
    post_save.connect(_person, sender=Person, dispatch_uid="analytics.person.save")
    post_delete.connect(_person, sender=Person, dispatch_uid="analytics.person.delete")

"""Which audit events a user may read, without the audit app knowing the flow apps.

An event names its object as ``object_type`` ("cases.case") and ``object_id`` (the object's
``public_id``, else its ``code``, else its primary key: `object_ref`, the one rule used both when
an event is written and when it is read). The audit app cannot import `cases`, `intake`,
`sanctions` or `prevention` (DESIGN.md §1), so those apps register, in a module named
``audit_scopes.py`` that `AuditConfig.ready` discovers:

- `register_scope(model, refs_for)`: ``refs_for(user)`` is a queryset of `model` holding the
  objects `user` may see, built from that app's own chokepoint selector (``case_list_for``,
  ``report_list_for`` ...). An event about an object of that type is readable exactly when its
  ``object_id`` is among those objects' references.
- `register_case_objects(model, of_case)`: ``of_case(case_numbers)`` is a queryset of `model`
  holding the objects that belong to the cases with those numbers (the case itself, its reports
  and their evidence, its decisions, objections and blocks, its letters). It drives the "case"
  filter of the trail and the case page's audit tab.

Several apps may register the same model (cases and prevention both say which issued documents
are theirs); their querysets are united. Events about types nobody registered (logins, account
and membership changes, reference data loads, registry edits) are readable only with a national
audit scope.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import CharField, F, Func, Q, QuerySet
from django.db.models.functions import Cast


def object_type_of(model) -> str:
    """ "app_label.model_name" of a model class or instance (a lazy `request.user` too)."""
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}"


def _ref_field(model: type[models.Model]) -> str:
    names = {field.name for field in model._meta.concrete_fields}
    if "public_id" in names:
        return "public_id"
    if "code" in names:
        return "code"
    return "pk"


def object_ref(instance: models.Model) -> tuple[str, str]:
    """(object_type, object_id) of a model instance, as the audit chain stores it."""
    public = getattr(instance, "public_id", None) or getattr(instance, "code", None) or instance.pk
    return object_type_of(instance), str(public)


class UUIDText(Func):
    """A UUID column as the canonical text ``str(uuid.UUID)`` gives (lower case, hyphens):
    PostgreSQL casts it; SQLite stores 32 hex digits, which are re-hyphenated."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(Cast(self.source_expressions[0], CharField()))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        parts = [(1, 8), (9, 4), (13, 4), (17, 4), (21, 12)]
        pieces = " || '-' || ".join(f"substr({sql}, {start}, {length})" for start, length in parts)
        return f"lower({pieces})", list(params) * len(parts)


def ref_values(queryset: QuerySet) -> QuerySet:
    """The audit references (``object_id`` text) of a queryset's rows, as a subquery."""
    field = _ref_field(queryset.model)
    if field == "public_id":
        expression = UUIDText(F("public_id"))
    elif field == "code":
        expression = F("code")
    else:
        expression = Cast(F("pk"), CharField())
    return queryset.order_by().annotate(_audit_ref=expression).values("_audit_ref")


@dataclass(frozen=True)
class _Hook:
    model: type[models.Model]
    select: Callable


_SCOPES: list[_Hook] = []
_CASE_OBJECTS: list[_Hook] = []


def _add(hooks: list[_Hook], model, select) -> None:
    if not any(h.model is model and h.select is select for h in hooks):
        hooks.append(_Hook(model, select))


def register_scope(model: type[models.Model], refs_for: Callable) -> None:
    """``refs_for(user) -> QuerySet[model]``: the objects of `model` that `user` may see."""
    _add(_SCOPES, model, refs_for)


def register_case_objects(model: type[models.Model], of_case: Callable) -> None:
    """``of_case(numbers) -> QuerySet[model]``: the objects of `model` belonging to the cases
    whose numbers are in `numbers`."""
    _add(_CASE_OBJECTS, model, of_case)


def _events_q(hooks: Iterable[_Hook], argument) -> Q:
    by_type: dict[str, list[QuerySet]] = {}
    for hook in hooks:
        by_type.setdefault(object_type_of(hook.model), []).append(hook.select(argument))
    condition = Q(pk__in=[])
    for object_type, querysets in by_type.items():
        refs = Q(pk__in=[])
        for queryset in querysets:
            refs |= Q(object_id__in=ref_values(queryset))
        condition |= Q(object_type=object_type) & refs
    return condition


def scoped_events_q(user) -> Q:
    """Events about objects `user` may see, by every registered type."""
    return _events_q(_SCOPES, user)


def case_events_q(numbers: Iterable[str]) -> Q:
    """Events about the objects of the cases with these numbers."""
    return _events_q(_CASE_OBJECTS, list(numbers))


def registered_types() -> set[str]:
    return {object_type_of(h.model) for h in _SCOPES}


# --- what an event is about, in words ---------------------------------------------------------

_NAMES: dict[str, Callable] = {}


def register_names(model: type[models.Model], names_for: Callable) -> None:
    """``names_for(object_ids) -> {object_id: "KSS-24-…"}`` for a page of events: the
    identifying text a reader knows (a case number, a tracking number, a title); the audit app
    words it ("Kasus KSS-24-…", `labels.OBJECT_KINDS`)."""
    _NAMES[object_type_of(model)] = names_for


def object_names(refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Names of the objects a page of events is about: one query per object type."""
    wanted: dict[str, set[str]] = {}
    for object_type, object_id in refs:
        if object_type in _NAMES and object_id:
            wanted.setdefault(object_type, set()).add(object_id)
    from netra.audit.labels import object_label

    names = {}
    for object_type, ids in wanted.items():
        for object_id, name in _NAMES[object_type](sorted(ids)).items():
            names[(object_type, str(object_id))] = object_label(object_type, str(name))
    return names


def uuids(ids: Iterable[str]) -> list:
    """The ids that are UUIDs (events about exports or reference loads carry other ids)."""
    import uuid

    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return valid

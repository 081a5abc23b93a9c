"""Undoing rules 0002 narrows `violationform.item` back to 16 characters: on PostgreSQL it
refuses with a message while longer items exist (the reference catalog has them), instead of
failing half-way with "value too long" (found by the T8 round trip)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.exceptions import IrreversibleError

from netra.rules.models import ViolationForm

pytestmark = pytest.mark.django_db

step = importlib.import_module("netra.rules.migrations.0002_catalog_second_pass")


def test_going_back_before_0002_refuses_items_that_would_not_fit(rules_loaded):
    longest = max(ViolationForm.objects.values_list("item", flat=True), key=len)
    assert len(longest) > step.OLD_ITEM_LENGTH  # the catalog really has such items
    editor = SimpleNamespace(connection=connection)
    if connection.vendor == "sqlite":
        step.refuse_long_items(apps, editor)  # nothing is cut on SQLite: no refusal
        return
    with pytest.raises(IrreversibleError, match="longer than 16 characters"):
        step.refuse_long_items(apps, editor)
    ViolationForm.objects.filter(item=longest).update(item=longest[:16])
    ViolationForm.objects.exclude(item__regex=r"^.{0,16}$").delete()
    step.refuse_long_items(apps, editor)  # fits now

"""Audited override services, the overrides data file and the calendar's database read."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from netra.audit.models import AuditEvent
from netra.regions.models import Region
from netra.workdays import calendar
from netra.workdays.models import HolidayOverride
from netra.workdays.selectors import override_rules
from netra.workdays.services import (
    holiday_override_add,
    holiday_override_remove,
    holiday_override_update,
    workdays_load_reference,
)

D = dt.date


def test_add_update_remove_are_audited(regions_sample):
    # when an override is added, changed and removed
    override = holiday_override_add(
        actor=None,
        date=D(2024, 3, 20),
        action="add",
        region=Region.objects.get(code="32"),
        name="Hari Jadi Jawa Barat (uji)",
        decree="Pergub uji 1/2024",
    )
    holiday_override_update(actor=None, override=override, name="Hari Jadi (uji)")
    holiday_override_remove(actor=None, override=override)

    # then each step left one audit event naming the override
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "object_id", "payload"))
    assert [e[0] for e in events[-3:]] == [
        "workdays.override_add",
        "workdays.override_update",
        "workdays.override_remove",
    ]
    assert {e[1] for e in events[-3:]} == {str(override.public_id)}
    assert events[-3][2]["region"] == "32"
    assert events[-2][2]["after"]["name"] == "Hari Jadi (uji)"
    assert not HolidayOverride.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [{"action": "maybe"}, {"name": ""}, {"decree": ""}],
)
def test_add_refuses_invalid_values(changes):
    values = {"date": D(2024, 3, 20), "action": "add", "name": "Libur", "decree": "Keppres 1/2024"}
    with pytest.raises(ValidationError):
        holiday_override_add(actor=None, **{**values, **changes})
    assert not HolidayOverride.objects.exists()
    assert not AuditEvent.objects.exists()


def test_one_override_per_date_and_region(regions_sample, holiday_override):
    holiday_override(D(2024, 3, 20))
    holiday_override(D(2024, 3, 20), region="32")
    with pytest.raises(ValidationError):
        holiday_override(D(2024, 3, 20))
    with pytest.raises(ValidationError):
        holiday_override(D(2024, 3, 20), action="remove", region="32")


def test_calendar_reads_overrides_for_the_region_and_its_ancestors(
    regions_sample, holiday_override, django_assert_num_queries
):
    holiday_override(D(2024, 3, 20), region="32")
    holiday_override(D(2024, 3, 21), region="35")
    holiday_override(D(2024, 4, 12), action="remove", name="Cuti bersama batal (uji)")

    assert {r.region_code for r in override_rules("32.01.01")} == {"32", None}
    with django_assert_num_queries(1):
        due = calendar.add_working_days(D(2024, 3, 19), 1, "3201")
    assert due == D(2024, 3, 21)
    assert calendar.add_working_days(D(2024, 3, 19), 1) == D(2024, 3, 20)
    assert calendar.add_working_days(D(2024, 3, 19), 1, "35") == D(2024, 3, 20)
    assert calendar.is_working_day(D(2024, 4, 12)) is True
    assert calendar.add_working_days(D(2024, 4, 5), 1) == D(2024, 4, 12)


@pytest.mark.django_db
def test_load_reference_is_idempotent_and_ships_the_election_days():
    first = workdays_load_reference()
    assert first == {"source": 3, "created": 3, "updated": 0, "unchanged": 0}
    events = AuditEvent.objects.count()

    again = workdays_load_reference()

    assert again == {"source": 3, "created": 0, "updated": 0, "unchanged": 3}
    assert AuditEvent.objects.count() == events
    pilkada_2020 = HolidayOverride.objects.get(date=D(2020, 12, 9), region=None)
    assert pilkada_2020.decree == "Keppres 22/2020"
    assert set(HolidayOverride.objects.values_list("decree", flat=True)) == {
        "Keppres 22/2020",
        "Keppres 10/2024",
        "Keppres 33/2024",
    }


@pytest.mark.django_db
def test_load_reference_updates_changed_rows_and_keeps_manual_ones(holiday_override):
    workdays_load_reference()
    HolidayOverride.objects.filter(date=D(2024, 2, 14)).update(name="Nama lama")
    manual = holiday_override(D(2024, 3, 20))

    result = workdays_load_reference()

    assert result["updated"] == 1
    assert HolidayOverride.objects.get(date=D(2024, 2, 14)).name.startswith("Hari Pemungutan")
    assert HolidayOverride.objects.filter(pk=manual.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '[[override]]\ndate = "2024-01-01"\naction = "add"\nname = "x"\ndecree = "y"\n',
        '[[override]]\ndate = 2024-01-01\naction = "close"\nname = "x"\ndecree = "y"\n',
        '[[override]]\ndate = 2024-01-01\naction = "add"\nname = "x"\n',
        '[[override]]\ndate = 2024-01-01\naction = "add"\nname = "x"\ndecree = "y"\n'
        'region = "99"\n',
        "not toml [",
    ],
)
def test_load_reference_refuses_bad_files_without_writing(tmp_path, body):
    path = tmp_path / "overrides.toml"
    path.write_text(body)
    with pytest.raises(ValueError):
        workdays_load_reference(path=path)
    assert not HolidayOverride.objects.exists()

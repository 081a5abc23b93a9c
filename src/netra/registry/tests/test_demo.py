"""Demo registry: deterministic, valid, audited as one import, idempotent."""

import pytest

from netra.audit.models import AuditEvent
from netra.registry.choices import EmployeeType, FunctionalGroup
from netra.registry.demo import DemoRegionsMissing, build_demo_registry
from netra.registry.models import Agency, Person
from netra.registry.nip import parse_asn_number

pytestmark = pytest.mark.django_db


def test_demo_registry(regions_sample):
    # When the demo is built on the sample regions
    result = build_demo_registry(seed=42, people=200)
    # Then every person was stored, with valid numbers and the expected spread
    assert result["import"]["created"] == 200 and result["import"]["rejected"] == 0
    assert Agency.objects.count() == 5
    people = list(Person.objects.all())
    asn = [p for p in people if p.employee_type != EmployeeType.NON_ASN]
    assert len(asn) == 200
    assert all(parse_asn_number(p.nip, p.employee_type).valid for p in asn)
    groups = [p.functional_group for p in people]
    assert groups.count(FunctionalGroup.TEACHER) > 50
    assert groups.count(FunctionalGroup.HEALTH) > 30
    assert any(p.employee_type == EmployeeType.PPPK for p in people)
    assert result["non_asn_created"] == 10
    assert all(p.nip is None for p in people if p.employee_type == EmployeeType.NON_ASN)
    assert any(p.name != p.name_plain for p in people)  # titles present
    assert {p.agency.region.code[:2] for p in people if p.agency.region} == {"15", "32"}
    assert AuditEvent.objects.filter(action="registry.import").count() == 1
    # Running it again with the same seed changes nothing
    again = build_demo_registry(seed=42, people=200)
    assert again["import"]["unchanged"] == 200 and again["non_asn_created"] == 0
    assert Person.objects.count() == 210


def test_demo_needs_regions(db):
    with pytest.raises(DemoRegionsMissing):
        build_demo_registry()

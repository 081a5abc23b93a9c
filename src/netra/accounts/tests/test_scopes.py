"""The selector chokepoint: who sees which regions and agencies."""

import pytest
from django.contrib.auth.models import AnonymousUser

from netra.accounts.choices import Role
from netra.accounts.models import Membership
from netra.accounts.scopes import scope_filter, user_scope
from netra.accounts.tests.helpers import agency, region
from netra.regions.models import Region
from netra.registry.models import Agency, WorkUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    """Two provinces; province 32 has regencies 32.01 and 32.02; 32.01 has a district."""
    r = {code: region(code) for code in ("32", "33", "32.01", "32.02", "32.01.05", "33.01")}
    a = {
        "bogor": agency("A-BOGOR", region_obj=r["32.01"]),
        "bekasi": agency("A-BEKASI", region_obj=r["32.02"]),
        "jateng": agency("A-JATENG", region_obj=r["33.01"]),
        "central": agency("A-PUSAT", kind="central"),
    }
    units = {
        "bogor_school": WorkUnit.objects.create(
            agency=a["bogor"], name="SD 1", name_key="sd 1", region=r["32.01.05"]
        ),
        "bekasi_clinic": WorkUnit.objects.create(
            agency=a["bekasi"], name="Puskesmas", name_key="puskesmas", region=r["32.02"]
        ),
        "central_office": WorkUnit.objects.create(
            agency=a["central"], name="Kantor Bogor", name_key="kantor bogor", region=r["32.01"]
        ),
    }
    return r, a, units


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def unit_names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_national_grant_sees_everything(make_staff, country):
    # Given a grant with neither region nor agency
    user = make_staff(role=Role.SATGAS_ANALYST)
    # Then every region and unit is in scope
    assert codes(scope_filter(Region.objects.all(), user, region_field="self")) == codes(
        Region.objects.all()
    )
    assert scope_filter(WorkUnit.objects.all(), user).count() == 3
    assert user_scope(user).is_national


def test_superuser_is_national_without_memberships(make_staff, country):
    user = make_staff(role=None, is_superuser=True)
    assert scope_filter(WorkUnit.objects.all(), user).count() == 3


def test_province_covers_its_regencies_and_districts_only(make_staff, country):
    # Given a Bawaslu officer of province 32
    user = make_staff(region="32")
    # When the regions are filtered
    visible = codes(scope_filter(Region.objects.all(), user, region_field="self"))
    # Then 32 and everything under it, nothing of 33
    assert visible == ["32", "32.01", "32.01.05", "32.02"]
    # and units located anywhere under 32
    assert unit_names(scope_filter(WorkUnit.objects.all(), user)) == [
        "Kantor Bogor",
        "Puskesmas",
        "SD 1",
    ]


def test_regency_does_not_see_the_neighbouring_regency(make_staff, country):
    user = make_staff(region="32.01")
    assert codes(scope_filter(Region.objects.all(), user, region_field="self")) == [
        "32.01",
        "32.01.05",
    ]
    assert unit_names(scope_filter(WorkUnit.objects.all(), user)) == ["Kantor Bogor", "SD 1"]


def test_prefix_is_per_segment_not_per_character(make_staff, country):
    # "32.0" must not match "32.01": the condition is code = X or code LIKE 'X.%'
    region("32.10")
    user = make_staff(region="32.01")
    assert "32.10" not in codes(scope_filter(Region.objects.all(), user, region_field="self"))


def test_agency_scope_covers_its_units_wherever_they_are(make_staff, country):
    _r, a, _u = country
    user = make_staff(role=Role.AGENCY_HR, agency=a["bogor"])
    assert unit_names(scope_filter(WorkUnit.objects.all(), user)) == ["SD 1"]
    # an Agency queryset is scoped by its own key
    agencies = scope_filter(Agency.objects.all(), user, region_field=None, agency_field="pk")
    assert list(agencies.values_list("code", flat=True)) == ["A-BOGOR"]


def test_region_and_agency_grant_needs_both(make_staff, country):
    # Given the central agency's HR officer limited to province 33
    r, a, _u = country
    user = make_staff(role=Role.AGENCY_HR, region="33", agency=a["central"])
    # Then the central agency's office in 32.01 is out of scope, and so is 33's own agency
    assert unit_names(scope_filter(WorkUnit.objects.all(), user)) == []
    WorkUnit.objects.create(
        agency=a["central"], name="Kantor Jateng", name_key="kj", region=r["33.01"]
    )
    assert unit_names(scope_filter(WorkUnit.objects.all(), user)) == ["Kantor Jateng"]


def test_grant_on_a_missing_dimension_selects_nothing(make_staff, country):
    # An agency-only grant on a model without an agency field sees nothing (not everything)
    _r, a, _u = country
    user = make_staff(role=Role.AGENCY_HR, agency=a["bogor"])
    assert (
        scope_filter(Region.objects.all(), user, region_field="self", agency_field=None).count()
        == 0
    )


def test_several_grants_are_a_union(make_staff, country):
    _r, a, _u = country
    user = make_staff(region="32.02")
    Membership.objects.create(user=user, role=Role.AGENCY_HR, agency=a["central"])
    assert unit_names(scope_filter(WorkUnit.objects.all(), user)) == ["Kantor Bogor", "Puskesmas"]


def test_role_filter_keeps_only_grants_of_those_roles(make_staff, country):
    user = make_staff(role=Role.AUDITOR)  # national auditor
    Membership.objects.create(user=user, role=Role.BAWASLU_OFFICER, region=country[0]["32.02"])
    officer_view = scope_filter(WorkUnit.objects.all(), user, roles=[Role.BAWASLU_OFFICER])
    assert unit_names(officer_view) == ["Puskesmas"]
    assert scope_filter(WorkUnit.objects.all(), user, roles=[Role.PPK_OFFICER]).count() == 0
    assert scope_filter(WorkUnit.objects.all(), user).count() == 3


def test_user_without_membership_sees_nothing(make_staff, country):
    user = make_staff(role=None)
    assert scope_filter(WorkUnit.objects.all(), user).count() == 0
    assert user_scope(user).is_empty


def test_inactive_user_sees_nothing_even_with_national_grant(make_staff, country):
    user = make_staff(role=Role.ADMIN, is_superuser=True)
    user.is_active = False
    assert scope_filter(WorkUnit.objects.all(), user).count() == 0


def test_anonymous_and_none_see_nothing(country):
    assert scope_filter(WorkUnit.objects.all(), AnonymousUser()).count() == 0
    assert scope_filter(WorkUnit.objects.all(), None).count() == 0


def test_python_check_agrees_with_the_query(make_staff, country):
    r, a, units = country
    user = make_staff(role=Role.AGENCY_HR, region="32", agency=a["central"])
    scope = user_scope(user)
    in_query = set(scope_filter(WorkUnit.objects.all(), user).values_list("pk", flat=True))
    for unit in WorkUnit.objects.select_related("region"):
        covered = scope.covers(region_code=unit.region.code, agency_id=unit.agency_id)
        assert covered == (unit.pk in in_query), unit.name
    assert scope.covers_region("32.01") is False  # an agency-limited grant is not a region grant


def test_scope_is_computed_once_per_user_object(make_staff, country, django_assert_num_queries):
    user = make_staff(region="32")
    user_scope(user)
    with django_assert_num_queries(0):
        user_scope(user)
        user_scope(user, roles=[Role.AUDITOR])

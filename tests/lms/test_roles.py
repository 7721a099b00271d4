import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from lms.domain.roles import (
    ROLE_GROUP_NAMES,
    can_see_facilitator_notes,
    coordinated_regions,
    role_assign,
    role_groups_sync,
    role_revoke,
    staff_roles,
)
from lms.enums import StaffRole
from lms.models import RoleAssignment
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_migrate_creates_one_group_per_role_with_its_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_GROUP_NAMES.values()) <= names
    coordinators = Group.objects.get(name="Regional coordinators")
    codenames = set(coordinators.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_union", "change_union", "add_union"} <= codenames
    # view_user would open Wagtail's user admin, which lists every region's people.
    assert {"delete_union", "view_user", "change_user"}.isdisjoint(codenames)
    assert sorted(coordinators.page_permissions.values_list("permission__codename", flat=True)) == [
        "add_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ]
    curators = Group.objects.get(name="Curators")
    assert sorted(curators.page_permissions.values_list("permission__codename", flat=True)) == [
        "add_page",
        "change_page",
    ]


def test_sync_is_idempotent():
    before = {
        g.name: (g.permissions.count(), g.page_permissions.count())
        for g in Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    }
    role_groups_sync()
    role_groups_sync()
    after = {
        g.name: (g.permissions.count(), g.page_permissions.count())
        for g in Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    }
    assert after == before


def test_assign_adds_group_and_is_idempotent():
    europe = RegionFactory()
    user = UserFactory()
    role_assign(user=user, role=StaffRole.COORDINATOR, region=europe)
    role_assign(user=user, role=StaffRole.COORDINATOR, region=europe)
    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert list(user.groups.values_list("name", flat=True)) == ["Regional coordinators"]


def test_revoke_keeps_group_while_another_region_remains():
    europe, asia = RegionFactory(), RegionFactory()
    user = UserFactory()
    role_assign(user=user, role=StaffRole.COORDINATOR, region=europe)
    role_assign(user=user, role=StaffRole.COORDINATOR, region=asia)
    role_revoke(user=user, role=StaffRole.COORDINATOR, region=europe)
    assert list(user.groups.values_list("name", flat=True)) == ["Regional coordinators"]
    assert list(coordinated_regions(user)) == [asia]
    role_revoke(user=user, role=StaffRole.COORDINATOR, region=asia)
    assert list(user.groups.all()) == []
    assert list(coordinated_regions(user)) == []


def test_a_role_everywhere_is_unique_too():
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=StaffRole.FACILITATOR, region=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=StaffRole.FACILITATOR, region=None)


def test_staff_roles_cost_one_query_per_user_object(django_assert_num_queries):
    europe = RegionFactory()
    user = UserFactory()
    role_assign(user=user, role=StaffRole.CURATOR, region=europe)
    role_assign(user=user, role=StaffRole.FACILITATOR, region=None)
    fresh = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert staff_roles(fresh) == {
            StaffRole.CURATOR: frozenset({europe.pk}),
            StaffRole.FACILITATOR: frozenset({None}),
        }
        assert staff_roles(fresh) == staff_roles(fresh)


def test_coordinator_everywhere_and_programme_admin_coordinate_all_regions():
    regions = [RegionFactory(), RegionFactory()]
    everywhere = UserFactory()
    role_assign(user=everywhere, role=StaffRole.COORDINATOR, region=None)
    admin = UserFactory()
    role_assign(user=admin, role=StaffRole.PROGRAMME_ADMIN)
    expected = sorted(r.pk for r in regions) + [everywhere.region_id, admin.region_id]
    assert sorted(coordinated_regions(everywhere).values_list("pk", flat=True)) == sorted(expected)
    assert sorted(coordinated_regions(admin).values_list("pk", flat=True)) == sorted(expected)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (None, False),
        (StaffRole.FACILITATOR, True),
        (StaffRole.CURATOR, True),
        (StaffRole.COORDINATOR, True),
        (StaffRole.PROGRAMME_ADMIN, True),
    ],
)
def test_who_sees_facilitator_notes(role, allowed):
    user = UserFactory()
    if role:
        region = None if role == StaffRole.PROGRAMME_ADMIN else user.region
        role_assign(user=user, role=role, region=region)
    assert can_see_facilitator_notes(user) is allowed


def test_programme_administrators_are_never_regional():
    user = UserFactory()
    with pytest.raises(ValueError):
        role_assign(user=user, role=StaffRole.PROGRAMME_ADMIN, region=user.region)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=StaffRole.PROGRAMME_ADMIN, region=user.region)


def test_inactive_staff_loses_powers():
    user = UserFactory()
    role_assign(user=user, role=StaffRole.FACILITATOR)
    user.is_active = False
    user.__dict__.pop("_staff_roles", None)
    assert can_see_facilitator_notes(user) is False

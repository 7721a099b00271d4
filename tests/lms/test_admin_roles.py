import pytest
from django.urls import reverse

from lms.enums import StaffRole
from lms.models import RoleAssignment
from tests.factories import RegionFactory, UserFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = staff_user(StaffRole.PROGRAMME_ADMIN, None)
    assert client.login(email=admin.email, password=PASSWORD)
    return client


def test_administrator_grants_a_role_by_email(admin_client):
    region = RegionFactory(name="Asia-Pacific")
    person = UserFactory(email="ramon@example.org")
    response = admin_client.post(
        reverse("roles:add"),
        {"email": "RAMON@example.org", "role": StaffRole.COORDINATOR, "region": region.pk},
    )
    assert response.status_code == 302
    assert list(RoleAssignment.objects.filter(user=person).values_list("role", "region")) == [
        ("coordinator", region.pk)
    ]
    assert list(person.groups.values_list("name", flat=True)) == ["Regional coordinators"]


def test_unknown_email_and_duplicates_are_refused(admin_client):
    region = RegionFactory()
    response = admin_client.post(
        reverse("roles:add"),
        {"email": "nobody@example.org", "role": StaffRole.CURATOR, "region": region.pk},
    )
    assert response.context["form"].errors["email"] == [
        "Nobody has an account with this address, or it has not been confirmed yet."
    ]
    person = staff_user(StaffRole.CURATOR, region)
    before = RoleAssignment.objects.count()
    response = admin_client.post(
        reverse("roles:add"),
        {"email": person.email, "role": StaffRole.CURATOR, "region": region.pk},
    )
    assert response.context["form"].non_field_errors() == [
        "This person already holds this role there."
    ]
    assert RoleAssignment.objects.count() == before


def test_withdrawing_the_last_assignment_removes_the_group(admin_client):
    region = RegionFactory()
    person = staff_user(StaffRole.FACILITATOR, region)
    assignment = RoleAssignment.objects.get(user=person)
    response = admin_client.post(reverse("roles:delete", args=[assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert list(person.groups.all()) == []


def test_roles_cannot_be_edited_in_place(admin_client):
    person = staff_user(StaffRole.FACILITATOR, RegionFactory())
    assignment = RoleAssignment.objects.get(user=person)
    response = admin_client.get(reverse("roles:edit", args=[assignment.pk]))
    assert response.status_code == 302


def test_coordinators_cannot_grant_roles(client):
    region = RegionFactory()
    coordinator = staff_user(StaffRole.COORDINATOR, region)
    assert client.login(email=coordinator.email, password=PASSWORD)
    target = UserFactory(region=region)
    response = client.post(
        reverse("roles:add"),
        {"email": target.email, "role": StaffRole.PROGRAMME_ADMIN, "region": ""},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_a_regional_programme_administrator_is_refused(admin_client):
    person = UserFactory()
    response = admin_client.post(
        reverse("roles:add"),
        {"email": person.email, "role": StaffRole.PROGRAMME_ADMIN, "region": person.region_id},
    )
    assert response.context["form"].errors["region"] == [
        "Programme administrators act in every region: leave this empty."
    ]
    assert not RoleAssignment.objects.filter(user=person).exists()

import pytest
from django.urls import reverse

from lms.enums import StaffRole
from lms.models import User
from tests.factories import RegionFactory, UserFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    admin = User.objects.create_superuser(
        email="root@example.org", password=PASSWORD, full_name="Root"
    )
    assert client.login(email=admin.email, password=PASSWORD)
    return client


def test_user_admin_edits_full_name_and_region(superuser_client):
    region = RegionFactory(name="Inter-America")
    person = UserFactory(full_name="Old Name")
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert 'name="full_name"' in page.content.decode()
    response = superuser_client.post(
        url,
        {
            "email": person.email,
            "full_name": "New Name",
            "region": region.pk,
            "union": "",
            "union_role": "leader",
            "preferred_language": "es",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.region, person.union_role) == ("New Name", region, "leader")


def test_user_admin_creates_a_person(superuser_client):
    response = superuser_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.person@example.org",
            "full_name": "New Person",
            "region": RegionFactory().pk,
            "union": "",
            "union_role": "",
            "preferred_language": "fr",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(email="new.person@example.org")
    assert (created.full_name, created.preferred_language) == ("New Person", "fr")


def test_coordinator_cannot_list_everybody_in_the_user_admin(client):
    coordinator = staff_user(StaffRole.COORDINATOR, RegionFactory())
    assert client.login(email=coordinator.email, password=PASSWORD)
    for url in (reverse("wagtailusers_users:index"), reverse("wagtailusers_users:add")):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_role_groups_are_neither_offered_nor_dropped_by_the_user_form(superuser_client):
    from django.contrib.auth.models import Group

    region = RegionFactory()
    person = staff_user(StaffRole.COORDINATOR, region, full_name="Keeps Role")
    editors = Group.objects.get(name="Editors")
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    offered = superuser_client.get(url).context["form"].fields["groups"].queryset
    assert sorted(offered.values_list("name", flat=True)) == ["Editors", "Moderators"]
    response = superuser_client.post(
        url,
        {
            "email": person.email,
            "full_name": "Keeps Role",
            "region": region.pk,
            "union": "",
            "union_role": "",
            "preferred_language": "en",
            "is_active": "on",
            "groups": [editors.pk],
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302
    assert sorted(person.groups.values_list("name", flat=True)) == [
        "Editors",
        "Regional coordinators",
    ]

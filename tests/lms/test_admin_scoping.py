"""A regional coordinator sees and changes only their own regions' data in the admin."""

import pytest
from django.urls import reverse

from lms.enums import StaffRole
from lms.models import Union
from tests.factories import RegionFactory, UnionFactory, UserFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    europe = RegionFactory(name="Europe", slug="europe")
    africa = RegionFactory(name="Africa & Arab countries", slug="africa-arab")
    return {
        "europe": europe,
        "africa": africa,
        "eu_union": UnionFactory(name="Nordic Health Union", region=europe, country="SE"),
        "af_union": UnionFactory(name="Municipal Workers Union", region=africa, country="TN"),
        "eu_person": UserFactory(full_name="Eva Lindqvist", region=europe),
        "af_person": UserFactory(full_name="Karim Haddad", region=africa),
        "eu_coordinator": staff_user(StaffRole.COORDINATOR, europe, full_name="Coord Europe"),
    }


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_union_listing_shows_only_own_region(client, world):
    login(client, world["eu_coordinator"])
    response = client.get(reverse("unions:index"))
    assert response.status_code == 200
    names = [union.name for union in response.context["object_list"]]
    assert names == ["Nordic Health Union"]


def test_other_regions_union_is_not_found_on_every_view(client, world):
    login(client, world["eu_coordinator"])
    pk = world["af_union"].pk
    for name in ("edit", "delete", "history", "usage"):
        assert client.get(reverse(f"unions:{name}", args=[pk])).status_code == 404, name
    response = client.post(
        reverse("unions:edit", args=[pk]),
        {"name": "Renamed", "country": "TN", "region": world["africa"].pk},
    )
    assert response.status_code == 404
    assert client.post(reverse("unions:delete", args=[pk])).status_code == 404
    world["af_union"].refresh_from_db()
    assert world["af_union"].name == "Municipal Workers Union"


def test_own_region_union_can_be_edited(client, world):
    login(client, world["eu_coordinator"])
    union = world["eu_union"]
    response = client.post(
        reverse("unions:edit", args=[union.pk]),
        {
            "name": "Nordic Health and Care Union",
            "acronym": "NHCU",
            "country": "SE",
            "region": world["europe"].pk,
            "website": "",
        },
    )
    assert response.status_code == 302
    union.refresh_from_db()
    assert (union.name, union.acronym) == ("Nordic Health and Care Union", "NHCU")


def test_cannot_create_or_move_a_union_into_another_region(client, world):
    login(client, world["eu_coordinator"])
    response = client.post(
        reverse("unions:add"),
        {"name": "Smuggled Union", "country": "TN", "region": world["africa"].pk, "website": ""},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Union.objects.filter(name="Smuggled Union").exists()

    union = world["eu_union"]
    response = client.post(
        reverse("unions:edit", args=[union.pk]),
        {"name": union.name, "country": "SE", "region": world["africa"].pk, "website": ""},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    union.refresh_from_db()
    assert union.region == world["europe"]


def test_region_choices_offer_only_coordinated_regions(client, world):
    login(client, world["eu_coordinator"])
    form = client.get(reverse("unions:add")).context["form"]
    assert list(form.fields["region"].queryset) == [world["europe"]]


def test_participants_listing_and_profile_are_region_scoped(client, world):
    login(client, world["eu_coordinator"])
    response = client.get(reverse("people:index"))
    assert response.status_code == 200
    names = sorted(person.full_name for person in response.context["object_list"])
    assert names == ["Coord Europe", "Eva Lindqvist"]
    assert b"Karim Haddad" not in response.content

    assert client.get(reverse("people:inspect", args=[world["eu_person"].pk])).status_code == 200
    assert client.get(reverse("people:inspect", args=[world["af_person"].pk])).status_code == 404


def test_participants_area_is_read_only(client, world):
    login(client, world["eu_coordinator"])
    person = world["eu_person"]
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 302
    assert client.post(reverse("people:delete", args=[person.pk])).status_code == 302
    assert client.get(reverse("people:add")).status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Eva Lindqvist"


def test_coordinator_cannot_reach_user_accounts_admin(client, world):
    login(client, world["eu_coordinator"])
    response = client.get(reverse("wagtailusers_users:edit", args=[world["af_person"].pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_coordinator_of_two_regions_sees_both(client, world):
    coordinator = world["eu_coordinator"]
    from lms.domain.roles import role_assign

    role_assign(user=coordinator, role=StaffRole.COORDINATOR, region=world["africa"])
    login(client, coordinator)
    response = client.get(reverse("unions:index"))
    assert sorted(u.name for u in response.context["object_list"]) == [
        "Municipal Workers Union",
        "Nordic Health Union",
    ]


def test_programme_admin_sees_every_region(client, world):
    admin = staff_user(StaffRole.PROGRAMME_ADMIN, None)
    login(client, admin)
    response = client.get(reverse("people:index"))
    assert sorted(p.full_name for p in response.context["object_list"]) == sorted(
        ["Coord Europe", "Eva Lindqvist", "Karim Haddad", admin.full_name]
    )
    assert client.get(reverse("unions:edit", args=[world["af_union"].pk])).status_code == 200


def test_participant_cannot_enter_the_admin(client, world):
    login(client, world["eu_person"])
    response = client.get(reverse("unions:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_is_sent_to_admin_login(client, world):
    response = client.get(reverse("people:inspect", args=[world["eu_person"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_union_listing_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    login(client, world["eu_coordinator"])
    client.get(reverse("unions:index"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("unions:index"))
    UnionFactory.create_batch(30, region=world["europe"], country="SE")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("unions:index"))
    assert response.context["paginator"].count == 31
    assert len(response.context["object_list"]) == 20


def test_site_history_report_is_for_programme_admins_only(client, world):
    from lms.domain.roles import role_assign

    africa_coordinator = staff_user(StaffRole.COORDINATOR, world["africa"], full_name="Amina")
    login(client, africa_coordinator)
    client.post(
        reverse("unions:add"),
        {
            "name": "Secret Cairo Union",
            "country": "EG",
            "region": world["africa"].pk,
            "website": "",
        },
    )
    client.logout()
    login(client, world["eu_coordinator"])
    for url in (
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/reports/site-history/?export=csv",
    ):
        assert client.get(url).status_code == 404, url
    assert b"site-history" not in client.get(reverse("wagtailadmin_home")).content

    role_assign(user=world["eu_coordinator"], role=StaffRole.PROGRAMME_ADMIN)
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    assert b"Secret Cairo Union" in b"".join(response.streaming_content)


def test_admin_sign_in_goes_through_the_one_sign_in_page(client, world):
    response = client.get("/admin/login/?next=/admin/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/admin/")
    response = client.post(
        "/admin/login/", {"username": world["eu_person"].email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/password_reset/").status_code == 404


def test_union_contacts_are_chosen_among_its_own_members(client, world):
    union = world["eu_union"]
    member = UserFactory(full_name="Ana Member", region=world["europe"], union=union)
    outsider = world["af_person"]
    login(client, world["eu_coordinator"])
    url = reverse("unions:edit", args=[union.pk])
    offered = client.get(url).context["form"].fields["contacts"].queryset
    assert list(offered) == [member]

    data = {
        "name": union.name,
        "acronym": union.acronym,
        "country": "SE",
        "region": world["europe"].pk,
        "website": "",
    }
    # Someone outside the union cannot be made its contact: refused, nothing saved.
    response = client.post(url, {**data, "contacts": [outsider.pk]})
    assert response.status_code == 200
    assert "contacts" in response.context["form"].errors
    assert list(union.contacts.all()) == []

    assert client.post(url, {**data, "contacts": [member.pk]}).status_code == 302
    assert list(union.contacts.all()) == [member]

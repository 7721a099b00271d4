import pytest
from django.urls import reverse

from courses.models import (
    ClauseLibraryPage,
    ClauseWorkspacePage,
    ModelClausePage,
    ModulePage,
    ProgrammePage,
    TrackPage,
)
from lms.enums import StaffRole
from lms.models import HomePage, StandardPage
from tests.factories import UserFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

MODULE_URL = "/programme/curators/seminar-2/"
NOTES = "Keep breakout groups small."


def test_home_programme_track_and_module_pages_render(client, curriculum):
    for url, heading in [
        ("/", "<h1>Home</h1>"),
        ("/programme/", "<h1>Digital rights programme</h1>"),
        ("/programme/curators/", "<h1>Digital curators</h1>"),
        (MODULE_URL, "<h1>Digital curators seminar 2</h1>"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert heading in response.content.decode(), url


def test_track_page_lists_its_modules_in_order_and_states_the_format(client, curriculum):
    response = client.get("/programme/curators/")
    modules = [m.title for m in response.context["modules"]]
    assert modules == [
        "Digital curators seminar 1",
        "Digital curators seminar 2",
        "Digital curators seminar 3",
    ]
    assert "3 seminars of 3 hours each" in response.content.decode()


def test_programme_page_lists_tracks_and_topics(client, curriculum):
    response = client.get("/programme/")
    assert [t.title for t in response.context["tracks"]] == ["Digital curators", "Union leaders"]
    assert [t.title for t in response.context["topics"]] == ["Data and AI", "Governing algorithms"]


def test_unpublished_module_is_not_listed_nor_served(client, curriculum):
    module = curriculum.modules[("curators", 3)]
    module.unpublish()
    response = client.get("/programme/curators/")
    assert [m.number for m in response.context["modules"]] == [1, 2]
    assert client.get("/programme/curators/seminar-3/").status_code == 404


def test_page_type_rules():
    assert HomePage.allowed_subpage_models() == [ProgrammePage, ClauseLibraryPage, StandardPage]
    assert ClauseLibraryPage.allowed_subpage_models() == [ClauseWorkspacePage]
    assert ClauseWorkspacePage.allowed_subpage_models() == [ModelClausePage]
    assert ModelClausePage.allowed_subpage_models() == []
    assert ModelClausePage.allowed_parent_page_models() == [ClauseWorkspacePage]
    assert ProgrammePage.allowed_subpage_models() == [TrackPage]
    assert TrackPage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == []
    assert ModulePage.allowed_parent_page_models() == [TrackPage]
    assert TrackPage.allowed_parent_page_models() == [ProgrammePage]


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.mark.parametrize(
    ("role", "sees_notes"),
    [
        ("anonymous", False),
        ("participant", False),
        (StaffRole.FACILITATOR, True),
        (StaffRole.CURATOR, True),
        (StaffRole.COORDINATOR, True),
        (StaffRole.PROGRAMME_ADMIN, True),
    ],
)
def test_facilitator_notes_only_for_staff(client, curriculum, role, sees_notes):
    if role == "participant":
        _login(client, UserFactory())
    elif role != "anonymous":
        _login(client, staff_user(role, None))
    response = client.get(MODULE_URL)
    body = response.content.decode()
    assert (NOTES in body) is sees_notes
    assert ("Facilitator notes" in body) is sees_notes


def test_module_page_is_private_to_caches_when_signed_in(client, curriculum):
    _login(client, staff_user(StaffRole.FACILITATOR, None))
    response = client.get(MODULE_URL)
    assert "private" in response["Cache-Control"]


def test_facilitator_notes_are_not_searchable(client, curriculum):
    response = client.get(reverse("search"), {"q": "breakout"})
    assert response.status_code == 200
    assert response.context["results"].paginator.count == 0


def test_search_finds_published_curriculum(client, curriculum):
    response = client.get(reverse("search"), {"q": "surveillance"})
    titles = sorted(page.title for page in response.context["results"])
    assert titles == [
        "Digital curators seminar 1",
        "Digital curators seminar 2",
        "Digital curators seminar 3",
        "Union leaders seminar 1",
        "Union leaders seminar 2",
    ]


def test_search_skips_drafts(client, curriculum):
    module = curriculum.modules[("leaders", 2)]
    module.unpublish()
    response = client.get(reverse("search"), {"q": "Union leaders seminar"})
    assert "Union leaders seminar 2" not in [p.title for p in response.context["results"]]


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
def test_search_rejects_empty_and_oversize_queries(client, curriculum, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert response.context["results"] is None
    if query.strip():
        assert response.context["form"].errors["q"] == [
            "Ensure this value has at most 200 characters (it has 201)."
        ]


def test_search_escapes_the_query(client, curriculum):
    response = client.get(reverse("search"), {"q": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_search_query_count_is_constant(client, curriculum, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search"), {"q": "seminar"})
    assert response.context["results"].paginator.count == 5

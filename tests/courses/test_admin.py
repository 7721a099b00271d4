import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import ModulePage, Topic
from lms.enums import StaffRole
from tests.factories import staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, curriculum):
    user = staff_user(StaffRole.COORDINATOR, None)
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _module_post(number, title="New seminar"):
    return nested_form_data(
        {
            "title": title,
            "slug": f"new-seminar-{number}",
            "number": number,
            "summary": "",
            "objectives": rich_text("<p>Learn it.</p>"),
            "agenda": streamfield([]),
            "materials": streamfield([]),
            "facilitator_notes": rich_text(""),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def _add_url(track):
    return reverse("wagtailadmin_pages:add", args=("courses", "modulepage", track.pk))


def test_module_number_beyond_the_track_is_refused(coordinator_client, curriculum):
    track = curriculum.tracks["leaders"]
    response = coordinator_client.post(_add_url(track), _module_post(3))
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "This track has 2 seminars; choose a number from 1 to 2."
    ]
    assert ModulePage.objects.child_of(track).count() == 2


def test_duplicate_module_number_is_refused(coordinator_client, curriculum):
    track = curriculum.tracks["leaders"]
    response = coordinator_client.post(_add_url(track), _module_post(2))
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "Another module of this track is already seminar 2."
    ]


def test_valid_module_is_created_and_published(coordinator_client, curriculum):
    track = curriculum.tracks["leaders"]
    curriculum.modules[("leaders", 2)].delete()
    response = coordinator_client.post(_add_url(track), _module_post(2, "Negotiating"))
    assert response.status_code == 302
    module = ModulePage.objects.child_of(track).get(number=2)
    assert (module.title, module.live) == ("Negotiating", True)


def test_module_cannot_be_added_under_the_programme(coordinator_client, curriculum):
    url = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", curriculum.programme.pk))
    response = coordinator_client.post(url, _module_post(1, "Misplaced"))
    # Wagtail answers a disallowed page type with its "permission denied" redirect.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert not ModulePage.objects.filter(title="Misplaced").exists()


def test_curator_can_draft_but_not_publish(client, curriculum):
    curator = staff_user(StaffRole.CURATOR, None)
    assert client.login(email=curator.email, password=PASSWORD)
    track = curriculum.tracks["leaders"]
    curriculum.modules[("leaders", 2)].delete()
    client.post(_add_url(track), _module_post(2, "Drafted"))
    module = ModulePage.objects.child_of(track).get(number=2)
    assert (module.title, module.live) == ("Drafted", False)


def test_topics_are_editable_snippets(coordinator_client):
    response = coordinator_client.post(
        reverse("wagtailsnippets_courses_topic:add"),
        {"number": 8, "title": "Green digital transition", "slug": "green", "description": ""},
    )
    assert response.status_code == 302
    assert Topic.objects.get(number=8).title == "Green digital transition"

"""The clause review page (read and comment across regions) and starting a translation."""

import pytest
from wagtail.models import Comment, CommentReply, PageLogEntry

from courses.models import ModelClausePage
from lms.enums import StaffRole
from tests.factories import UserFactory, build_clause_world, make_clause, staff_user


@pytest.fixture
def world(curriculum):
    return build_clause_world(curriculum.home)


@pytest.fixture
def draft(world):
    author = staff_user(StaffRole.CURATOR, world.regions["europe"])
    clause = make_clause(
        world.workspaces["europe"],
        title="Algorithmic scheduling",
        publish=False,
        user=author,
        rationale="<p>Rosters drawn by software need a human check.</p>",
    )
    clause.title = "Algorithmic scheduling, second draft"
    clause.save_revision(user=author)
    return clause


def review_url(clause):
    return f"/admin/clauses/{clause.pk}/review/"


def translate_url(clause):
    return f"/admin/clauses/{clause.pk}/translate/"


PEOPLE = {
    "participant": lambda w: UserFactory(region=w.regions["europe"]),
    "facilitator": lambda w: staff_user(StaffRole.FACILITATOR, w.regions["europe"]),
    "curator_other": lambda w: staff_user(StaffRole.CURATOR, w.regions["africa"]),
    "coordinator_other": lambda w: staff_user(StaffRole.COORDINATOR, w.regions["africa"]),
    "curator_same": lambda w: staff_user(StaffRole.CURATOR, w.regions["europe"]),
    "coordinator_same": lambda w: staff_user(StaffRole.COORDINATOR, w.regions["europe"]),
    "admin": lambda w: staff_user(StaffRole.PROGRAMME_ADMIN),
}


def test_anonymous_is_sent_to_sign_in(client, draft):
    response = client.get(review_url(draft))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("participant", 302),  # not an admin user: the admin's own guard answers first
        ("facilitator", 404),
        ("curator_other", 200),
        ("coordinator_other", 200),
        ("curator_same", 200),
        ("coordinator_same", 200),
        ("admin", 200),
    ],
)
def test_who_reads_the_latest_draft(client, world, draft, who, status):
    client.force_login(PEOPLE[who](world))
    response = client.get(review_url(draft))
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert "Algorithmic scheduling, second draft" in text
        assert "Rosters drawn by software need a human check." in text


@pytest.mark.parametrize("who", ["curator_other", "coordinator_other"])
def test_other_regions_comment_but_get_no_edit_link(client, world, draft, who):
    person = PEOPLE[who](world)
    client.force_login(person)
    page = client.get(review_url(draft)).content.decode()
    assert f"/admin/pages/{draft.pk}/edit/" not in page
    response = client.post(
        review_url(draft), {"field": "rationale", "text": "Add a time limit for the check."}
    )
    assert response.status_code == 302
    comment = Comment.objects.get(page=draft)
    assert (comment.user, comment.contentpath, comment.text, comment.position) == (
        person,
        "rationale",
        "Add a time limit for the check.",
        "",
    )
    assert comment.revision_created_id == draft.latest_revision_id
    assert list(
        PageLogEntry.objects.filter(page=draft, action="wagtail.comments.create").values_list(
            "user", flat=True
        )
    ) == [person.pk]
    shown = client.get(review_url(draft)).content.decode()
    assert "Add a time limit for the check." in shown


def test_same_region_curator_gets_the_edit_link(client, world, draft):
    client.force_login(PEOPLE["curator_same"](world))
    assert f"/admin/pages/{draft.pk}/edit/" in client.get(review_url(draft)).content.decode()


def test_facilitator_cannot_comment(client, world, draft):
    client.force_login(PEOPLE["facilitator"](world))
    response = client.post(review_url(draft), {"field": "body", "text": "Hello"})
    assert response.status_code == 404
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "body", "text": "   "}, "This field is required."),
        ({"field": "body", "text": "x" * 4001}, "at most 4000 characters"),
        ({"field": "owner", "text": "Hi"}, "Select a valid choice."),
        ({"field": "", "text": "Hi"}, "This field is required."),
    ],
)
def test_bad_comments_are_refused_and_change_nothing(client, world, draft, data, message):
    client.force_login(PEOPLE["curator_other"](world))
    response = client.post(review_url(draft), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_comment_text_is_escaped(client, world, draft):
    client.force_login(PEOPLE["curator_other"](world))
    client.post(review_url(draft), {"field": "body", "text": "<script>alert(1)</script>"})
    page = client.get(review_url(draft)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_replies_go_to_open_comments_of_this_clause_only(client, world, draft):
    other_clause = make_clause(world.workspaces["africa"], title="Other", publish=False)
    person = PEOPLE["curator_other"](world)
    client.force_login(person)
    client.post(review_url(draft), {"field": "body", "text": "First"})
    comment = Comment.objects.get()
    assert (
        client.post(review_url(draft), {"reply_to": str(comment.pk), "text": "Agreed"}).status_code
        == 302
    )
    assert list(CommentReply.objects.values_list("comment_id", "text")) == [(comment.pk, "Agreed")]
    for bad in [str(comment.pk + 1), "0", "-1", str(2**63), "x"]:
        client.post(review_url(draft), {"reply_to": bad, "text": "Sneaky"})
    # The comment of this clause, posted through another clause's page, is refused.
    client.post(review_url(other_clause), {"reply_to": str(comment.pk), "text": "Sneaky"})
    assert CommentReply.objects.count() == 1


@pytest.mark.parametrize("bad", ["0", "-1", str(2**63), "abc"])
def test_unknown_ids_are_404(client, world, bad):
    client.force_login(PEOPLE["admin"](world))
    assert client.get(f"/admin/clauses/{bad}/review/").status_code == 404


def test_a_workspace_page_is_not_a_clause(client, world):
    client.force_login(PEOPLE["admin"](world))
    assert client.get(review_url(world.workspaces["europe"])).status_code == 404


# --- Translations ----------------------------------------------------------------------------


def test_a_translation_starts_as_a_linked_draft_of_the_published_text(client, world):
    author = staff_user(StaffRole.CURATOR, world.regions["europe"])
    original = make_clause(
        world.workspaces["europe"],
        title="Derecho a la desconexión",
        language="es",
        user=author,
        themes=[world.themes["access"]],
        sectors=[world.sectors["health"]],
    )
    original.title = "Unpublished new title"
    original.save_revision(user=author)
    translator = PEOPLE["curator_same"](world)
    client.force_login(translator)
    response = client.post(
        translate_url(original), {"language": "fr", "workspace": world.workspaces["europe"].pk}
    )
    translation = ModelClausePage.objects.get(language="fr")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{translation.pk}/edit/"
    assert (translation.title, translation.live, translation.translation_of_id) == (
        "Derecho a la desconexión",
        False,
        original.pk,
    )
    assert translation.translated_revision_id == original.live_revision_id
    assert translation.get_parent().pk == world.workspaces["europe"].pk
    assert translation.slug == f"{original.slug}-fr"
    assert list(translation.themes.values_list("slug", flat=True)) == ["access"]
    assert list(translation.sectors.values_list("slug", flat=True)) == ["health"]
    assert translation.owner == translator


def test_translating_into_a_language_that_exists_is_refused(client, world):
    original = make_clause(world.workspaces["europe"], title="Original", language="en")
    make_clause(
        world.workspaces["europe"], title="Traduction", language="fr", translation_of=original
    )
    client.force_login(PEOPLE["curator_same"](world))
    response = client.post(
        translate_url(original), {"language": "fr", "workspace": world.workspaces["europe"].pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert ModelClausePage.objects.count() == 2


def test_a_curator_translates_into_their_own_workspace_only(client, world):
    original = make_clause(world.workspaces["europe"], title="Original", language="en")
    client.force_login(PEOPLE["curator_other"](world))
    response = client.post(
        translate_url(original), {"language": "fr", "workspace": world.workspaces["europe"].pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    response = client.post(
        translate_url(original), {"language": "fr", "workspace": world.workspaces["africa"].pk}
    )
    assert response.status_code == 302
    translation = ModelClausePage.objects.get(language="fr")
    assert translation.get_parent().pk == world.workspaces["africa"].pk


def test_facilitators_cannot_translate(client, world):
    original = make_clause(world.workspaces["europe"], title="Original")
    client.force_login(PEOPLE["facilitator"](world))
    assert client.get(translate_url(original)).status_code == 404


# --- Site search -----------------------------------------------------------------------------


def test_site_search_finds_published_clauses_not_workspaces(client, world, settings):
    make_clause(world.workspaces["europe"], title="Telework surveillance limits")
    make_clause(world.workspaces["europe"], title="Telework draft", publish=False)
    response = client.get("/search/", {"q": "telework"})
    assert [page.title for page in response.context["results"]] == ["Telework surveillance limits"]
    response = client.get("/search/", {"q": "europe"})
    assert [page.title for page in response.context["results"]] == []
    settings.CLAUSE_LIBRARY_MEMBERS_ONLY = True
    response = client.get("/search/", {"q": "telework"})
    assert list(response.context["results"]) == []
    client.force_login(UserFactory())
    response = client.get("/search/", {"q": "telework"})
    assert [page.title for page in response.context["results"]] == ["Telework surveillance limits"]

"""Regression tests for holes a review of the clause library found."""

# The workflow tests' fixtures (world, people, submitted) are imported and used by name.
# ruff: noqa: F401, F811

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from courses.domain.clause_access import workspace_region_id
from courses.models import Theme
from lms.enums import StaffRole
from tests.courses.test_clause_workflow import (
    decide,
    fresh,
    people,
    stage,
    submitted,
    world,
)
from tests.courses.test_clause_workspaces import edit_form, edit_url, sign_in
from tests.factories import make_clause, staff_user


def test_an_edit_in_peer_review_restarts_the_review_and_the_editor_cannot_approve(
    client, people, submitted
):
    sign_in(client, people["peer_here"])
    client.post(edit_url(submitted), edit_form(submitted, summary="Words by Pia herself."))
    assert stage(submitted) == ("in_progress", "Peer review", False)
    task = fresh(submitted).current_workflow_task
    assert task.get_actions(fresh(submitted), people["peer_here"]) == []
    assert decide(client, submitted, people["peer_here"]).status_code == 302
    assert stage(submitted) == ("in_progress", "Peer review", False)


def test_a_coordinator_edit_at_approval_goes_back_to_peer_review(client, people, submitted):
    decide(client, submitted, people["peer_elsewhere"])
    assert stage(submitted) == ("in_progress", "Approval", False)
    sign_in(client, people["coordinator_here"])
    client.post(edit_url(submitted), edit_form(submitted, summary="Unreviewed words."))
    # Approving words the peer reviewer never saw sends them back to peer review.
    assert decide(client, submitted, people["coordinator_here"]).status_code == 302
    assert stage(submitted) == ("in_progress", "Peer review", False)
    assert fresh(submitted).live is False


def test_the_coordinator_takes_a_clause_down_while_a_new_draft_is_in_peer_review(
    client, world, people, submitted
):
    live = make_clause(world.workspaces["europe"], title="Live one", user=people["author"])
    live.save_revision(user=people["author"])
    fresh(live).get_workflow().start(fresh(live), user=people["author"])
    assert fresh(live).current_workflow_task.name == "Peer review"
    sign_in(client, people["coordinator_here"])
    response = client.post(f"/admin/pages/{live.pk}/unpublish/")
    assert response.status_code == 302
    assert fresh(live).live is False


@pytest.mark.parametrize("words", ["\x00", '"', 'a"b', "\x00GPS"])
def test_odd_search_words_do_not_break_the_searches(client, world, words):
    make_clause(world.workspaces["europe"], title="GPS notice")
    for url in ["/clauses/", "/search/"]:
        assert (url, client.get(url, {"q": words}).status_code) == (url, 200)
    response = client.get("/clauses/api/clauses/", {"q": words})
    if "\x00" in words:
        # The JSON says what was wrong with the request.
        assert (response.status_code, response.json()) == (
            400,
            {"errors": {"q": ["Null characters are not allowed."]}},
        )
    else:
        assert response.status_code == 200


def test_links_to_drafts_lose_their_address_in_live_clauses(client, world):
    draft = make_clause(world.workspaces["europe"], title="Okapi consultation", publish=False)
    live = make_clause(world.workspaces["europe"], title="Public one")
    live.body = (
        f'<p>See <a linktype="page" id="{draft.pk}">the draft</a> and '
        f'<a linktype="page" id="{live.pk}">this clause</a>.</p>'
    )
    live.save_revision().publish(skip_permission_checks=True)
    page = client.get(live.url).content.decode()
    data = client.get(f"/clauses/api/clauses/{live.pk}/").json()
    for text in (page, data["body_html"]):
        assert "okapi" not in text
        assert "See the draft and" in text
        assert f'<a href="{live.url}">this clause</a>' in text


def test_facilitators_do_not_see_workspaces_in_the_page_chooser(client, world):
    make_clause(world.workspaces["europe"], title="Okapi consultation", publish=False)
    facilitator = staff_user(StaffRole.FACILITATOR, world.regions["europe"])
    sign_in(client, facilitator)
    for url in [
        f"/admin/choose-page/{world.workspaces['europe'].pk}/",
        "/admin/choose-page/search/?q=okapi",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Okapi" not in response.content.decode()
    curator = staff_user(StaffRole.CURATOR, world.regions["africa"])
    sign_in(client, curator)
    response = client.get("/admin/choose-page/search/?q=okapi")
    assert "Okapi" in response.content.decode()


def test_translation_links_point_at_an_original(world):
    original = make_clause(world.workspaces["europe"], title="Original", language="en")
    french = make_clause(
        world.workspaces["europe"], title="Française", language="fr", translation_of=original
    )
    cases = [
        (original, "en", original, "translation_of"),
        (make_clause(world.workspaces["europe"], title="Es", language="es"), "es", french,
         "translation_of"),
        (make_clause(world.workspaces["europe"], title="En2", language="de"), "en", original,
         "language"),
    ]  # fmt: skip
    for clause, language, target, field in cases:
        target = type(target).objects.get(pk=target.pk)
        clause.language = language
        clause.translation_of = target
        with pytest.raises(ValidationError) as error:
            clause.clean()
        assert list(error.value.message_dict) == [field]


def test_json_names_no_unpublished_original(client, world):
    draft = make_clause(world.workspaces["europe"], title="Draft", language="es", publish=False)
    live_original = make_clause(world.workspaces["europe"], title="Live", language="es")
    one = make_clause(world.workspaces["europe"], title="One", translation_of=draft)
    two = make_clause(world.workspaces["europe"], title="Two", translation_of=live_original)
    assert client.get(f"/clauses/api/clauses/{one.pk}/").json()["translation_of"] is None
    assert client.get(f"/clauses/api/clauses/{two.pk}/").json()["translation_of"] == (
        live_original.pk
    )


@pytest.mark.parametrize("garbage", [None, 5, "x", [2**63, -1, "3", 0], {"a": 1}])
def test_a_damaged_pack_in_the_session_is_empty(client, world, garbage):
    clause = make_clause(world.workspaces["europe"], title="Kept")
    session = client.session
    session["clause_pack"] = garbage
    session.save()
    for url in ["/clauses/", "/clauses/pack/", clause.url]:
        assert client.get(url).status_code == 200
    assert client.get("/clauses/pack/markdown/").status_code == 302


def test_a_theme_with_sub_themes_cannot_become_one(world):
    data, tools = world.themes["data-rights"], world.themes["tools"]
    data.parent = tools
    with pytest.raises(ValidationError) as error:
        data.full_clean()
    assert list(error.value.message_dict) == ["parent"]
    assert Theme.objects.get(pk=data.pk).parent_id is None


def test_a_workspace_seen_as_a_base_page_has_its_region(world):
    workspace = world.workspaces["europe"]
    base = Page.objects.get(pk=workspace.pk)
    assert type(base) is Page
    assert workspace_region_id(base) == world.regions["europe"].pk


@pytest.mark.parametrize("size", [5, 25])
def test_the_explorer_does_not_query_per_clause(client, world, size, django_assert_num_queries):
    curator = staff_user(StaffRole.CURATOR, world.regions["africa"])
    for number in range(size):
        make_clause(world.workspaces["europe"], title=f"Clause {number}")
    sign_in(client, curator)
    url = f"/admin/pages/{world.workspaces['europe'].pk}/"
    client.get(url)
    with django_assert_num_queries(EXPLORER_QUERIES):
        assert client.get(url).status_code == 200


# Constant, whatever the number of clauses: Wagtail's listing plus the workspace rules.
EXPLORER_QUERIES = 41

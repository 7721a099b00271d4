"""Who may do what with the clauses of a regional workspace, through Wagtail's own admin views.

Every test takes a clause of the Europe workspace and one person from `ACTORS`; the sets below
say who may do each thing (courses.domain.clause_access): the region's curators and
coordinators draft, edit, lock and unlock; only programme administrators publish directly;
the region's coordinators may also take a live clause down; other regions, facilitators and
participants change nothing. Wagtail refuses a signed-in admin user with its "permission
denied" redirect to the dashboard, and sends people without admin access to sign in.
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import ModelClausePage
from lms.enums import StaffRole
from tests.factories import UserFactory, build_clause_world, make_clause, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

HERE, ELSEWHERE = "europe", "africa"
SUMMARY = "Workers are told before any monitoring starts."
BODY = "<ol><li>The employer tells workers which data it collects.</li></ol>"

# Name → (staff role or None for a participant, region slug or None for every region).
ACTORS = {
    "programme_admin": (StaffRole.PROGRAMME_ADMIN, None),
    "coordinator_here": (StaffRole.COORDINATOR, HERE),
    "coordinator_elsewhere": (StaffRole.COORDINATOR, ELSEWHERE),
    "curator_here": (StaffRole.CURATOR, HERE),
    "curator_elsewhere": (StaffRole.CURATOR, ELSEWHERE),
    "facilitator_here": (StaffRole.FACILITATOR, HERE),
    "participant_here": (None, HERE),
}
# Draft, edit, lock, unlock, read the history, delete a draft.
EDITORS = {"programme_admin", "coordinator_here", "curator_here"}
PUBLISHERS = {"programme_admin"}
TAKE_DOWN = {"programme_admin", "coordinator_here"}
# Browse the workspaces in the admin's page explorer: every curator and coordinator reads.
READERS = EDITORS | {"coordinator_elsewhere", "curator_elsewhere"}


def actor_user(world, actor):
    """The person called `actor` in `ACTORS`, created in the clause world's regions."""
    role, region_slug = ACTORS[actor]
    region = world.regions[region_slug] if region_slug else None
    if role is None:
        return UserFactory(region=region)
    return staff_user(role, region)


def sign_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return user


def clause_form(
    *,
    title,
    slug,
    summary=SUMMARY,
    body=BODY,
    rationale="",
    negotiation_notes="",
    action=None,
    **extra,
):
    """What the admin's clause form posts: every field, no variants, sources or comments."""
    data = {
        "title": title,
        "slug": slug,
        "summary": summary,
        "clause_type": "clause",
        "body": rich_text(body),
        "variants": streamfield([]),
        "rationale": rich_text(rationale),
        "negotiation_notes": rich_text(negotiation_notes),
        "legal_references": streamfield([]),
        "sources": streamfield([]),
        "language": "en",
        "licence": "cc-by-4.0",
        "authors": streamfield([]),
        "comments": inline_formset([]),
        **extra,
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def edit_form(clause, *, action=None, **changes):
    """What the editor posts for the clause's latest revision, with `changes` typed in."""
    shown = ModelClausePage.objects.get(pk=clause.pk).get_latest_revision_as_object()
    fields = ("title", "slug", "summary", "body", "rationale", "negotiation_notes")
    values = {name: getattr(shown, name) for name in fields}
    return clause_form(action=action, **{**values, **changes})


def changed_fields(compare_response):
    """The fields Wagtail's "compare revisions" view marks as changed, with what was added."""
    changed = {}
    for comparison in compare_response.context["comparison"]:
        if comparison.has_changed():
            added = re.findall(r'<span class="addition">(.*?)</span>', comparison.htmldiff())
            changed[str(comparison.field_label())] = " ".join(part.strip() for part in added)
    return changed


def assert_refused(response, actor):
    """Wagtail's answer to someone the admin view turns away."""
    if actor == "participant_here":
        # Not an admin user at all: sent to the one sign-in page, as for anonymous visitors.
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")
    else:
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


@pytest.fixture
def world(curriculum):
    return build_clause_world(curriculum.home)


@pytest.fixture
def author(world):
    return staff_user(StaffRole.CURATOR, world.regions[HERE])


@pytest.fixture
def draft(world, author):
    """A never-published clause of the Europe workspace with two revisions by its author."""
    clause = make_clause(
        world.workspaces[HERE],
        title="Notice of monitoring",
        publish=False,
        user=author,
        summary=SUMMARY,
        body=BODY,
    )
    clause.summary = "Workers are told in writing before any monitoring starts."
    clause.save_revision(user=author)
    return ModelClausePage.objects.get(pk=clause.pk)


@pytest.fixture
def live(world, author):
    return make_clause(world.workspaces[HERE], title="Access to workers' data", user=author)


def add_url(workspace):
    return reverse("wagtailadmin_pages:add", args=("courses", "modelclausepage", workspace.pk))


def edit_url(clause):
    return reverse("wagtailadmin_pages:edit", args=(clause.pk,))


def revision_ids(clause):
    return list(clause.revisions.order_by("pk").values_list("pk", flat=True))


# --- Create ----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_create_in_the_workspace(client, world, actor):
    sign_in(client, actor_user(world, actor))
    url = add_url(world.workspaces[HERE])

    form = client.get(url)
    response = client.post(url, clause_form(title="Right to disconnect", slug="disconnect"))

    created = list(ModelClausePage.objects.filter(slug="disconnect").values_list("live", flat=True))
    if actor in EDITORS:
        assert form.status_code == 200
        clause = ModelClausePage.objects.get(slug="disconnect")
        assert (response.status_code, response.url) == (302, edit_url(clause))
        assert clause.get_parent().pk == world.workspaces[HERE].pk
        assert created == [False]
    else:
        assert_refused(form, actor)
        assert_refused(response, actor)
        assert created == []


@pytest.mark.parametrize("actor", ["coordinator_here", "curator_here"])
def test_region_editors_create_drafts_even_when_asking_to_publish(client, world, actor):
    sign_in(client, actor_user(world, actor))
    url = add_url(world.workspaces[HERE])

    form = client.get(url)
    client.post(url, clause_form(title="Right to disconnect", slug="disconnect", action="publish"))

    assert b'name="action-publish"' not in form.content
    assert list(ModelClausePage.objects.filter(slug="disconnect").values_list("live")) == [(False,)]


# --- Edit, preview, history ------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_edit(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))
    before = revision_ids(draft)

    form = client.get(edit_url(draft))
    response = client.post(edit_url(draft), edit_form(draft, title="Notice before monitoring"))

    draft.refresh_from_db()
    if actor in EDITORS:
        assert form.status_code == 200
        assert (response.status_code, response.url) == (302, edit_url(draft))
        assert len(revision_ids(draft)) == len(before) + 1
        assert draft.get_latest_revision_as_object().title == "Notice before monitoring"
    else:
        assert_refused(form, actor)
        assert_refused(response, actor)
        assert revision_ids(draft) == before
        assert draft.get_latest_revision_as_object().title == "Notice of monitoring"
    assert draft.live is False


@pytest.mark.parametrize("actor", ACTORS)
def test_preview_of_a_draft(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))

    view_draft = client.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))
    preview = client.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,)), edit_form(draft)
    )

    if actor in EDITORS:
        assert view_draft.status_code == 200
        assert b"Workers are told in writing before any monitoring starts." in view_draft.content
        assert (preview.status_code, preview.json()["is_valid"]) == (200, True)
    else:
        assert_refused(view_draft, actor)
        assert_refused(preview, actor)


@pytest.mark.parametrize("actor", ACTORS)
def test_revision_history_and_comparison(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))
    first, second = revision_ids(draft)

    history = client.get(reverse("wagtailadmin_pages:history", args=(draft.pk,)))
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=(draft.pk, first, second))
    )
    revision = client.get(reverse("wagtailadmin_pages:revisions_view", args=(draft.pk, first)))

    if actor in EDITORS:
        assert (history.status_code, compare.status_code, revision.status_code) == (200, 200, 200)
        assert changed_fields(compare) == {"Summary": "in writing"}
        assert SUMMARY.encode() in revision.content
    else:
        for response in (history, compare, revision):
            assert_refused(response, actor)


@pytest.mark.parametrize("actor", ACTORS)
def test_revert_to_an_earlier_revision(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))
    first, second = revision_ids(draft)
    url = reverse("wagtailadmin_pages:revisions_revert", args=(draft.pk, first))

    form = client.get(url)
    response = client.post(url, edit_form(draft, summary=SUMMARY))

    latest = ModelClausePage.objects.get(pk=draft.pk).get_latest_revision()
    if actor in EDITORS:
        assert form.status_code == 200
        assert response.status_code == 302
        assert revision_ids(draft)[:2] == [first, second]
        assert latest.pk not in (first, second)
        assert latest.as_object().summary == SUMMARY
    else:
        assert_refused(form, actor)
        assert_refused(response, actor)
        assert revision_ids(draft) == [first, second]
    assert ModelClausePage.objects.get(pk=draft.pk).live is False


@pytest.mark.parametrize("actor", ACTORS)
def test_browse_the_workspace_in_the_explorer(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))

    response = client.get(reverse("wagtailadmin_explore", args=(world.workspaces[HERE].pk,)))

    if actor in READERS:
        assert response.status_code == 200
        assert b"Notice of monitoring" in response.content
    else:
        assert_refused(response, actor)


# --- Lock and unlock -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_lock(client, world, draft, actor):
    user = sign_in(client, actor_user(world, actor))

    response = client.post(reverse("wagtailadmin_pages:lock", args=(draft.pk,)))

    draft.refresh_from_db()
    if actor in EDITORS:
        assert response.status_code == 302
        assert (draft.locked, draft.locked_by_id) == (True, user.pk)
    else:
        assert_refused(response, actor)
        assert (draft.locked, draft.locked_by_id) == (False, None)


@pytest.mark.parametrize("actor", ACTORS)
def test_unlock_a_clause_someone_else_locked(client, world, draft, author, actor):
    draft.locked, draft.locked_by = True, author
    draft.save(update_fields=["locked", "locked_by"])
    sign_in(client, actor_user(world, actor))

    response = client.post(reverse("wagtailadmin_pages:unlock", args=(draft.pk,)))

    draft.refresh_from_db()
    if actor in EDITORS:
        assert response.status_code == 302
        assert (draft.locked, draft.locked_by_id) == (False, None)
    else:
        assert_refused(response, actor)
        assert (draft.locked, draft.locked_by_id) == (True, author.pk)


# --- Publish and unpublish -------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_publish_from_the_editor(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))

    form = client.get(edit_url(draft))
    response = client.post(edit_url(draft), edit_form(draft, action="publish"))

    draft.refresh_from_db()
    if actor in PUBLISHERS:
        assert b'name="action-publish"' in form.content
        assert response.status_code == 302
        assert draft.live is True
    elif actor in EDITORS:
        # No Publish button; a forged "publish" is saved as a draft.
        assert form.status_code == 200
        assert b'name="action-publish"' not in form.content
        assert (response.status_code, response.url) == (302, edit_url(draft))
        assert draft.live is False
    else:
        assert_refused(form, actor)
        assert_refused(response, actor)
        assert draft.live is False
    assert draft.last_published_at == (draft.first_published_at if draft.live else None)


@pytest.mark.parametrize("actor", ACTORS)
def test_publish_with_the_explorers_bulk_action(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = client.post(f"{url}?id={draft.pk}")

    draft.refresh_from_db()
    if actor == "participant_here":
        assert_refused(response, actor)
    else:
        # Wagtail skips the pages the person may not publish and reports how many it did.
        assert response.status_code == 302
    assert draft.live is (actor in PUBLISHERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_unpublish(client, world, live, actor):
    sign_in(client, actor_user(world, actor))
    url = reverse("wagtailadmin_pages:unpublish", args=(live.pk,))

    form = client.get(url)
    response = client.post(url)

    live.refresh_from_db()
    if actor in TAKE_DOWN:
        assert form.status_code == 200
        assert response.status_code == 302
        assert live.live is False
    else:
        assert_refused(form, actor)
        assert_refused(response, actor)
        assert live.live is True


# --- Delete and move -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_delete_a_draft(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))

    response = client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,)))

    remaining = list(ModelClausePage.objects.filter(pk=draft.pk).values_list("title", flat=True))
    if actor in EDITORS:
        assert response.status_code == 302
        assert remaining == []
    else:
        assert_refused(response, actor)
        assert remaining == ["Notice of monitoring"]


@pytest.mark.parametrize("actor", ACTORS)
def test_delete_a_live_clause(client, world, live, actor):
    """Deleting takes a clause out of the library without review: administrators only (the
    region's coordinators unpublish first, which leaves a record in the history)."""
    sign_in(client, actor_user(world, actor))

    response = client.post(reverse("wagtailadmin_pages:delete", args=(live.pk,)))

    remaining = list(ModelClausePage.objects.filter(pk=live.pk).values_list("live", flat=True))
    if actor in PUBLISHERS:
        assert response.status_code == 302
        assert remaining == []
    else:
        assert_refused(response, actor)
        assert remaining == [True]


@pytest.mark.parametrize("actor", ACTORS)
def test_move_to_another_workspace(client, world, draft, actor):
    sign_in(client, actor_user(world, actor))
    destination = world.workspaces[ELSEWHERE]
    url = reverse("wagtailadmin_pages:move_confirm", args=(draft.pk, destination.pk))

    response = client.post(url)

    parent = Page.objects.get(pk=draft.pk).get_parent()
    if actor in PUBLISHERS:
        assert response.status_code == 302
        assert parent.pk == destination.pk
    else:
        assert_refused(response, actor)
        assert parent.pk == world.workspaces[HERE].pk


# --- Outside the admin: drafts never show ----------------------------------------------------


@pytest.mark.parametrize("visitor", ["anonymous", "author", *ACTORS])
def test_a_draft_is_not_served_publicly(client, world, draft, author, visitor):
    """Only live clauses have a public page: editors read drafts in the admin's preview."""
    if visitor == "author":
        sign_in(client, author)
    elif visitor != "anonymous":
        sign_in(client, actor_user(world, visitor))
    library = world.library

    page = client.get(draft.get_url())
    permalink = client.get(library.url + library.reverse_subpage("permalink", args=[draft.pk]))

    assert draft.get_url() == "/clauses/europe/notice-of-monitoring/"
    assert (page.status_code, permalink.status_code) == (404, 404)


def test_participants_are_not_admin_users(client, world):
    user = sign_in(client, actor_user(world, "participant_here"))

    response = client.get(reverse("wagtailadmin_home"), follow=True)

    assert user.has_perm("wagtailadmin.access_admin") is False
    # Told so, rather than sent to sign in again (allauth would send them straight back).
    assert response.redirect_chain == [("/accounts/login/?next=/admin/", 302)]
    assert response.status_code == 403


@pytest.mark.parametrize("actor", list(ACTORS))
def test_only_programme_admins_set_up_the_library_and_its_workspaces(client, world, actor):
    user = sign_in(client, actor_user(world, actor))
    library = world.library
    tester = library.permissions_for_user(user)
    allowed = actor == "programme_admin"
    assert (tester.can_edit(), tester.can_add_subpage(), tester.can_publish()) == (
        allowed,
        allowed,
        allowed,
    )
    response = client.get(f"/admin/pages/{library.pk}/edit/")
    if allowed:
        assert response.status_code == 200
    else:
        assert_refused(response, actor)
    response = client.get(f"/admin/pages/add/courses/clauseworkspacepage/{library.pk}/")
    if allowed:
        assert response.status_code == 200
    else:
        assert_refused(response, actor)

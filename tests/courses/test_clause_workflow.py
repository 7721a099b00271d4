"""The "Model clause review" workflow end to end, through the admin's own HTTP views.

A curator of Europe drafts and submits; peer review is for any other curator (of any
region), but only Europe's curators may open the editor meanwhile; approval is for Europe's
coordinator or a programme administrator, and the last approval publishes (or schedules).
Rules: courses.domain.clause_review; the workflow comes from clause_library_setup.
"""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Comment, PageLogEntry, TaskState, Workflow
from wagtail.test.utils.form_data import inline_formset

from courses.domain.clause_library import clause_version
from courses.domain.clause_setup import WORKFLOW_NAME
from courses.models import ClauseReviewTask, ModelClausePage
from lms.enums import StaffRole
from tests.factories import build_clause_world, make_clause, staff_user

from .test_clause_workspaces import (
    ELSEWHERE,
    HERE,
    SUMMARY,
    add_url,
    assert_refused,
    changed_fields,
    clause_form,
    edit_form,
    edit_url,
    revision_ids,
    sign_in,
)

pytestmark = pytest.mark.django_db

# The editor's "Approve" button for the current task (Wagtail's workflow menu item).
APPROVE_BUTTON = b'data-workflow-action-name="approve"'


@pytest.fixture
def world(curriculum):
    return build_clause_world(curriculum.home)


@pytest.fixture
def people(world):
    """Everyone the workflow meets, by the part they play for a clause of Europe."""
    europe, africa = world.regions[HERE], world.regions[ELSEWHERE]
    return {
        "author": staff_user(StaffRole.CURATOR, europe, full_name="Ama Author"),
        "peer_here": staff_user(StaffRole.CURATOR, europe, full_name="Pia Peer"),
        "peer_elsewhere": staff_user(StaffRole.CURATOR, africa, full_name="Pat Farpeer"),
        "coordinator_here": staff_user(StaffRole.COORDINATOR, europe, full_name="Cora Coord"),
        "coordinator_elsewhere": staff_user(StaffRole.COORDINATOR, africa, full_name="Cy Farcoord"),
        "programme_admin": staff_user(StaffRole.PROGRAMME_ADMIN, None, full_name="Ada Admin"),
        "facilitator_here": staff_user(StaffRole.FACILITATOR, europe, full_name="Fen Facil"),
    }


def submit_new_clause(client, world, author, *, slug="notice-of-monitoring", **extra):
    """The author fills in the create form and presses "Submit to Model clause review"."""
    sign_in(client, author)
    response = client.post(
        add_url(world.workspaces[HERE]),
        clause_form(title="Notice of monitoring", slug=slug, action="submit", **extra),
    )
    clause = ModelClausePage.objects.get(slug=slug)
    assert (response.status_code, response.url) == (
        302,
        reverse("wagtailadmin_explore", args=(world.workspaces[HERE].pk,)),
    )
    return clause


@pytest.fixture
def submitted(client, world, people):
    """A clause of Europe, drafted and submitted by its author: now at peer review."""
    return submit_new_clause(client, world, people["author"])


def fresh(clause):
    return ModelClausePage.objects.get(pk=clause.pk)


def stage(clause):
    """Where the clause stands: (workflow status, current task name or None, live)."""
    clause = fresh(clause)
    state = clause.workflow_states.order_by("-created_at").first()
    task = clause.current_workflow_task
    return (state.status if state else None, task.name if task else None, clause.live)


def workflow_action(client, clause, action, **data):
    state = fresh(clause).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(clause.pk, action, state.pk))
    return client.post(url, data)


def decide(client, clause, user, action="approve", **data):
    sign_in(client, user)
    return workflow_action(client, clause, action, **data)


def approvals(clause):
    """Who approved which task, in order, from the page's log."""
    return [
        (entry.user_id, entry.data["workflow"]["task"]["title"])
        for entry in PageLogEntry.objects.filter(
            page=clause, action="wagtail.workflow.approve"
        ).order_by("timestamp", "pk")
    ]


def reviewable(user):
    """The dashboard's "Awaiting your review" list: (clause title, task name), sorted."""
    return sorted(
        (state.revision.content_object.title, state.task.name)
        for state in TaskState.objects.reviewable_by(user).select_related("task", "revision")
    )


# --- Submission ------------------------------------------------------------------------------


def test_a_curator_creates_and_submits_a_clause(client, world, people, submitted):
    workflow_state = submitted.current_workflow_state

    assert stage(submitted) == ("in_progress", "Peer review", False)
    assert workflow_state.workflow.name == WORKFLOW_NAME
    assert workflow_state.requested_by_id == people["author"].pk
    assert submitted.get_parent().pk == world.workspaces[HERE].pk
    assert fresh(submitted).get_latest_revision().user_id == people["author"].pk
    assert list(
        PageLogEntry.objects.filter(page=submitted)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    ) == ["wagtail.create", "wagtail.edit", "wagtail.workflow.start"]


def test_the_workflow_is_attached_to_the_library(world):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)

    assert [
        (type(step.task.specific), step.task.name, step.task.specific.stage)
        for step in workflow.workflow_tasks.order_by("sort_order")
    ] == [
        (ClauseReviewTask, "Peer review", "peer"),
        (ClauseReviewTask, "Approval", "approval"),
    ]
    assert world.library.get_workflow() == workflow
    assert world.workspaces[ELSEWHERE].get_workflow() == workflow


# --- Peer review -----------------------------------------------------------------------------


def test_the_submitter_gets_no_review_actions(client, people, submitted):
    sign_in(client, people["author"])

    editor = client.get(edit_url(submitted))
    approve = workflow_action(client, submitted, "approve")
    reject = workflow_action(client, submitted, "reject", comment="Looks fine to me.")

    assert editor.status_code == 200
    assert APPROVE_BUTTON not in editor.content
    assert_refused(approve, "author")
    assert_refused(reject, "author")
    assert stage(submitted) == ("in_progress", "Peer review", False)
    assert approvals(submitted) == []


def test_the_author_of_the_revision_under_review_may_not_peer_review_it(client, world, people):
    """Drafted by one curator, submitted by another: neither reviews it, a third one does."""
    clause = make_clause(
        world.workspaces[HERE], title="Notice of monitoring", publish=False, user=people["author"]
    )
    Workflow.objects.get(name=WORKFLOW_NAME).start(clause, people["peer_here"])

    by_author = decide(client, clause, people["author"])
    by_submitter = decide(client, clause, people["peer_here"])
    by_third = decide(client, clause, people["peer_elsewhere"])

    assert_refused(by_author, "author")
    assert_refused(by_submitter, "peer_here")
    assert (by_third.status_code, by_third.url) == (302, edit_url(clause))
    assert approvals(clause) == [(people["peer_elsewhere"].pk, "Peer review")]


def test_a_curator_of_another_region_peer_reviews_without_the_editor(client, people, submitted):
    sign_in(client, people["peer_elsewhere"])
    state = fresh(submitted).current_workflow_task_state

    editor = client.get(edit_url(submitted))
    preview = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=(submitted.pk, state.task_id))
    )
    approve = workflow_action(client, submitted, "approve", comment="Clear and short.")

    assert_refused(editor, "peer_elsewhere")
    # They read what they review in the task's preview.
    assert preview.status_code == 200
    assert SUMMARY.encode() in preview.content
    assert (approve.status_code, approve.url) == (302, edit_url(submitted))
    assert stage(submitted) == ("in_progress", "Approval", False)
    assert approvals(submitted) == [(people["peer_elsewhere"].pk, "Peer review")]
    assert TaskState.objects.get(pk=state.pk).comment == "Clear and short."


def test_a_second_curator_of_the_region_edits_during_peer_review(client, people, submitted):
    sign_in(client, people["peer_here"])
    before = revision_ids(submitted)

    editor = client.get(edit_url(submitted))
    response = client.post(
        edit_url(submitted), edit_form(submitted, summary="Workers are told in advance.")
    )

    assert editor.status_code == 200
    assert APPROVE_BUTTON in editor.content
    assert (response.status_code, response.url) == (302, edit_url(submitted))
    assert len(revision_ids(submitted)) == len(before) + 1
    latest = fresh(submitted).get_latest_revision()
    assert (latest.user_id, latest.as_object().summary) == (
        people["peer_here"].pk,
        "Workers are told in advance.",
    )
    assert stage(submitted) == ("in_progress", "Peer review", False)


def test_the_region_coordinator_cannot_change_a_clause_in_peer_review(client, people, submitted):
    """Peer review is the curators' stage: the coordinator's editor is locked until approval."""
    sign_in(client, people["coordinator_here"])
    before = revision_ids(submitted)

    response = client.post(
        edit_url(submitted), edit_form(submitted, summary="Changed by the coordinator.")
    )
    peer_approve = workflow_action(client, submitted, "approve")

    assert response.status_code == 200
    assert revision_ids(submitted) == before
    assert_refused(peer_approve, "coordinator_here")
    assert stage(submitted) == ("in_progress", "Peer review", False)


@pytest.mark.parametrize("outsider", ["coordinator_elsewhere", "facilitator_here"])
def test_people_who_are_not_curators_cannot_peer_review(client, people, submitted, outsider):
    task_id = fresh(submitted).current_workflow_task_state.task_id

    response = decide(client, submitted, people[outsider])
    preview = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=(submitted.pk, task_id))
    )

    assert_refused(response, outsider)
    assert_refused(preview, outsider)
    assert stage(submitted) == ("in_progress", "Peer review", False)


# --- Approval --------------------------------------------------------------------------------


@pytest.fixture
def peer_reviewed(client, people, submitted):
    decide(client, submitted, people["peer_elsewhere"])
    assert stage(submitted) == ("in_progress", "Approval", False)
    return submitted


@pytest.mark.parametrize(
    "outsider", ["coordinator_elsewhere", "peer_here", "peer_elsewhere", "author"]
)
def test_only_the_region_coordinator_or_an_administrator_approves(
    client, people, peer_reviewed, outsider
):
    response = decide(client, peer_reviewed, people[outsider])

    assert_refused(response, outsider)
    assert stage(peer_reviewed) == ("in_progress", "Approval", False)
    assert approvals(peer_reviewed) == [(people["peer_elsewhere"].pk, "Peer review")]


def test_the_region_coordinator_approves_and_the_clause_goes_live(client, people, peer_reviewed):
    response = decide(client, peer_reviewed, people["coordinator_here"])

    assert (response.status_code, response.url) == (302, edit_url(peer_reviewed))
    assert stage(peer_reviewed) == ("approved", None, True)
    assert clause_version(fresh(peer_reviewed)) == 1
    assert approvals(peer_reviewed) == [
        (people["peer_elsewhere"].pk, "Peer review"),
        (people["coordinator_here"].pk, "Approval"),
    ]
    assert list(
        PageLogEntry.objects.filter(page=peer_reviewed, action="wagtail.publish").values_list(
            "user_id", flat=True
        )
    ) == [people["coordinator_here"].pk]

    # The revision history an editor reads shows both decisions.
    sign_in(client, people["author"])
    history = client.get(reverse("wagtailadmin_pages:history", args=(peer_reviewed.pk,)))
    assert history.status_code == 200
    text = html.unescape(history.content.decode())
    assert "Approved at 'Peer review'. Next step 'Approval'" in text
    assert "Approved at 'Approval'. 'Model clause review' complete" in text


def test_a_programme_administrator_approves_and_the_clause_goes_live(client, people, peer_reviewed):
    response = decide(client, peer_reviewed, people["programme_admin"])

    assert (response.status_code, response.url) == (302, edit_url(peer_reviewed))
    assert stage(peer_reviewed) == ("approved", None, True)
    assert clause_version(fresh(peer_reviewed)) == 1
    assert approvals(peer_reviewed) == [
        (people["peer_elsewhere"].pk, "Peer review"),
        (people["programme_admin"].pk, "Approval"),
    ]


def test_an_editor_compares_the_live_version_with_a_new_draft(client, people, peer_reviewed):
    decide(client, peer_reviewed, people["programme_admin"])
    sign_in(client, people["author"])
    client.post(
        edit_url(peer_reviewed), edit_form(fresh(peer_reviewed), summary="Told a week ahead.")
    )

    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=(peer_reviewed.pk, "live", "latest"))
    )

    assert compare.status_code == 200
    assert changed_fields(compare) == {"Summary": "Told a week ahead."}
    clause = fresh(peer_reviewed)
    assert (clause.live, clause.has_unpublished_changes) == (True, True)
    assert clause.get_latest_revision().as_object().summary == "Told a week ahead."
    assert clause.summary == SUMMARY


@pytest.mark.parametrize("approver", ["coordinator_here", "programme_admin"])
def test_approval_of_a_clause_due_later_schedules_it(client, world, people, approver):
    go_live_at = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    clause = submit_new_clause(
        client,
        world,
        people["author"],
        go_live_at=timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M"),
    )
    decide(client, clause, people["peer_elsewhere"])

    response = decide(client, clause, people[approver])

    clause = fresh(clause)
    revision = clause.get_latest_revision()
    assert (response.status_code, response.url) == (302, edit_url(clause))
    assert stage(clause) == ("approved", None, False)
    assert (revision.approved_go_live_at, clause.scheduled_revision) == (go_live_at, revision)
    assert clause_version(clause) == 0
    assert list(
        PageLogEntry.objects.filter(page=clause, action="wagtail.publish.schedule").values_list(
            "user_id", flat=True
        )
    ) == [people[approver].pk]


# --- Changes requested -----------------------------------------------------------------------


def test_request_changes_returns_the_clause_to_its_author(client, people, submitted):
    response = decide(
        client, submitted, people["peer_elsewhere"], "reject", comment="Name the data."
    )

    assert (response.status_code, response.url) == (302, edit_url(submitted))
    assert stage(submitted) == ("needs_changes", None, False)
    assert reviewable(people["peer_elsewhere"]) == []
    assert list(
        PageLogEntry.objects.filter(page=submitted, action="wagtail.workflow.reject").values_list(
            "user_id", flat=True
        )
    ) == [people["peer_elsewhere"].pk]

    # The author changes it and submits again: it resumes at peer review.
    sign_in(client, people["author"])
    resubmit = client.post(
        edit_url(submitted),
        edit_form(
            submitted, summary="Workers are told which data, before it starts.", action="submit"
        ),
    )

    assert resubmit.status_code == 302
    assert stage(submitted) == ("in_progress", "Peer review", False)
    assert fresh(submitted).current_workflow_task_state.revision.as_object().summary == (
        "Workers are told which data, before it starts."
    )
    assert reviewable(people["peer_elsewhere"]) == [("Notice of monitoring", "Peer review")]


# --- Locking ---------------------------------------------------------------------------------


def test_a_lock_by_one_curator_blocks_another_curators_edit(client, people, submitted):
    sign_in(client, people["peer_here"])
    client.post(reverse("wagtailadmin_pages:lock", args=(submitted.pk,)))
    before = revision_ids(submitted)

    sign_in(client, people["author"])
    blocked = client.post(edit_url(submitted), edit_form(submitted, summary="Overwritten."))

    assert blocked.status_code == 200
    assert revision_ids(submitted) == before
    clause = fresh(submitted)
    assert (clause.locked, clause.locked_by_id) == (True, people["peer_here"].pk)
    assert clause.get_latest_revision().as_object().summary == SUMMARY

    sign_in(client, people["peer_here"])
    saved = client.post(edit_url(submitted), edit_form(submitted, summary="Told in writing."))

    assert (saved.status_code, saved.url) == (302, edit_url(submitted))
    assert fresh(submitted).get_latest_revision().as_object().summary == "Told in writing."


def test_a_curators_lock_is_released_when_the_clause_reaches_approval(client, people, submitted):
    """Curators may not edit at approval, so Wagtail's rule applies: their lock goes."""
    sign_in(client, people["author"])
    client.post(reverse("wagtailadmin_pages:lock", args=(submitted.pk,)))
    assert fresh(submitted).locked_by_id == people["author"].pk

    decide(client, submitted, people["peer_elsewhere"])

    clause = fresh(submitted)
    assert (clause.locked, clause.locked_by_id) == (False, None)


# --- Comments --------------------------------------------------------------------------------


def test_a_comment_from_a_curator_of_the_region_is_stored(client, people, submitted):
    sign_in(client, people["peer_here"])
    comments = inline_formset(
        [
            {
                "id": "",
                "contentpath": "summary",
                "text": "Say which data the employer collects.",
                "position": "",
                "resolved": "",
                "replies": inline_formset([], max=0),
            }
        ]
    )
    data = edit_form(submitted, comments=comments)

    response = client.post(edit_url(submitted), data)

    assert (response.status_code, response.url) == (302, edit_url(submitted))
    assert list(
        Comment.objects.filter(page=submitted).values_list("user_id", "contentpath", "text")
    ) == [(people["peer_here"].pk, "summary", "Say which data the employer collects.")]
    assert list(
        PageLogEntry.objects.filter(page=submitted, action="wagtail.comments.create").values_list(
            "user_id", flat=True
        )
    ) == [people["peer_here"].pk]


# --- The dashboard's "Awaiting your review" --------------------------------------------------


def test_the_review_lists_are_exact_for_each_person(client, world, people):
    africa_author = staff_user(StaffRole.CURATOR, world.regions[ELSEWHERE])
    coordinator_everywhere = staff_user(StaffRole.COORDINATOR, None)
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)

    def submitted_by(author, region, title):
        clause = make_clause(world.workspaces[region], title=title, publish=False, user=author)
        workflow.start(clause, author)
        return clause

    submitted_by(people["author"], HERE, "Europe in peer review")
    submitted_by(africa_author, ELSEWHERE, "Africa in peer review")
    for author, region, title in [
        (people["author"], HERE, "Europe in approval"),
        (africa_author, ELSEWHERE, "Africa in approval"),
    ]:
        clause = submitted_by(author, region, title)
        state = clause.current_workflow_task_state
        state.task.specific.on_action(state, people["programme_admin"], "approve")
    finished = submitted_by(people["author"], HERE, "Europe approved")
    for _stage in range(2):
        state = fresh(finished).current_workflow_task_state
        state.task.specific.on_action(state, people["programme_admin"], "approve")

    europe_peer = ("Europe in peer review", "Peer review")
    africa_peer = ("Africa in peer review", "Peer review")
    europe_approval = ("Europe in approval", "Approval")
    africa_approval = ("Africa in approval", "Approval")
    expected = {
        "author": [africa_peer],
        "peer_here": [africa_peer, europe_peer],
        "peer_elsewhere": [africa_peer, europe_peer],
        "coordinator_here": [europe_approval],
        "coordinator_elsewhere": [africa_approval],
        "programme_admin": [africa_approval, africa_peer, europe_approval, europe_peer],
        "facilitator_here": [],
    }
    assert {name: reviewable(people[name]) for name in expected} == expected
    assert reviewable(africa_author) == [europe_peer]
    assert reviewable(coordinator_everywhere) == [africa_approval, europe_approval]
    assert [state.status for state in finished.workflow_states.all()] == ["approved"]

    # Each list is exactly what the person may decide.
    in_progress = TaskState.objects.filter(status="in_progress").select_related("task")
    for name, items in expected.items():
        decidable = sorted(
            (state.revision.content_object.title, state.task.name)
            for state in in_progress
            if state.task.specific.get_actions(state.revision.content_object, people[name])
        )
        assert decidable == items, name


def test_the_dashboard_shows_a_reviewer_what_awaits_them(client, people, submitted):
    sign_in(client, people["peer_elsewhere"])
    reviewer = client.get(reverse("wagtailadmin_home"))
    sign_in(client, people["coordinator_here"])
    coordinator = client.get(reverse("wagtailadmin_home"))

    assert reviewer.status_code == coordinator.status_code == 200
    assert b"Notice of monitoring" in reviewer.content
    assert b"Notice of monitoring" not in coordinator.content

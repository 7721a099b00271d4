"""The rules of `ClauseReviewTask`: who reviews a clause at each stage of its workflow.

- Peer review: any curator except the person who submitted the clause and the author of
  the revision under review. Only curators of the clause's own region (and programme
  administrators) may open it in the editor while it is under review; curators of other
  regions decide from their dashboard or the review page.
- Approval: a coordinator of the clause's workspace region, or a programme administrator.
"""

from django.db.models import Q
from wagtail.models import Page, TaskState

from courses.enums import ReviewStage
from lms.domain.roles import is_programme_admin, staff_roles
from lms.enums import StaffRole

from .clause_access import holds_role_in, workspace_region_id


def _current_task_state(page):
    state = page.__dict__.get("_review_task_state")
    if state is None:
        state = page.current_workflow_task_state
        page.__dict__["_review_task_state"] = state
    return state


def _authors(page):
    """Who may not peer-review: the submitter and the author of the revision under review."""
    state = _current_task_state(page)
    if state is None:
        return set()
    people = {state.workflow_state.requested_by_id}
    if state.revision_id:
        people.add(state.revision.user_id)
    # Edits during review restart the workflow (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT),
    # so the latest revision is the one under review; its author is excluded all the same.
    if page.latest_revision_id:
        people.add(page.latest_revision.user_id)
    return people - {None}


def review_can_edit(*, task, page, user) -> bool:
    """Open the clause in the editor (and so change it) while it is at this task."""
    if not user.is_active:
        return False
    if is_programme_admin(user):
        return True
    region_id = workspace_region_id(page, user)
    if task.stage == ReviewStage.PEER:
        return holds_role_in(user, region_id, StaffRole.CURATOR)
    return holds_role_in(user, region_id, StaffRole.COORDINATOR)


def review_may_decide(*, task, page, user) -> bool:
    """Approve or request changes at this task."""
    if not user.is_active:
        return False
    if task.stage == ReviewStage.PEER:
        is_curator = StaffRole.CURATOR in staff_roles(user) or is_programme_admin(user)
        return is_curator and user.pk not in _authors(page)
    if is_programme_admin(user):
        return True
    return holds_role_in(user, workspace_region_id(page, user), StaffRole.COORDINATOR)


def review_task_states(*, task, user):
    """The in-progress reviews at `task` that `user` may decide (their dashboard)."""
    from courses.models import ClauseWorkspacePage, ModelClausePage

    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    if not user.is_active:
        return TaskState.objects.none()
    if task.stage == ReviewStage.PEER:
        if not (StaffRole.CURATOR in staff_roles(user) or is_programme_admin(user)):
            return TaskState.objects.none()
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)
    if is_programme_admin(user):
        return states
    regions = staff_roles(user).get(StaffRole.COORDINATOR)
    if not regions:
        return TaskState.objects.none()
    if None in regions:
        return states
    paths = list(
        ClauseWorkspacePage.objects.filter(region_id__in=regions).values_list("path", flat=True)
    )
    if not paths:
        return TaskState.objects.none()
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    page_ids = [
        str(pk) for pk in ModelClausePage.objects.filter(under).values_list("pk", flat=True)
    ]
    return states.filter(workflow_state__object_id__in=page_ids)


def review_start(*, task, workflow_state) -> None:
    """Release a lock held by someone who may not edit at this stage, as Wagtail does."""
    page = workflow_state.content_object
    if not isinstance(page, Page) or not page.locked_by_id:
        return
    if not review_can_edit(task=task, page=page, user=page.locked_by):
        page.locked = False
        page.locked_by = None
        page.locked_at = None
        page.save(update_fields=["locked", "locked_by", "locked_at"])

"""Wagtail's end-of-workflow action for this site (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this while loading its own models, so everything is imported inside.
"""


def finish_workflow(workflow_state, user=None) -> None:
    """What happens when a workflow's last task is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

    Wagtail's default publishes as the approver and so asks for publish permission, which
    the workspaces give nobody but administrators: for clauses, the approval itself is the
    permission (its rules were checked when the approver acted). A future go-live date on
    the revision schedules the clause rather than publishing it now, as in Wagtail.
    """
    from wagtail.workflows import publish_workflow_state

    from courses.models import ModelClausePage

    # The workflow state points at the base Page row; its class tells a clause apart.
    obj = workflow_state.content_object
    if issubclass(getattr(obj, "specific_class", None) or type(obj), ModelClausePage):
        obj.get_latest_revision().publish(user=user, skip_permission_checks=True)
        return
    publish_workflow_state(workflow_state, user=user)

"""Setting up the clause library: the library page, a workspace per region, the workflow.

Used by the demo data and by programme administrators' set-up; safe to run again.
"""

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from courses.enums import ReviewStage
from lms.models import Region

WORKFLOW_NAME = "Model clause review"


@transaction.atomic
def clause_library_setup(*, home, title="Model clause library", slug="clauses"):
    """The library under `home`, one workspace per region, and the review workflow on it."""
    from courses.models import ClauseLibraryPage

    library = ClauseLibraryPage.objects.child_of(home).first()
    if library is None:
        library = home.add_child(
            instance=ClauseLibraryPage(title=title, slug=slug, show_in_menus=True)
        )
        library.save_revision().publish()
    for region in Region.objects.all():
        clause_workspace_ensure(library=library, region=region)
    clause_workflow_ensure(library=library)
    return library


def clause_workspace_ensure(*, library, region):
    from courses.models import ClauseWorkspacePage

    workspace = ClauseWorkspacePage.objects.filter(region=region).first()
    if workspace is None:
        workspace = library.add_child(
            instance=ClauseWorkspacePage(
                title=str(region), slug=slugify(region.slug) or f"region-{region.pk}", region=region
            )
        )
        workspace.save_revision().publish()
    return workspace


def clause_workflow_ensure(*, library):
    """Peer review by another curator, then approval; applies to every workspace's clauses."""
    from courses.models import ClauseReviewTask

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        peer = ClauseReviewTask.objects.create(name="Peer review", stage=ReviewStage.PEER)
        approval = ClauseReviewTask.objects.create(name="Approval", stage=ReviewStage.APPROVAL)
        WorkflowTask.objects.create(workflow=workflow, task=peer, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return workflow

"""A curator drafts a model clause and submits it; a second curator peer-reviews it; the
region's coordinator approves and so publishes it; a visitor finds it by words and a filter,
puts it in a bargaining pack and downloads the pack. Axe checks the public pages."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from courses.models import ModelClausePage
from lms.enums import StaffRole
from tests.e2e.conftest import DESKTOP, _new_page
from tests.factories import build_clause_world, make_clause, staff_user
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def signed_in(browser, live_server, user):
    context, page = _new_page(browser, live_server.url, DESKTOP)
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return context, page


def open_more_actions(page):
    """The editor's action menu: the primary button, and the rest behind a toggle.

    Waits for the editor's scripts first: a workflow button clicked before they have run
    posts no action name, and Wagtail then only saves the page (on a busy machine, the
    approval was sometimes lost that way).
    """
    page.wait_for_load_state("networkidle")
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def test_draft_review_approve_then_a_visitor_finds_it_and_downloads_a_pack(
    browser, live_server, curriculum, assert_accessible, page
):
    world = build_clause_world(curriculum.home)
    europe = world.regions["europe"]
    author = staff_user(StaffRole.CURATOR, europe, full_name="Ana Author")
    reviewer = staff_user(StaffRole.CURATOR, europe, full_name="Rui Reviewer")
    coordinator = staff_user(StaffRole.COORDINATOR, europe, full_name="Cleo Coordinator")
    make_clause(
        world.workspaces["africa"],
        title="Camera monitoring in depots",
        summary="Limits on cameras in vehicle depots.",
        themes=[world.themes["tools"]],
    )
    workspace = world.workspaces["europe"]

    # 1. The author drafts the clause in the Europe workspace and submits it for review.
    context, admin = signed_in(browser, live_server, author)
    admin.goto(f"/admin/pages/add/courses/modelclausepage/{workspace.pk}/")
    admin.get_by_role("textbox", name="Title*").fill("Notice before tracking by GPS")
    admin.get_by_role("textbox", name="Summary*").fill(
        "Workers are told before any location tracking starts."
    )
    body = admin.locator("[data-contentpath='body'] .public-DraftEditor-content")
    body.click()
    admin.keyboard.type("The employer shall tell the union before GPS tracking starts.")
    expect(body).to_contain_text("before GPS tracking starts.")
    # Draftail writes its content to the form field shortly after typing stops.
    admin.wait_for_function("document.querySelector('input[name=body]').value.includes('GPS')")
    admin.get_by_role("checkbox", name="Access to data").check()
    open_more_actions(admin)
    admin.get_by_role("button", name=re.compile("Submit to Model clause review")).click()
    expect(admin.get_by_text("created and submitted for moderation")).to_be_visible()
    clause = ModelClausePage.objects.get(title="Notice before tracking by GPS")
    assert clause.live is False
    assert clause.current_workflow_task.name == "Peer review"
    context.close()

    # 2. Another curator of the region approves the peer review from the editor.
    context, admin = signed_in(browser, live_server, reviewer)
    admin.goto(f"/admin/pages/{clause.pk}/edit/")
    open_more_actions(admin)
    admin.get_by_role("button", name="Approve", exact=True).click()
    expect(admin.get_by_text("has been updated.")).to_be_visible()
    clause.refresh_from_db()
    assert clause.current_workflow_task.name == "Approval"
    context.close()

    # 3. The coordinator approves: the clause is published.
    context, admin = signed_in(browser, live_server, coordinator)
    admin.goto(f"/admin/pages/{clause.pk}/edit/")
    open_more_actions(admin)
    admin.get_by_role("button", name="Approve", exact=True).click()
    expect(admin.get_by_text("has been updated.")).to_be_visible()
    clause.refresh_from_db()
    assert clause.live is True
    context.close()

    # 4. A visitor searches the library with a filter, packs the clause and downloads it.
    page.goto("/clauses/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Model clause library")
    assert_accessible(page)
    page.get_by_label("Words").fill("GPS tracking")
    page.get_by_label("Theme").select_option(label="— Access to data")
    page.get_by_role("button", name="Show clauses").click()
    results = page.get_by_role("region", name="1 clause")
    expect(results.get_by_role("link", name="Notice before tracking by GPS")).to_be_visible()
    expect(page.get_by_text("Camera monitoring in depots")).to_have_count(0)
    assert_accessible(page)

    results.get_by_role("link", name="Notice before tracking by GPS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice before tracking by GPS")
    expect(page.get_by_text(re.compile(r"Version 1"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Add to pack")).click()
    expect(page.get_by_text("is in your pack")).to_be_visible()

    page.goto("/clauses/pack/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("DOCX")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(download.path().read_bytes()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Notice before tracking by GPS" in texts
    assert "Camera monitoring in depots" not in texts

"""A visitor finds a seminar by clicking through the curriculum, with axe checking every page."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from lms.enums import StaffRole
from tests.factories import staff_user
from tests.factories.people import PASSWORD

# The live server reads what the test writes, so the data must be committed; the
# serialized rollback puts back what migrations created (Wagtail's root page).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE_URL = "/programme/curators/seminar-1/"


def expect_h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    expect(page).to_have_title(f"{text} · {settings.WAGTAIL_SITE_NAME}")


@pytest.mark.parametrize("screen", ["page", "mobile_page"])
def test_home_to_programme_to_track_to_module(request, screen, curriculum, assert_accessible):
    page = request.getfixturevalue(screen)
    main = page.get_by_role("main")

    page.goto("/")
    expect_h1(page, "Home")
    assert_accessible(page)

    # The programme is also in the site menu; the journey follows the card in the content.
    main.get_by_role("link", name="Digital rights programme").click()
    expect(page).to_have_url(re.compile(r"/programme/$"))
    expect_h1(page, "Digital rights programme")
    expect(main.get_by_role("heading", name="Course tracks")).to_be_visible()
    assert_accessible(page)

    main.get_by_role("link", name="Digital curators").click()
    expect(page).to_have_url(re.compile(r"/programme/curators/$"))
    expect_h1(page, "Digital curators")
    expect(main.get_by_role("link", name=re.compile(r"^Seminar \d+: "))).to_have_count(3)
    assert_accessible(page)

    main.get_by_role("link", name="Seminar 1: Digital curators seminar 1").click()
    expect(page).to_have_url(re.compile(r"/programme/curators/seminar-1/$"))
    expect_h1(page, "Digital curators seminar 1")
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link", name="Digital curators")).to_be_visible()
    expect(page.get_by_role("table", name="Agenda")).to_be_visible()
    assert_accessible(page)

    # And back up through the breadcrumb.
    breadcrumb.get_by_role("link", name="Digital rights programme").click()
    expect_h1(page, "Digital rights programme")


def test_skip_link_moves_focus_to_main_content(page, curriculum):
    page.goto("/")
    expect_h1(page, "Home")
    skip_link = page.get_by_role("link", name="Skip to main content")

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # hidden off-screen until it has focus

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.get_by_role("main")).to_be_focused()


def spanish(message):
    """`message` as the server translates it, whatever state the project's catalogue is in."""
    with translation.override("es"):
        return translation.gettext(message)


def test_language_switcher_changes_interface_to_spanish(page, curriculum, assert_accessible):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Language").select_option(label="Español")
    page.get_by_role("button", name="Change").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label(spanish("Language"))).to_have_value("es")
    expect_h1(page, "Home")
    assert_accessible(page)

    # The choice sticks across pages. The sign-in heading comes from allauth's own
    # (complete) Spanish catalogue, so this checks a real translation is shown.
    sign_in = spanish("Sign In")
    assert sign_in != "Sign In", "allauth's Spanish catalogue is missing"
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(sign_in)


def test_facilitator_notes_only_for_facilitators(page, curriculum, assert_accessible):
    facilitator = staff_user(StaffRole.FACILITATOR)
    notes_heading = page.get_by_role("heading", name="Facilitator notes")

    page.goto(MODULE_URL)
    expect_h1(page, "Digital curators seminar 1")
    expect(notes_heading).to_have_count(0)
    expect(page.get_by_text("Keep breakout groups small.")).to_have_count(0)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page)
    page.get_by_label("Email").fill(facilitator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(MODULE_URL)
    expect_h1(page, "Digital curators seminar 1")
    expect(notes_heading).to_be_visible()
    expect(page.get_by_text("Keep breakout groups small.")).to_be_visible()
    assert_accessible(page)


def test_sign_up_page_is_labelled_and_accessible(page, curriculum, assert_accessible):
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    for label in ["Full name", "Time zone", "Region", "Email", "Password"]:
        expect(page.get_by_label(label, exact=False).first).to_be_visible()
    assert_accessible(page)

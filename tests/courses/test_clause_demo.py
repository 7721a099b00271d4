"""The demo clause library: taxonomy, clauses in every state, safe to seed again."""

import re
from collections import Counter

import pytest
from django.db import transaction
from wagtail.models import Comment, Page, PageLogEntry, Revision, TaskState, WorkflowState

from courses.demo import seed_curriculum
from courses.demo_clause_texts import CLAUSES
from courses.demo_clauses import JURISDICTIONS, SECTORS, THEMES, seed_clauses
from courses.domain.clause_access import published_clauses
from courses.domain.clause_library import clause_version
from courses.models import ClauseWorkspacePage, Jurisdiction, ModelClausePage, Sector, Theme
from lms.demo import seed_people
from lms.models import Region, User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_twice(django_db_setup, django_db_blocker):
    """The demo people, curriculum and clauses, seeded twice, once for the whole module:
    seeding takes seconds. Each test runs (and is rolled back) inside the module's
    transaction, which is rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_people()
            seed_curriculum()
            seed_clauses()
            counts_once = snapshot()
            seed_clauses()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield counts_once
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_twice, db):
    return seeded_twice


def snapshot():
    return {
        "pages": Page.objects.count(),
        "clauses": ModelClausePage.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "workflow states": WorkflowState.objects.count(),
        "task states": TaskState.objects.count(),
        "comments": Comment.objects.count(),
        "themes": Theme.objects.count(),
        "sectors": Sector.objects.count(),
        "jurisdictions": Jurisdiction.objects.count(),
        "live": sorted(ModelClausePage.objects.live().values_list("slug", flat=True)),
    }


def at_task(name):
    """Slugs of the clauses whose review workflow is in progress at the task `name`."""
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, current_task_state__task__name=name
    )
    ids = [int(pk) for pk in states.values_list("object_id", flat=True)]
    return sorted(ModelClausePage.objects.filter(pk__in=ids).values_list("slug", flat=True))


def clause(slug):
    return ModelClausePage.objects.get(slug=slug)


def email(local_part):
    return f"{local_part}@example.org"


def test_seeding_again_changes_nothing_and_keeps_editors_changes(seeded):
    assert snapshot() == seeded
    assert seeded["clauses"] == 36

    # An editor renames a theme and publishes a new title; a second run keeps both.
    Theme.objects.filter(slug="monitoring").update(name="Surveillance at work")
    edited = clause("limits-on-workplace-monitoring")
    edited.title = "Limits on surveillance at work"
    edited.save_revision(user=User.objects.get(email=email("admin"))).publish()
    after_edit = snapshot()

    seed_clauses()
    assert snapshot() == after_edit
    assert Theme.objects.get(slug="monitoring").name == "Surveillance at work"
    assert clause("limits-on-workplace-monitoring").title == "Limits on surveillance at work"


def test_clauses_in_every_state(seeded):
    clauses = ModelClausePage.objects.all()
    live = clauses.live()
    assert live.count() == 24
    assert published_clauses().count() == 24
    assert {
        slug: live.filter(url_path__startswith=f"/home/clauses/{slug}/").count()
        for slug in ["africa-arab", "inter-america", "asia-pacific", "europe", "global"]
    } == {"africa-arab": 4, "inter-america": 5, "asia-pacific": 4, "europe": 5, "global": 6}

    assert at_task("Peer review") == [
        "digital-facilities-for-representatives",
        "generative-ai-in-casework",
        "geolocalizacion-vehiculos-dispositivos",
        "guichets-numeriques-donnees-usagers-agents",
    ]
    assert at_task("Approval") == [
        "paid-training-for-new-systems",
        "skills-fund-for-digital-transition",
    ]
    in_review = at_task("Peer review") + at_task("Approval")
    drafts = clauses.filter(live=False, first_published_at__isnull=True).exclude(slug__in=in_review)
    assert sorted(drafts.values_list("slug", flat=True)) == [
        "checklist-membership-records",
        "data-protection-officer-and-union",
        "redeployment-when-tasks-are-automated",
        "risques-psychosociaux-outils-numeriques",
        "teletravail-et-connectivite",
        "telework-equipment-and-data-costs",
    ]
    assert all(draft.has_unpublished_changes for draft in drafts)
    assert not clauses.filter(live=False, first_published_at__isnull=False).exists()

    # Six clauses were published twice; one live clause has a newer draft.
    assert sorted(
        slug for slug in live.values_list("slug", flat=True) if clause_version(clause(slug)) == 2
    ) == [
        "access-to-data-and-explanation",
        "call-centre-monitoring-performance-metrics",
        "definitions-for-technology-agreements",
        "informacion-previa-nueva-tecnologia",
        "information-representants-nouveau-logiciel",
        "joint-algorithm-governance-committee",
    ]
    assert Counter(clause_version(page) for page in live) == {1: 18, 2: 6}
    assert list(live.filter(has_unpublished_changes=True).values_list("slug", flat=True)) == [
        "algorithmic-impact-assessment-with-union"
    ]
    pending = clause("algorithmic-impact-assessment-with-union")
    assert pending.latest_revision_id != pending.live_revision_id
    assert "service users" in pending.get_latest_revision_as_object().summary
    assert "service users" not in pending.summary

    assert Counter(clauses.values_list("language", flat=True)) == {"en": 27, "fr": 5, "es": 4}
    assert Counter(clauses.values_list("clause_type", flat=True)) == {
        "clause": 29,
        "co_governance": 4,
        "checklist": 3,
    }


def test_curators_save_and_coordinators_publish(seeded):
    publishers = {
        "africa-arab": email("coordinator.africa"),
        "inter-america": email("coordinator.americas"),
        "asia-pacific": email("coordinator.asia"),
        "europe": email("coordinator.europe"),
        "global": email("admin"),
    }
    for page in ModelClausePage.objects.live().select_related("owner"):
        region = page.url_path.split("/")[3]
        published_by = set(
            PageLogEntry.objects.filter(page=page, action="wagtail.publish").values_list(
                "user__email", flat=True
            )
        )
        assert published_by == {publishers[region]}, page.slug
        assert set(page.revisions.values_list("user__email", flat=True)) == {page.owner.email}, (
            page.slug
        )

    # Whoever approved the peer review is not the one who submitted the clause.
    approved = TaskState.objects.filter(status=TaskState.STATUS_APPROVED)
    assert sorted(
        approved.values_list(
            "workflow_state__requested_by__email", "finished_by__email", "task__name"
        )
    ) == [
        (email("curator.africa"), email("curator.europe"), "Peer review"),
        (email("curator.europe"), email("curator.americas"), "Peer review"),
    ]


def test_the_demo_accounts_can_do_what_the_readme_says(seeded):
    def actions(slug, local_part):
        page = clause(slug)
        user = User.objects.get(email=email(local_part))
        return [name for name, _label, _modal in page.current_workflow_task.get_actions(page, user)]

    assert "approve" in actions("paid-training-for-new-systems", "coordinator.europe")
    assert "approve" in actions("skills-fund-for-digital-transition", "coordinator.africa")
    assert actions("skills-fund-for-digital-transition", "coordinator.europe") == []
    assert "approve" in actions("generative-ai-in-casework", "curator.americas")
    assert "approve" in actions("geolocalizacion-vehiculos-dispositivos", "curator.europe")
    # Nobody peer-reviews their own clause.
    assert actions("generative-ai-in-casework", "curator.europe") == []

    # Every region with drafts or clauses in review has two curators to review each other.
    for region in Region.objects.all():
        slugs = [
            spec["slug"]
            for spec in CLAUSES
            if spec["workspace"] == region.slug and spec["state"] != "published"
        ]
        if slugs:
            curators = User.objects.filter(
                role_assignments__role="curator", role_assignments__region=region
            )
            assert curators.count() == 2, region.slug


def test_the_translation_pair_and_the_reviewers_comments(seeded):
    original = clause("gestion-algoritmica-de-turnos")
    english = clause("algorithmic-management-of-shifts")
    assert (original.language, english.language) == ("es", "en")
    assert original.live and english.live
    assert english.translation_of_id == original.pk
    assert english.translated_revision_id == original.live_revision_id
    assert original.translation_of_id is None

    assert sorted(Comment.objects.values_list("page__slug", "user__email", "contentpath")) == [
        ("generative-ai-in-casework", email("curator.americas"), "body"),
        ("geolocalizacion-vehiculos-dispositivos", email("curator.europe"), "body"),
    ]
    # Each comment comes from a curator of another region than the clause's workspace.
    for comment in Comment.objects.select_related("user"):
        workspace = ClauseWorkspacePage.objects.get(path=comment.page.path[: -comment.page.steplen])
        assert comment.user.region_id != workspace.region_id
        assert comment.revision_created_id == comment.page.latest_revision_id


def test_taxonomy_follows_the_seven_key_topics(seeded):
    main = Theme.objects.filter(parent=None).order_by("sort_order")
    assert [(t.slug, list(t.topics.values_list("slug", flat=True))) for t in main] == [
        ("definitions-scope", ["data-and-ai"]),
        ("digital-tools", ["digitalised-public-services"]),
        ("data-rights", ["workers-data-rights"]),
        ("algorithmic-management", ["algorithm-governance"]),
        ("bargaining-rights", ["collective-bargaining"]),
        ("union-organisation", ["solidarity"]),
        ("public-interest", ["coalitions"]),
    ]
    assert [t.sub_themes.count() for t in main] == [2, 3, 3, 3, 3, 3, 3]
    assert Theme.objects.count() == 7 + 20
    assert Sector.objects.count() == 10 == len(SECTORS)
    assert Jurisdiction.objects.count() == 15 == len(JURISDICTIONS)
    assert len(THEMES) == 7

    # Every theme, sector and jurisdiction is used by at least one clause.
    used = {key: set() for key in ("themes", "sectors", "jurisdictions")}
    for spec in CLAUSES:
        for key, values in used.items():
            values.update(spec.get(key, ()))
    assert used["themes"] == set(Theme.objects.values_list("slug", flat=True))
    assert used["sectors"] == set(Sector.objects.values_list("slug", flat=True))
    assert used["jurisdictions"] == set(Jurisdiction.objects.values_list("code", flat=True))


def test_every_region_has_a_workspace(seeded):
    assert sorted(ClauseWorkspacePage.objects.values_list("region__slug", flat=True)) == sorted(
        Region.objects.values_list("slug", flat=True)
    )
    assert Region.objects.count() == 5
    assert all(workspace.live for workspace in ClauseWorkspacePage.objects.all())


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def test_demo_texts_have_no_address_or_link_outside_example_org():
    texts = list(_strings(CLAUSES)) + list(_strings(THEMES))
    addresses = [
        address for text in texts for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    ]
    assert [a for a in addresses if not a.endswith("@example.org")] == []
    hosts = [host for text in texts for host in re.findall(r"https?://([^/\s\"'<>]+)", text)]
    assert hosts and set(hosts) == {"agreements.example.org"}


def test_library_and_clause_pages_render(seeded, client):
    response = client.get("/clauses/")
    assert response.status_code == 200
    assert "Checklist: reviewing an employer&#x27;s AI policy" in response.content.decode()
    assert "Telework equipment" not in response.content.decode()

    page = clause("definitions-for-technology-agreements")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Algorithmic management" in response.content.decode()
    assert client.get(clause("telework-equipment-and-data-costs").url).status_code == 404
    assert client.get(clause("generative-ai-in-casework").url).status_code == 404

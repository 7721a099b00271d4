"""The clause library for tests: library, one workspace per region, the workflow, clauses."""

from dataclasses import dataclass, field

from courses.domain.clause_setup import clause_library_setup
from courses.models import ClauseLibraryPage, ModelClausePage, Sector, Theme

from .people import RegionFactory


@dataclass
class ClauseWorld:
    library: ClauseLibraryPage
    workspaces: dict = field(default_factory=dict)  # region slug -> ClauseWorkspacePage
    regions: dict = field(default_factory=dict)  # region slug -> Region
    themes: dict = field(default_factory=dict)  # theme slug -> Theme
    sectors: dict = field(default_factory=dict)


def build_clause_world(home) -> ClauseWorld:
    """Regions "europe", "africa" and "global", their workspaces under a library at /clauses/,
    two themes (one with a sub-theme) and two sectors."""
    regions = {
        slug: RegionFactory(slug=slug, name=name)
        for slug, name in [("europe", "Europe"), ("africa", "Africa"), ("global", "Global")]
    }
    library = clause_library_setup(home=home)
    world = ClauseWorld(library=library, regions=regions)
    for slug, region in regions.items():
        world.workspaces[slug] = region.clause_workspace
    data = Theme.objects.create(name="Data rights", slug="data-rights", sort_order=1)
    world.themes = {
        "data-rights": data,
        "access": Theme.objects.create(name="Access to data", slug="access", parent=data),
        "tools": Theme.objects.create(name="Digital tools and AI", slug="tools", sort_order=2),
    }
    world.sectors = {
        "health": Sector.objects.create(name="Health", slug="health"),
        "local-government": Sector.objects.create(name="Local government", slug="local-government"),
    }
    return world


def make_clause(
    workspace,
    *,
    title="Access to workers' data",
    publish=True,
    user=None,
    themes=(),
    sectors=(),
    regions=(),
    **fields,
) -> ModelClausePage:
    """A clause in `workspace`, published (live, one revision) unless `publish=False`."""
    fields.setdefault("summary", f"Summary of {title}.")
    fields.setdefault(
        "body", "<ol><li>The employer shall tell workers which data it collects.</li></ol>"
    )
    clause = ModelClausePage(title=title, live=publish, owner=user, **fields)
    workspace.add_child(instance=clause)
    clause.themes.set(themes)
    clause.sectors.set(sectors)
    clause.regions.set(regions)
    revision = clause.save_revision(user=user)
    if publish:
        # Published as an approved workflow would, whoever saved the revision.
        revision.publish(user=user, skip_permission_checks=True)
    clause.refresh_from_db()
    return clause

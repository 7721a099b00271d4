"""Who may do what with model clauses: in the workspaces (admin) and in the library (public).

Workspaces:
- curators and coordinators of a workspace's region draft, edit, lock and unlock there;
- curators and coordinators of other regions read and comment (the review page in the
  admin), never edit;
- nobody publishes directly but programme administrators: a clause goes live through its
  workflow (peer review, then approval), or by an administrator in an emergency;
- coordinators of the region may take a live clause down (unpublish).

Staff roles come with page permissions on the whole tree (`lms.domain.roles`); the tester
below narrows them inside the clause workspaces. It is what every Wagtail admin view asks.
"""

from django.conf import settings
from wagtail.models import PagePermissionTester

from lms.domain.roles import is_programme_admin, staff_roles
from lms.enums import StaffRole

WORKSPACE_ROLES = (StaffRole.CURATOR, StaffRole.COORDINATOR)
_EDIT_ACTIONS = frozenset({"add", "change", "lock", "unlock"})
_WITHHELD = frozenset({"add", "change", "publish", "lock", "unlock", "bulk_delete"})


def holds_role_in(user, region_id, *roles) -> bool:
    """True if `user` holds one of `roles` in the region (or in every region)."""
    held = staff_roles(user)
    for role in roles:
        regions = held.get(role)
        if regions is not None and (None in regions or region_id in regions):
            return True
    return False


def _workspace_paths(user=None) -> dict:
    """Every workspace's tree path and region, read once per request (kept on the user)."""
    from courses.models import ClauseWorkspacePage

    cached = user.__dict__.get("_clause_workspace_paths") if user is not None else None
    if cached is None:
        cached = dict(ClauseWorkspacePage.objects.values_list("path", "region_id"))
        if user is not None:
            user.__dict__["_clause_workspace_paths"] = cached
    return cached


def workspace_region_id(page, user=None):
    """The region of the workspace a clause (or the workspace itself) belongs to.

    Works for base `Page` objects too (the explorer, workflow states). Pass the user being
    checked so that a page listing looks the workspaces up once, not once per row."""
    from courses.models import ClauseWorkspacePage

    if isinstance(page, ClauseWorkspacePage):
        return page.region_id
    paths = _workspace_paths(user)
    return paths.get(page.path, paths.get(page.path[: -page.steplen]))


def may_edit_in_workspace(user, page) -> bool:
    """Draft, edit and lock: the workspace region's curators and coordinators."""
    if not user.is_active:
        return False
    if is_programme_admin(user):
        return True
    return holds_role_in(user, workspace_region_id(page, user), *WORKSPACE_ROLES)


def may_read_drafts(user) -> bool:
    """Read and comment on any workspace's drafts: curators, coordinators, administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_programme_admin(user):
        return True
    held = staff_roles(user)
    return any(role in held for role in WORKSPACE_ROLES)


def may_take_down(user, page) -> bool:
    if is_programme_admin(user):
        return True
    return holds_role_in(user, workspace_region_id(page, user), StaffRole.COORDINATOR)


class WorkspacePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed to the rules in this module's docstring."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and not is_programme_admin(user):
            if may_edit_in_workspace(user, page):
                self.permissions = (self.permissions - {"publish", "bulk_delete"}) | _EDIT_ACTIONS
            else:
                self.permissions = self.permissions - _WITHHELD

    def can_unpublish(self):
        if super().can_unpublish():
            return True
        # A review in progress locks the clause for editing, not for taking it down; only
        # someone else's own lock stops the region's coordinator.
        locked_by_other = self.page.locked and self.page.locked_by_id != self.user.pk
        return (
            self.user.is_active
            and self.page.live
            and not locked_by_other
            and may_take_down(self.user, self.page)
        )


class LibraryPermissionTester(PagePermissionTester):
    """The library page and its workspaces are set up by programme administrators only."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and not is_programme_admin(user):
            self.permissions = self.permissions - _WITHHELD


# --- The public library --------------------------------------------------------------------


def library_members_only() -> bool:
    return bool(settings.CLAUSE_LIBRARY_MEMBERS_ONLY)


def library_open_to(user) -> bool:
    """Everyone, or only signed-in members when CLAUSE_LIBRARY_MEMBERS_ONLY is set."""
    if not library_members_only():
        return True
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def published_clauses():
    """The only clauses the library, its search, packs, JSON and feed ever show."""
    from courses.models import ModelClausePage

    return ModelClausePage.objects.live().public()

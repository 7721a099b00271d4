"""Staff roles, the Django groups that carry their permissions, and region scoping.

A person's powers come from `RoleAssignment` rows. Each role maps to one group
whose permissions are kept in step by `role_groups_sync`; membership of the
group follows the assignments, so an administrator never edits groups by hand.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet

from lms.enums import StaffRole
from lms.models import Region, RoleAssignment, User

ROLE_GROUP_NAMES = {
    StaffRole.PROGRAMME_ADMIN: "Programme administrators",
    StaffRole.COORDINATOR: "Regional coordinators",
    StaffRole.CURATOR: "Curators",
    StaffRole.FACILITATOR: "Facilitators",
}

# Model permissions per role, as "app_label.codename"; "app_label.*" means all.
_MODEL_PERMISSIONS = {
    StaffRole.PROGRAMME_ADMIN: [
        "wagtailadmin.access_admin",
        "lms.*",
        "courses.*",
        "cohorts.*",
        "wagtaildocs.*",
        "wagtailimages.*",
        "wagtailredirects.*",
        "wagtailforms.*",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.view_site",
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.view_collection",
    ],
    StaffRole.COORDINATOR: [
        "wagtailadmin.access_admin",
        "lms.view_region",
        "lms.view_union",
        "lms.add_union",
        "lms.change_union",
        "courses.view_topic",
        "courses.add_topic",
        "courses.change_topic",
        "courses.view_referencematerial",
        "courses.add_referencematerial",
        "courses.change_referencematerial",
        "courses.view_theme",
        "courses.add_theme",
        "courses.change_theme",
        "courses.view_sector",
        "courses.add_sector",
        "courses.change_sector",
        "courses.view_jurisdiction",
        "courses.add_jurisdiction",
        "courses.change_jurisdiction",
        "cohorts.view_cohort",
        "cohorts.add_cohort",
        "cohorts.change_cohort",
        "cohorts.view_session",
        "cohorts.change_session",
        "cohorts.view_enrolment",
        "cohorts.change_enrolment",
        "cohorts.view_nomination",
        "cohorts.add_nomination",
    ],
    StaffRole.CURATOR: [
        "wagtailadmin.access_admin",
        "courses.view_topic",
        "courses.view_referencematerial",
        "courses.add_referencematerial",
        # The clause taxonomy grows with the clauses: curators may add to it, not remove.
        "courses.view_theme",
        "courses.add_theme",
        "courses.view_sector",
        "courses.add_sector",
        "courses.view_jurisdiction",
        "courses.add_jurisdiction",
    ],
    StaffRole.FACILITATOR: ["wagtailadmin.access_admin", "courses.view_referencematerial"],
}

# Page permissions granted on the tree's root (so on every page).
_PAGE_PERMISSIONS = {
    StaffRole.PROGRAMME_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    StaffRole.COORDINATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    StaffRole.CURATOR: ["add_page", "change_page"],
    StaffRole.FACILITATOR: [],
}

# Document and image permissions granted on the root collection.
_COLLECTION_PERMISSIONS = {
    StaffRole.PROGRAMME_ADMIN: ["add", "change", "delete", "choose"],
    StaffRole.COORDINATOR: ["add", "change", "choose"],
    StaffRole.CURATOR: ["add", "choose"],
    StaffRole.FACILITATOR: ["choose"],
}

# Roles allowed to read a module's facilitator notes.
FACILITATOR_NOTE_ROLES = frozenset(
    {StaffRole.PROGRAMME_ADMIN, StaffRole.COORDINATOR, StaffRole.CURATOR, StaffRole.FACILITATOR}
)


def _permissions_for(specs, using):
    perms = Permission.objects.using(using).select_related("content_type")
    chosen = []
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        matching = perms.filter(content_type__app_label=app_label)
        if codename != "*":
            matching = matching.filter(codename=codename)
        chosen.extend(matching)
    return chosen


def role_groups_sync(*, using="default") -> None:
    """Create or update the group of every role with exactly its permissions."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    with transaction.atomic(using=using):
        for role, name in ROLE_GROUP_NAMES.items():
            group, _ = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(_permissions_for(_MODEL_PERMISSIONS[role], using))
            if root_page is not None:
                GroupPagePermission.objects.using(using).filter(group=group).delete()
                for codename in _PAGE_PERMISSIONS[role]:
                    GroupPagePermission.objects.using(using).create(
                        group=group,
                        page=root_page,
                        permission=Permission.objects.using(using).get(
                            content_type__app_label="wagtailcore", codename=codename
                        ),
                    )
            if root_collection is not None:
                GroupCollectionPermission.objects.using(using).filter(group=group).delete()
                for action in _COLLECTION_PERMISSIONS[role]:
                    for app_label, model in (
                        ("wagtaildocs", "document"),
                        ("wagtailimages", "image"),
                    ):
                        GroupCollectionPermission.objects.using(using).create(
                            group=group,
                            collection=root_collection,
                            permission=Permission.objects.using(using).get(
                                content_type__app_label=app_label,
                                codename=f"{action}_{model}",
                            ),
                        )


def role_assign(*, user: User, role: StaffRole, region: Region | None = None) -> RoleAssignment:
    """Give `user` the staff `role` in `region` (or everywhere) and the role's group."""
    role = StaffRole(role)
    if role == StaffRole.PROGRAMME_ADMIN and region is not None:
        raise ValueError("programme administrators act in every region")
    with transaction.atomic():
        assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, region=region)
        user.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[role]))
    user.__dict__.pop("_staff_roles", None)
    return assignment


def role_revoke(*, user: User, role: StaffRole, region: Region | None = None) -> None:
    """Remove one assignment; the group goes only when no assignment of the role is left."""
    role = StaffRole(role)
    with transaction.atomic():
        RoleAssignment.objects.filter(user=user, role=role, region=region).delete()
        if not RoleAssignment.objects.filter(user=user, role=role).exists():
            user.groups.remove(Group.objects.get(name=ROLE_GROUP_NAMES[role]))
    user.__dict__.pop("_staff_roles", None)


def staff_roles(user) -> dict[StaffRole, frozenset[int | None]]:
    """The roles `user` holds, each with the ids of its regions (None: every region).

    Loaded once per user object, so templates and permission checks in one
    request cost a single query.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = user.__dict__.get("_staff_roles")
    if cached is None:
        regions: dict[StaffRole, set[int | None]] = {}
        for role, region_id in RoleAssignment.objects.filter(user=user).values_list(
            "role", "region_id"
        ):
            regions.setdefault(StaffRole(role), set()).add(region_id)
        cached = {role: frozenset(ids) for role, ids in regions.items()}
        user.__dict__["_staff_roles"] = cached
    return cached


def user_has_role(user, *roles: StaffRole) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    held = staff_roles(user)
    return any(role in held for role in roles)


def is_programme_admin(user) -> bool:
    return user_has_role(user, StaffRole.PROGRAMME_ADMIN)


def regions_for_role(user, role: StaffRole) -> QuerySet[Region]:
    """Regions in which `user` acts in `role`. Programme administrators act everywhere."""
    if is_programme_admin(user):
        return Region.objects.all()
    region_ids = staff_roles(user).get(StaffRole(role), frozenset())
    if None in region_ids:
        return Region.objects.all()
    return Region.objects.filter(pk__in=region_ids)


def coordinated_regions(user) -> QuerySet[Region]:
    return regions_for_role(user, StaffRole.COORDINATOR)


def can_see_facilitator_notes(user) -> bool:
    return user_has_role(user, *FACILITATOR_NOTE_ROLES)

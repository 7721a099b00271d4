from .pages import build_curriculum
from .people import RegionFactory, RoleAssignmentFactory, UnionFactory, UserFactory, staff_user

__all__ = [
    "RegionFactory",
    "RoleAssignmentFactory",
    "UnionFactory",
    "UserFactory",
    "build_curriculum",
    "staff_user",
]

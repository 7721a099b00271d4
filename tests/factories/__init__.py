from .clauses import ClauseWorld, build_clause_world, make_clause
from .cohorts import CohortFactory
from .pages import build_curriculum
from .people import RegionFactory, RoleAssignmentFactory, UnionFactory, UserFactory, staff_user

__all__ = [
    "ClauseWorld",
    "build_clause_world",
    "make_clause",
    "CohortFactory",
    "RegionFactory",
    "RoleAssignmentFactory",
    "UnionFactory",
    "UserFactory",
    "build_curriculum",
    "staff_user",
]

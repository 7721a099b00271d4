from .outbox import OutboxMessage
from .pages import HomePage, StandardPage
from .people import (
    ConsentRecord,
    Participant,
    Region,
    RoleAssignment,
    Union,
    User,
    UserManager,
    time_zone_choices,
    validate_time_zone,
)
from .sessions import UserSession

__all__ = [
    "ConsentRecord",
    "HomePage",
    "OutboxMessage",
    "Participant",
    "Region",
    "RoleAssignment",
    "StandardPage",
    "Union",
    "User",
    "UserManager",
    "UserSession",
    "time_zone_choices",
    "validate_time_zone",
]

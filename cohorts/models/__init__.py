from .calendar_token import CalendarToken
from .cohort import Cohort
from .session import Session

__all__ = ["CalendarToken", "Cohort", "Session"]

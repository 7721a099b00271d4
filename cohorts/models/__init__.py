from .calendar_token import CalendarToken
from .cohort import Cohort
from .enrolment import Enrolment, Nomination
from .session import Session

__all__ = ["CalendarToken", "Cohort", "Enrolment", "Nomination", "Session"]

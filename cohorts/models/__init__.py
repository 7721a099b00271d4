from .cohort import Cohort
from .session import Session

__all__ = ["Cohort", "Session"]

class SchedulingError(Exception):
    """A scheduling rule was broken; the message is translated and safe to show."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class AmbiguousLocalTime(SchedulingError):
    """The local time happens twice (clocks go back); the person must pick one."""

    def __init__(self, message, *, choices, field=None):
        super().__init__(message, field=field)
        self.choices = choices


class EnrolmentError(Exception):
    """An enrolment rule was broken; the message is translated and safe to show."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class AttendanceError(Exception):
    """An attendance, practical-part or certificate rule was broken; the message is
    translated and safe to show."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

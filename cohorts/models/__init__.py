from .attendance import Apology, Attendance, AttendanceChange, CheckInFailure
from .attendance_import import AttendanceImport
from .calendar_token import CalendarToken
from .certificate import Certificate
from .cohort import Cohort
from .enrolment import Enrolment, Nomination
from .practical import Submission, SubmissionFile, SubmissionReview
from .recording import Recording, RecordingCaption, RecordingChapter, RecordingWatch
from .session import Session

__all__ = [
    "Apology",
    "Attendance",
    "AttendanceChange",
    "AttendanceImport",
    "CalendarToken",
    "Certificate",
    "CheckInFailure",
    "Cohort",
    "Enrolment",
    "Nomination",
    "Recording",
    "RecordingCaption",
    "RecordingChapter",
    "RecordingWatch",
    "Session",
    "Submission",
    "SubmissionFile",
    "SubmissionReview",
]

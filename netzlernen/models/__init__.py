"""The database models, split by topic; import them from here."""

from .checkin import CheckIn, CheckInRevision, PlanItem
from .help import HelpRequest, HelpStatus
from .location import Location
from .progress import LessonProgress, LessonStatus, PracticeResult, QuizAnswer, QuizAttempt
from .user import LoginSession, Role, User

__all__ = [
    "CheckIn", "CheckInRevision", "HelpRequest", "HelpStatus", "LessonProgress", "LessonStatus", "Location",
    "LoginSession", "PlanItem", "PracticeResult", "QuizAnswer", "QuizAttempt", "Role", "User",
]

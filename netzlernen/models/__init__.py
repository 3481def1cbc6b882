"""The database models, split by topic; import them from here."""

from .centre import AuditEntry, Certificate, ConsentRecord, ConsentText, RateLimitCounter, Setting, StatEvent, UsedSubmission
from .checkin import CheckIn, CheckInRevision, PlanItem
from .help import HelpRequest, HelpStatus
from .location import Location
from .progress import LessonProgress, LessonStatus, PracticeResult, QuizAnswer, QuizAttempt
from .user import FreshSecret, LoginSession, Role, User

__all__ = [
    "AuditEntry", "Certificate", "ConsentRecord", "ConsentText", "RateLimitCounter", "Setting", "StatEvent", "CheckIn", "CheckInRevision", "FreshSecret", "HelpRequest", "HelpStatus", "LessonProgress", "LessonStatus", "Location",
    "LoginSession", "PlanItem", "PracticeResult", "QuizAnswer", "QuizAttempt", "Role", "UsedSubmission", "User",
]

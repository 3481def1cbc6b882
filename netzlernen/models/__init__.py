"""The database models, split by topic; import them from here."""

from .progress import LessonProgress, LessonStatus, PracticeResult, QuizAnswer, QuizAttempt
from .user import LoginSession, Role, User

__all__ = ["LessonProgress", "LessonStatus", "LoginSession", "PracticeResult", "QuizAnswer", "QuizAttempt", "Role", "User"]

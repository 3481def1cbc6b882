"""The database models, split by topic; import them from here."""

from .progress import LessonProgress, LessonStatus, QuizAnswer, QuizAttempt
from .user import LoginSession, Role, User

__all__ = ["LessonProgress", "LessonStatus", "LoginSession", "QuizAnswer", "QuizAttempt", "Role", "User"]

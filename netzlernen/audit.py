"""The audit log: who looked at or changed a learner's data. Entries are only ever added."""

from __future__ import annotations

from .extensions import db
from .models import AuditEntry, User


def record(actor: User, action: str, learner_id: int | None, detail: str = "") -> None:
    db.session.add(AuditEntry(actor_id=actor.id, actor_name=f"{actor.display_name} ({actor.username or actor.role})",
                              action=action, learner_id=learner_id, detail=detail[:255]))

"""Learning plans: the courses a mentor picked for a learner, in the order they agreed on."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import PlanItem, User


def plan(learner_id: int) -> list[PlanItem]:
    return list(db.session.scalars(
        select(PlanItem).where(PlanItem.learner_id == learner_id).order_by(PlanItem.position, PlanItem.id)
    ))


def add_to_plan(mentor: User, learner: User, course_id: str) -> PlanItem | None:
    items = plan(learner.id)
    if any(item.course_id == course_id for item in items):
        return None
    item = PlanItem(learner_id=learner.id, course_id=course_id, assigned_by_id=mentor.id,
                    position=(items[-1].position + 1) if items else 0)
    db.session.add(item)
    db.session.flush()
    return item


def move_in_plan(learner: User, item_id: int, direction: int) -> bool:
    items = plan(learner.id)
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        return False
    other = index + direction
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items):
            item.position = position
        db.session.flush()
    return True


def remove_from_plan(learner: User, item_id: int) -> bool:
    item = db.session.get(PlanItem, item_id)
    if item is None or item.learner_id != learner.id:
        return False
    db.session.delete(item)
    db.session.flush()
    return True

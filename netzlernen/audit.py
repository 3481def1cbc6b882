"""The audit log: who looked at or changed a learner's data. Entries are only ever added."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .extensions import db
from .models import AuditEntry, User

ACTOR_NAME_LENGTH = 120  # AuditEntry.actor_name
DETAIL_LENGTH = 255  # AuditEntry.detail


def actor_name(actor: User) -> str:
    """"Maria (maria)": the display name is shortened if need be, so that the account stays whole."""
    account = f" ({actor.username or actor.role})"
    return (actor.display_name[: max(ACTOR_NAME_LENGTH - len(account), 0)] + account)[:ACTOR_NAME_LENGTH]


# The author of check-ins etc. whose account was erased since: a code, shown as FORMER_STAFF_LABEL.
FORMER_STAFF = "former_staff"
FORMER_STAFF_LABEL = _l("former team member")


def former_staff(user_id: int) -> str:
    """What stands for an erased staff member in the audit log: not the name, but a number, so that
    what one person did can still be told apart from what another did ("former_staff:7")."""
    return f"{FORMER_STAFF}:{user_id}"


def shown_actor(actor: str) -> str:
    """An audit entry's actor as the log and the export show it ("former team member no. 7")."""
    code, _colon, number = actor.partition(":")
    if code == FORMER_STAFF and number.isdigit():
        return gettext("former team member no. %(number)s", number=number)
    return actor

# What each action is called in the audit log and the data export; an action missing here is shown as it is.
ACTION_LABELS = {
    "view": _l("Learner page looked at"), "export": _l("Data exported"), "create": _l("Learner created"),
    "update": _l("Details changed"), "activate": _l("Account switched on"), "deactivate": _l("Account switched off"),
    "reset_pin": _l("New PIN made"), "signin_method": _l("Sign-in changed"), "unlock": _l("Account unlocked"),
    "checkin_create": _l("Check-in recorded"), "checkin_update": _l("Check-in corrected"),
    "plan_change": _l("Learning plan changed"), "certificate": _l("Certificate made"),
    "certificate_withdraw": _l("Certificate replaced"), "erase": _l("All data erased"),
    "card": _l("Sign-in card printed"), "erase_staff": _l("Staff account erased"),
}
# Details stored as codes, shown in words; a course's id is shown as its title, other details as they are.
DETAIL_LABELS = {
    "page": _l("Shown on the page"), "json": _l("Download as JSON (Art. 20)"),
    "up": _l("Move up"), "down": _l("Move down"), "remove": _l("Remove"), "pin": _l("PIN"), "pictures": _l("Pictures"),
    "sheet": _l("Sheet with the cards of all learners"),
}


def record(actor: User, action: str, learner_id: int | None, detail: str = "") -> None:
    db.session.add(AuditEntry(actor_id=actor.id, actor_name=actor_name(actor), action=action, learner_id=learner_id,
                              detail=detail[:DETAIL_LENGTH]))


def record_unattended(command: str, action: str, learner_id: int | None, detail: str = "") -> None:
    """An entry for a change nobody signed in made (a scheduled command): the command is the actor."""
    db.session.add(AuditEntry(actor_id=None, actor_name=command[:ACTOR_NAME_LENGTH], action=action, learner_id=learner_id,
                              detail=detail[:DETAIL_LENGTH]))

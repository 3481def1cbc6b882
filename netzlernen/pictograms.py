"""The fixed set of pictograms for the picture sign-in: id in the sprite, and a name in every language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PICTOGRAMS: tuple[tuple[str, object], ...] = (
    ("sun", _l("sun")), ("moon", _l("moon")), ("star", _l("star")), ("tree", _l("tree")),
    ("flower", _l("flower")), ("house", _l("house")), ("car", _l("car")), ("bus", _l("bus")),
    ("bicycle", _l("bicycle")), ("fish", _l("fish")), ("cat", _l("cat")), ("bird", _l("bird")),
    ("apple", _l("apple")), ("heart", _l("heart")), ("key", _l("key")), ("umbrella", _l("umbrella")),
    ("cup", _l("cup")), ("clock", _l("clock")), ("bell", _l("bell")), ("ball", _l("ball")),
    ("boat", _l("boat")), ("book", _l("book")), ("hat", _l("hat")), ("leaf", _l("leaf")),
)
CODE_LENGTH = 4    # 24^4 = 331,776 different codes
SECRET_LENGTH = 3  # 24^3 = 13,824 secrets: more than the 10,000 of a 4-digit PIN


def name(index: int) -> str:
    return str(PICTOGRAMS[index][1])


def encode(indexes: list[int]) -> str:
    return "-".join(str(i) for i in indexes)


def decode(value: str | None) -> list[int]:
    if not value:
        return []
    return [int(part) for part in value.split("-") if part.isdigit() and int(part) < len(PICTOGRAMS)]

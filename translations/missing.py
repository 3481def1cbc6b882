"""Print the messages of a catalogue that still lack a translation, as JSON ready to fill in:

    python translations/missing.py LANG > todo.json

Each entry maps the message id to "" (or, for plurals, to a list with one "" per plural form of the
language, in the order of its plural rule, which is printed to stderr). Fill in and apply with
``python translations/fill.py LANG todo.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent


def main(language: str) -> int:
    with open(HERE / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale=language)
    todo: dict[str, object] = {}
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                todo[message.id[0]] = [""] * catalogue.num_plurals
        elif not message.string:
            todo[message.id] = ""
    print(f"{language}: {len(todo)} missing; plural forms: {catalogue.num_plurals} ({catalogue.plural_expr})", file=sys.stderr)
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

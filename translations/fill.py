"""Fill translations from a JSON file: python translations/fill.py LANG FILE.json [--identity]

FILE.json maps a message id (for plurals: the singular id) to its translation (for plurals: a
list of forms). Only the messages named are changed; --identity fills every other empty message
with its id (for English, whose ids are the English texts). Prints what is still missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    language, data_file = argv[0], argv[1]
    identity = "--identity" in argv
    path = HERE / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalogue = read_po(handle, locale=language)
    data = json.loads(Path(data_file).read_text(encoding="utf-8")) if data_file != "-" else {}
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple)
        key = message.id[0] if plural else message.id
        value = data.get(key)
        if value is None and identity and not (all(message.string) if plural else message.string):
            value = list(message.id) if plural else message.id
        if value is not None:
            if plural:
                forms = value if isinstance(value, list) else [value]
                count = catalogue.num_plurals
                message.string = tuple((forms + [forms[-1]] * count)[:count])
            else:
                message.string = value
            message.flags.discard("fuzzy")
        elif not (all(message.string) if plural else message.string):
            missing.append(key)
    catalogue.fuzzy = False
    with open(path, "wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False)
    print(f"{language}: {len(missing)} missing", *missing[:10], sep="\n  ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

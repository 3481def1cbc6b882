"""Every string a user sees is in the catalogues: German and English complete, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
COMPLETE = ("de", "en", "ar", "fa", "tr", "uk", "ru")
ALL = ("de", "en", "ar", "fa", "tr", "uk", "ru")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def extracted_ids() -> set[str]:
    ids: set[str] = set()
    for folder, method in (("netzlernen", "python"), ("templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, [(pattern, method)], keywords=KEYWORDS,
        ):
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def catalogue(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", ALL)
def test_catalogue_exists_for_every_ui_language_and_compiles(language):
    assert (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").is_file()
    assert not catalogue(language).fuzzy, "a fuzzy catalogue is skipped by pybabel compile"


@pytest.mark.parametrize("language", COMPLETE)
def test_every_message_in_the_code_is_translated(language):
    translated = {}
    for message in catalogue(language):
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings) and not message.fuzzy:
            translated[key] = strings
    missing = sorted(extracted_ids() - set(translated))
    assert not missing, f"{language}: {len(missing)} messages without translation, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", ALL)
def test_placeholders_survive_translation(language):
    for message in catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string:
                assert set(_PLACEHOLDER.findall(string)) <= wanted | set(_PLACEHOLDER.findall(ids[0])), (language, ids[0], string)
                assert set(_PLACEHOLDER.findall(ids[0])) - {"%(num)s"} <= set(_PLACEHOLDER.findall(string)), (language, ids[0], string)


def test_catalogues_not_compiled_since_their_last_change_are_reported_once_at_start(tmp_path, app_config, make_app,
                                                                                     caplog):
    """Without a current .mo, Flask-Babel shows English without a word: the operator gets an ERROR."""
    import os
    import shutil

    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", folder)  # keeps the times: the .mo files are newer
    config = {**app_config, "BABEL_TRANSLATION_DIRECTORIES": str(folder)}

    def errors_at_start() -> list[str]:
        caplog.clear()
        with caplog.at_level("ERROR", logger="netzlernen"):
            make_app(config)
        return [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]

    assert errors_at_start() == []
    german = folder / "de" / "LC_MESSAGES" / "messages.po"
    later = german.with_suffix(".mo").stat().st_mtime + 60
    os.utime(german, (later, later))  # edited after the last compile
    [message] = errors_at_start()
    assert "(de)" in message and "make translations" in message and "pybabel compile -d translations" in message
    (folder / "uk" / "LC_MESSAGES" / "messages.mo").unlink()
    [message] = errors_at_start()
    assert "(de, uk)" in message


def test_farsi_is_written_with_persian_letters_and_every_catalogue_with_the_digits_babel_uses():
    """Babel writes dates and numbers with 0-9 in every language, so a text with ۲۰۰۰ next to a filled-in
    year read "۲۰۰۰ و 2027". Farsi also takes ی and ک, not the Arabic ي and ك."""
    for language in ALL:
        for message in catalogue(language):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", string), (language, message.id)
                if language == "fa":
                    assert not re.search("[\u064a\u0643]", string), message.id


def test_german_calls_the_volunteers_netzpaten_everywhere():
    """Learners know them as "Netzpatin oder Netzpate" from every other page, never as "Mentor"."""
    for message in catalogue("de"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not any(re.search(r"\bMentor", string) for string in strings), message.id

"""The course-pack loader and checker: one small broken pack per message, and the sanitizer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netzlernen.content import load_catalogue

COURSE_YML = """title:
  de: Kurs
  en: Course
description:
  de: Ein Kurs.
"""
LESSON = """---
title: Lektion
minutes: 5
---
Ein Text.

```quiz
? Frage eins?
- [x] Ja
- [ ] Nein
> Ja.

? Frage zwei?
- [x] A
- [x] B
- [ ] C
```
"""


def write_pack(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a course 'kurs' with one good lesson, then apply ``files`` (None deletes)."""
    base = {"kurs/course.yml": COURSE_YML, "kurs/01-lektion/de.md": LESSON, "kurs/01-lektion/en.md": LESSON}
    base.update(files)
    for name, content in base.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def errors_of(root: Path) -> list:
    return load_catalogue(root).errors


def only_error(root: Path):
    found = errors_of(root)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_good_pack_loads_without_problems(tmp_path):
    catalogue = load_catalogue(write_pack(tmp_path, {}))
    assert catalogue.problems == []
    course = catalogue.courses["kurs"]
    lesson = course.lessons[0]
    assert lesson.key == "kurs/lektion"
    assert set(lesson.texts) == {"de", "en"}
    quiz = lesson.quiz
    assert [q.multiple for q in quiz.questions] == [False, True]
    assert quiz.questions[1].correct == {0, 1}
    assert quiz.questions[0].feedback_html == "Ja."


def test_bad_yaml_in_course_yml_names_file_and_line(tmp_path):
    problem = only_error(write_pack(tmp_path, {"kurs/course.yml": "title:\n  de: Kurs\n description: [oops\n"}))
    assert problem.path == "kurs/course.yml"
    assert problem.line in (2, 3)
    assert "YAML" in problem.message


def test_bad_yaml_in_front_matter_counts_lines_from_file_start(tmp_path):
    lesson = "---\ntitle: Lektion\nminutes: [5\n---\nText.\n"
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert problem.path == "kurs/01-lektion/de.md"
    assert problem.line in (3, 4)
    assert "YAML" in problem.message


def test_a_course_id_or_lesson_slug_longer_than_the_database_keeps_is_an_error(tmp_path):
    """SQLite stores longer ones anyway, so such a course worked in a trial; on PostgreSQL every
    learner opening the lesson got a server error."""
    slug = "eine-e-mail-an-das-jobcenter-schreiben-mit-anhang-und-betreff-und-gruss"
    problem = only_error(write_pack(tmp_path / "lesson", {f"kurs/02-{slug}/de.md": LESSON}))
    assert "64" in problem.message and problem.path.endswith(f"02-{slug}")
    course = "k" * 65
    root = write_pack(tmp_path / "course", {"kurs/course.yml": None, "kurs/01-lektion/de.md": None,
                                             "kurs/01-lektion/en.md": None, f"{course}/course.yml": COURSE_YML,
                                             f"{course}/01-lektion/de.md": LESSON})
    assert "64" in only_error(root).message
    assert load_catalogue(write_pack(tmp_path / "ok", {"k" * 64 + "/course.yml": COURSE_YML,
                                                        "k" * 64 + "/01-lektion/de.md": LESSON})).errors == []


@pytest.mark.parametrize("front, line, message", [
    ("title: E-Mail: die Adresse\nminutes: 5", 2, "a text with ': ' in it must be in quotes, e.g. title: \"E-Mail: die Adresse\""),
    ("title: Lektion\n\tminutes: 5", 3, "indent with spaces, not with a tab"),
    ("title: Lektion\nminutes 5", 3, "a ':' is missing: write 'key: value'"),
    ("title: [Neu] Lektion\nminutes: 5", 2, "must be in quotes as a whole"),
    ('title: "Lektion\nminutes: 5', 2, "a quote is not closed"),
])
def test_front_matter_mistakes_are_explained_in_plain_words(tmp_path, front, line, message):
    lesson = LESSON.replace("title: Lektion\nminutes: 5", front)
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", line)
    assert message in problem.message


def test_a_key_written_twice_is_an_error_not_the_first_one_lost(tmp_path):
    course_yml = COURSE_YML + "objectives:\n  de:\n    - Ich kann klicken.\nobjectives:\n  tr:\n    - T\u0131klayabilirim.\n"
    problem = only_error(write_pack(tmp_path, {"kurs/course.yml": course_yml}))
    assert (problem.path, problem.line) == ("kurs/course.yml", 9)
    assert problem.message == ("YAML error: 'objectives' is written twice at the same level, and only the last one "
                               "would count: put everything under the first one")


def test_yaml_merge_keys_are_not_keys_written_twice():
    from netzlernen.content.yamlload import load

    text = "base: &base\n  x: 1\n  y: 1\nother:\n  <<: *base\n  y: 2\nmore:\n  <<: *base\n"
    assert load(text) == {"base": {"x": 1, "y": 1}, "other": {"x": 1, "y": 2}, "more": {"x": 1, "y": 1}}


def test_missing_german_lesson(tmp_path):
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": None})
    problem = only_error(root)
    assert problem.path == "kurs/01-lektion"
    assert "de.md is missing" in problem.message
    assert "kurs" not in load_catalogue(root).courses


@pytest.mark.parametrize("name", ["en.MD", "EN.md", "en.md.txt", "en.txt"])
def test_translation_file_that_is_named_wrongly_is_reported_not_left_out_silently(tmp_path, name):
    root = write_pack(tmp_path, {"kurs/01-lektion/en.md": None, f"kurs/01-lektion/{name}": LESSON})
    catalogue = load_catalogue(root)
    assert [str(p) for p in catalogue.problems] == [
        f"kurs/01-lektion/{name}: warning: '{name}' is not read as a lesson: name it 'en.md'"]


def test_german_lesson_that_is_named_wrongly_is_named_in_the_error(tmp_path):
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": None, "kurs/01-lektion/de.md.txt": LESSON}))
    assert str(problem) == ("kurs/01-lektion: error: de.md is missing: German is the reference language and required "
                            "(there is 'de.md.txt': name it 'de.md')")


def test_hidden_lesson_files_are_ignored(tmp_path):
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/._de.md": b"\x00\x05\x16\x07", "kurs/01-lektion/.en.md": "x"}))
    assert catalogue.problems == [] and set(catalogue.courses["kurs"].lessons[0].texts) == {"de", "en"}


def test_missing_lesson_title(tmp_path):
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": "---\nminutes: 5\n---\nText.\n", "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 1)
    assert "no 'title'" in problem.message


def test_missing_course_title(tmp_path):
    problem = only_error(write_pack(tmp_path, {"kurs/course.yml": "title:\n  en: Course\ndescription:\n  de: Ein Kurs.\n"}))
    assert (problem.path, problem.line) == ("kurs/course.yml", 1)
    assert "no German text" in problem.message


def test_question_without_right_answer(tmp_path):
    lesson = LESSON.replace("- [x] Ja", "- [ ] Ja")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 8)
    assert "no right answer" in problem.message


def test_question_with_fewer_than_two_options(tmp_path):
    lesson = LESSON.replace("- [ ] Nein\n", "")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 8)
    assert "fewer than two" in problem.message


@pytest.mark.parametrize("change, line", [
    (("- [x] Ja\n- [ ] Nein\n", "- [x] Ja\n\n- [ ] Nein\n"), 11),
    (("- [ ] Nein\n> Ja.\n", "- [ ] Nein\n\n> Ja.\n"), 12),
])
def test_blank_line_inside_a_question_is_named_as_the_mistake(tmp_path, change, line):
    lesson = LESSON.replace(*change)
    problem = errors_of(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))[0]
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", line)
    assert problem.message.startswith("a blank line ends a question, so this line belongs to none: remove the blank line above it")


@pytest.mark.parametrize("mark", ["- [\u0445]", "- []", "* [x]", "- [\u00a0]"])  # a Cyrillic x; no space; a star; a no-break space
def test_answer_mark_that_looks_right_but_is_not_says_how_to_write_it(tmp_path, mark):
    lesson = LESSON.replace("- [x] Ja", f"{mark} Ja")
    problem = errors_of(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))[0]
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 9)
    assert problem.message == (f"'{mark}' is not read as an answer option: write '- [x]' (a minus, square brackets and a "
                               "Latin x) for a right answer, '- [ ]' (with a space) for a wrong one")


def test_invisible_direction_marks_at_line_starts_do_not_break_a_translation(tmp_path):
    arabic = "\n".join("\u200f" + line if line else line for line in LESSON.split("\n"))
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/en.md": None, "kurs/01-lektion/ar.md": arabic}))
    assert catalogue.problems == []
    assert set(catalogue.courses["kurs"].lessons[0].texts) == {"de", "ar"}


def test_duplicate_position(tmp_path):
    root = write_pack(tmp_path, {"kurs/01-zweite/de.md": LESSON})
    problem = only_error(root)
    assert problem.path == "kurs/01-zweite"
    assert "position 01 is used twice" in problem.message


def test_duplicate_slug(tmp_path):
    problem = only_error(write_pack(tmp_path, {"kurs/02-lektion/de.md": LESSON}))
    assert problem.path == "kurs/02-lektion"
    assert "slug 'lektion' is used twice" in problem.message


def test_missing_asset(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n![Ein Bild](fehlt.svg)")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 7)
    assert "'fehlt.svg' does not exist" in problem.message


@pytest.mark.parametrize("reference, line", [
    ("![Ein Bild](fehlt bild.svg)", 7),  # a space in the name, as in 'Bildschirmfoto 2024.png'
    ("![Ein Bild](<fehlt bild.svg>)", 7),
    ("![Ein Bild](fehlt.svg 'Titel')", 7),
    ("![Ein Bild mit einer langen\nBeschreibung](fehlt.svg)", 8),  # the editor wrapped the alt text
    ("[Das Blatt](fehlt blatt.pdf)", 7),
])
def test_missing_asset_written_any_way_markdown_reads_it(tmp_path, reference, line):
    lesson = LESSON.replace("Ein Text.", f"Ein Text.\n\n{reference}")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", line)
    assert "does not exist in the lesson folder" in problem.message


@pytest.mark.parametrize("reference", ["![Ein Bild](mein bild.svg)", "![Ein Bild](mein%20bild.svg)", "![Ein Bild](bild(1).svg)"])
def test_asset_with_a_space_or_brackets_in_its_name_is_found(tmp_path, reference):
    lesson = LESSON.replace("Ein Text.", f"Ein Text.\n\n{reference}")
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None,
                                 "kurs/01-lektion/mein bild.svg": "<svg/>", "kurs/01-lektion/bild(1).svg": "<svg/>"})
    assert load_catalogue(root).problems == []


def test_link_to_another_lesson_that_does_not_exist_is_a_warning(tmp_path):
    links = ("[Gut](/courses/kurs/lektion) [Gut](/courses/kurs) [Fehlt](/courses/kurs/fehlt)\n"
             "[Fehlt](/courses/anderer-kurs/lektion)")
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": LESSON.replace("Ein Text.", links), "kurs/01-lektion/en.md": None})
    catalogue = load_catalogue(root)
    assert [str(p) for p in catalogue.problems] == [
        "kurs/01-lektion/de.md:5: warning: the link '/courses/kurs/fehlt' leads to no lesson: the course 'kurs' has no lesson 'fehlt'",
        "kurs/01-lektion/de.md:6: warning: the link '/courses/anderer-kurs/lektion' leads to no lesson: there is no course 'anderer-kurs'",
    ]
    assert "kurs" in catalogue.courses


def test_relative_link_to_another_lesson_says_how_to_write_it(tmp_path):
    lesson = LESSON.replace("Ein Text.", "[Weiter](../02-zwei/de.md)")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None,
                                               "kurs/02-zwei/de.md": LESSON}))
    assert problem.message == ("'../02-zwei/de.md' points outside the lesson folder: a link to another lesson is written "
                               "with its address, /courses/kurs/zwei")


def test_picture_that_is_too_big_or_empty_is_reported(tmp_path):
    lesson = LESSON.replace("Ein Text.", "![Ein Foto](foto.jpg)\n\n![Ein Bild](leer.png)")
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None,
                                 "kurs/01-lektion/foto.jpg": b"\xff\xd8" + bytes(3 * 1024 * 1024), "kurs/01-lektion/leer.png": b""})
    assert [str(p) for p in load_catalogue(root).problems] == [
        "kurs/01-lektion/de.md:5: warning: the picture 'foto.jpg' is 3.0 MB, and pictures over 1 MB make the lesson slow "
        "to load: save it smaller, e.g. 1600 pixels wide",
        "kurs/01-lektion/de.md:7: error: the file 'leer.png' is empty: save it again",
    ]


def test_name_too_long_for_the_file_system_is_a_missing_file_not_an_unexpected_error(tmp_path):
    name = "a" * 300
    lesson = LESSON.replace("Ein Text.", f"![Ein Bild]({name}.svg) [Weiter](/courses/{name}/b)")
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert [(p.severity, p.message.split(":")[0]) for p in catalogue.problems] == [
        ("error", f"the file '{name}.svg' does not exist in the lesson folder"),
        ("warning", f"the link '/courses/{name}/b' leads to no lesson"),
    ]


def test_asset_outside_the_lesson_folder(tmp_path):
    lesson = LESSON.replace("Ein Text.", "![Geheim](../../secret.svg)")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None, "secret.svg": "<svg/>"}))
    assert "outside the lesson folder" in problem.message


@pytest.mark.parametrize("icon", ["fehlt.svg", "../icon.svg", "[1, 2]"])
def test_course_icon_must_be_a_file_in_the_course_folder(tmp_path, icon):
    problem = only_error(write_pack(tmp_path, {"kurs/course.yml": COURSE_YML + f"icon: {icon}\n", "icon.svg": "<svg/>"}))
    assert (problem.path, problem.line) == ("kurs/course.yml", 6)
    assert "does not exist in the course folder" in problem.message


def test_lesson_audio_must_be_a_file_in_the_lesson_folder(tmp_path):
    lesson = LESSON.replace("minutes: 5\n", "minutes: 5\naudio: vorlesen.mp3\n")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 4)
    assert "the audio file 'vorlesen.mp3' does not exist" in problem.message
    (tmp_path / "kurs/01-lektion/vorlesen.mp3").write_bytes(b"ID3")
    assert load_catalogue(tmp_path).courses["kurs"].lessons[0].reference.audio == "vorlesen.mp3"


def test_file_not_utf8(tmp_path):
    data = LESSON.replace("Ein Text.", "Ein Text.\nGrüße").encode("latin-1")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": data, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 6)
    assert "not UTF-8" in problem.message


def test_unknown_practice_type_suggests_the_right_one(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n```practice\ntype: mouse-doubleklick\n```")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 8)
    assert "unknown practice type 'mouse-doubleklick'" in problem.message
    assert "mouse-doubleclick" in problem.message


def test_misspelled_practice_option(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n```practice\ntype: mouse-click\nrunds: 5\n```")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 9)
    assert "no option 'runds'" in problem.message and "rounds" in problem.message


def test_known_practice_renders_a_placeholder_segment(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n```practice\ntype: mouse-click\nrounds: 3\n```")
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert catalogue.problems == []
    practice = catalogue.courses["kurs"].lessons[0].practices[0]
    assert (practice.type, dict(practice.options)) == ("mouse-click", {"rounds": 3})


@pytest.mark.parametrize("change, message", [
    (("- [ ] C", "- [ ] C\n\n? Frage drei?\n- [x] A\n- [ ] B"), "3 questions, the German one 2"),
    (("- [ ] Nein", "- [ ] Nein\n- [ ] Vielleicht"), "question 1 has 3 options, in German 2"),
    (("- [x] Ja\n- [ ] Nein", "- [ ] Ja\n- [x] Nein"), "question 1 marks other answers as right"),
])
def test_translation_quiz_must_match_german(tmp_path, change, message):
    translated = LESSON.replace(*change)
    root = write_pack(tmp_path, {"kurs/01-lektion/en.md": translated})
    problem = only_error(root)
    assert problem.path == "kurs/01-lektion/en.md"
    assert message in problem.message
    # The course is still served, in German only for that lesson.
    lesson = load_catalogue(root).courses["kurs"].lessons[0]
    assert set(lesson.texts) == {"de"}


def test_broken_course_is_left_out_and_others_still_load(tmp_path):
    write_pack(tmp_path, {})
    write_pack(tmp_path, {"kaputt/course.yml": "title: [", "kaputt/01-a/de.md": LESSON})
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.courses) == ["kurs"]
    assert catalogue.errors[0].path == "kaputt/course.yml"


def html_of(course) -> str:
    return "".join(segment.html for segment in course.lessons[0].reference.segments)


def test_loading_again_reads_only_the_courses_whose_files_changed(tmp_path):
    long_sentence = " ".join(["Wort"] * 16) + "."
    write_pack(tmp_path, {
        "kurs/01-lektion/de.md": LESSON.replace("Ein Text.", f"Ein Text.\n{long_sentence}"),
        "zweiter/course.yml": COURSE_YML, "zweiter/01-a/de.md": LESSON,
        "kaputt/course.yml": "title: [", "kaputt/01-a/de.md": LESSON,
    })
    first = load_catalogue(tmp_path)
    assert [p.severity for p in first.problems] == ["error", "warning"]

    again = load_catalogue(tmp_path, previous=first)
    assert again.courses["kurs"] is first.courses["kurs"] and again.courses["zweiter"] is first.courses["zweiter"]
    assert again.problems == first.problems  # the broken course and the warning are still reported

    (tmp_path / "zweiter/01-a/de.md").write_text(LESSON.replace("Ein Text.", "Ein neuer Text."), encoding="utf-8")
    changed = load_catalogue(tmp_path, previous=again)
    assert changed.courses["kurs"] is first.courses["kurs"]
    assert "Ein neuer Text." in html_of(changed.courses["zweiter"])
    assert changed.problems == first.problems


@pytest.mark.parametrize("change", ["picture removed", "lesson folder added", "other asset prefix"])
def test_loading_again_notices_changes_outside_the_lesson_text(tmp_path, change):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n![Ein Bild](bild.svg)")
    write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None, "kurs/01-lektion/bild.svg": "<svg/>"})
    first = load_catalogue(tmp_path)
    assert first.problems == []
    prefix = "/course-files"
    if change == "picture removed":
        (tmp_path / "kurs/01-lektion/bild.svg").unlink()
    elif change == "lesson folder added":
        (tmp_path / "kurs/02-leer").mkdir()
    else:
        prefix = "/dateien"
    again = load_catalogue(tmp_path, asset_prefix=prefix, previous=first)
    if change == "other asset prefix":
        assert again.problems == [] and "/dateien/kurs/lektion/bild.svg" in html_of(again.courses["kurs"])
    else:
        [problem] = again.errors
        assert problem.path.startswith("kurs/01-lektion" if change == "picture removed" else "kurs/02-leer")


def test_invalid_course_folder_name(tmp_path):
    problem = only_error(write_pack(tmp_path, {"Kurs_Neu/course.yml": COURSE_YML, "Kurs_Neu/01-a/de.md": LESSON}))
    assert "not a valid course id" in problem.message


def test_single_course_folder_can_be_checked(tmp_path):
    write_pack(tmp_path, {})
    catalogue = load_catalogue(tmp_path / "kurs")
    assert list(catalogue.courses) == ["kurs"] and catalogue.problems == []


XSS = """---
title: Böse
---
<script>alert(1)</script>
<img src="x.svg" onerror="alert(2)" alt="x">
<a href="javascript:alert(3)">klick</a>
<iframe src="https://example.org"></iframe>
<p style="color:red" onclick="alert(4)">Text</p>
[link](javascript:alert(5))
"""


def test_sanitizer_removes_scripts_handlers_iframes_styles_and_javascript_urls(tmp_path):
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": XSS, "kurs/01-lektion/en.md": None, "kurs/01-lektion/x.svg": "<svg/>"})
    lesson = load_catalogue(root).courses["kurs"].lessons[0]
    html = "".join(segment.html for segment in lesson.reference.segments)
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert forbidden not in html
    assert 'src="/course-files/kurs/lektion/x.svg"' in html
    assert "Text" in html


def test_html_that_the_sanitizer_leaves_out_is_a_warning(tmp_path):
    lesson = XSS + "\n`<video>` und\n\n```\n<iframe src=x>\n```\n\n<h1>Gro\u00df</h1> <u>unter</u> <div>Kasten</div>\n"
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None, "kurs/01-lektion/x.svg": "<svg/>"})
    catalogue = load_catalogue(root)
    assert [(p.line, p.severity, p.message.split(":")[0]) for p in catalogue.problems] == [
        (4, "warning", "the app leaves out the HTML tag <script>"),
        (7, "warning", "the app leaves out the HTML tag <iframe>"),
        (17, "warning", "the app leaves out the HTML tag <u>"),
        (17, "warning", "the app leaves out the HTML tag <div>"),
    ]
    assert "kurs" in catalogue.courses


def test_headings_are_shifted_below_the_page_title(tmp_path):
    lesson = "---\ntitle: T\n---\n# Eins\n\n## Zwei\n"
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None})
    html = load_catalogue(root).courses["kurs"].lessons[0].reference.segments[0].html
    assert "<h2>Eins</h2>" in html and "<h3>Zwei</h3>" in html and "<h1" not in html


def test_readability_warnings_name_the_line(tmp_path):
    long_sentence = " ".join(["Wort"] * 16) + "."
    lesson = LESSON.replace("Ein Text.", f"Ein Text.\n{long_sentence}")
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson}))
    assert catalogue.errors == []
    [warning] = catalogue.warnings
    assert (warning.path, warning.line) == ("kurs/01-lektion/de.md", 6)
    assert "16 words" in warning.message


INLINE_SAMPLE = """# Titel

Ein **fetter** und ein *schräger* Text, `Code`, \\*kein Stern\\*, 2 * 3 und a _ b.
Ein [Link](https://example.org "Titel"), ein Bild ![Maus](maus.svg), <https://example.org>,
<kbd>Strg</kbd> &amp; &copy; und ***beides*** am Ende.
Zeile mit Umbruch  
danach.

- Liste mit **fett**
- und [Link](seite.html)
"""


def test_readability_command_reports_a_file_it_cannot_read_instead_of_crashing(tmp_path, capsys):
    from netzlernen.content.readability import main

    (tmp_path / "alt.md").write_bytes("---\ntitle: Gr\u00fc\u00dfe\n---\nHallo.\n".encode("cp1252"))
    (tmp_path / "bom.md").write_bytes("\ufeff---\ntitle: Lektion mit sehr vielen langen W\u00f6rtern\n---\nHallo.\n".encode("utf-8"))
    status = main([str(tmp_path / "alt.md"), str(tmp_path / "fehlt.md"), str(tmp_path / "bom.md")])
    output = capsys.readouterr().out
    assert status == 1
    assert f"{tmp_path / 'alt.md'}: this file is not UTF-8 text: save it with the encoding UTF-8" in output
    assert f"{tmp_path / 'fehlt.md'}: the file cannot be read" in output
    assert f"{tmp_path / 'bom.md'}: LIX 1.0, 1 words, 1 sentences" in output  # the front matter is not counted


def test_block_rendering_equals_python_markdown_with_the_same_settings():
    """render.py hands Python-Markdown's inline step a plain list of its patterns (faster): the HTML
    must stay what a parser set up the usual way gives."""
    import markdown

    from netzlernen.content import render

    stock = markdown.Markdown(extensions=render._EXTENSIONS, output_format="html")
    for name in ("reference", "image_reference", "short_reference", "short_image_ref", "automail"):
        if name in stock.inlinePatterns:
            stock.inlinePatterns.deregister(name)
    expected = render.sanitize(render._demote_headings(stock.convert(INLINE_SAMPLE)))
    assert render.render_block(INLINE_SAMPLE) == expected
    assert "<strong>fetter</strong>" in expected and '<a href="https://example.org"' in expected


JOB_SEARCH = LESSON.replace("Ein Text.", "Ein Text.\n\n```practice\ntype: job-search\noffers: jobs.yml\n```")
OFFER = "- id: a\n  title: T\n  employer: E\n  place: P\n  distance_km: 3\n  hours: Vollzeit\n  tasks: [t]\n  requirements: [r]\n"


def test_offer_id_must_be_a_text(tmp_path):
    offers = OFFER.replace("id: a", "id: [a]")
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": JOB_SEARCH, "kurs/01-lektion/en.md": None, "kurs/jobs.yml": offers})
    problems = [str(p) for p in errors_of(root)]
    assert problems == ["kurs/jobs.yml:1: error: offer 1 needs 'id' as a text",
                        "kurs/01-lektion/de.md:9: error: the offers file 'jobs.yml' has problems (see above)"]


@pytest.mark.parametrize("make_unreadable", [
    lambda path: path.mkdir(),
    lambda path: path.symlink_to(path.name),  # a link to itself: reading fails for root too
    os.mkfifo,  # reading a named pipe would wait for a writer for ever
], ids=["a folder", "a link to itself", "a named pipe"])
def test_lesson_file_that_cannot_be_read_is_a_problem_of_that_file(tmp_path, make_unreadable):
    root = write_pack(tmp_path, {"kurs/01-lektion/en.md": None})
    make_unreadable(root / "kurs/01-lektion/en.md")
    catalogue = load_catalogue(root)
    [problem] = catalogue.errors
    assert problem.path == "kurs/01-lektion/en.md"
    assert "the app cannot read this file" in problem.message
    assert set(catalogue.courses["kurs"].lessons[0].texts) == {"de"}


def test_link_that_leads_nowhere_is_a_warning_and_does_not_stop_loading(tmp_path):
    root = write_pack(tmp_path, {})
    (root / "kurs/01-lektion/schleife.svg").symlink_to("schleife.svg")
    first = load_catalogue(root)
    assert [str(p) for p in first.problems] == [
        "kurs/01-lektion/schleife.svg: warning: this link leads nowhere (its file is missing, or it points to itself): remove it or fix it"]
    assert "kurs" in first.courses
    assert load_catalogue(root, previous=first).courses["kurs"] is first.courses["kurs"]


def test_unexpected_error_in_one_course_is_reported_on_it_and_the_others_still_load(tmp_path, monkeypatch):
    from netzlernen.content import loader

    read = loader.read_lesson_text

    def fails_for_kaputt(path, *args):
        if "kaputt" in path.parts:
            raise TypeError("unhashable type: 'list'")
        return read(path, *args)

    monkeypatch.setattr(loader, "read_lesson_text", fails_for_kaputt)
    write_pack(tmp_path, {"kaputt/course.yml": COURSE_YML, "kaputt/01-a/de.md": LESSON})
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.courses) == ["kurs"]
    [problem] = catalogue.errors
    assert problem.path == "kaputt"
    assert "unexpected error (TypeError: unhashable type: 'list')" in problem.message


@pytest.mark.parametrize("link, to", [
    ("kurs/01-lektion/pw.txt", "secret.txt"),
    ("kurs/01-lektion/bilder", "."),
    ("kurs/02-fremd", "fremd/01-lektion"),
    ("kurs/course.yml", "fremd/course.yml"),
])
def test_link_that_leads_outside_the_course_folder_is_an_error(tmp_path, link, to):
    root = write_pack(tmp_path / "courses", {link: None})
    write_pack(tmp_path / "other", {"fremd/01-lektion/de.md": LESSON})
    (tmp_path / "other/secret.txt").write_text("geheim", encoding="utf-8")
    (root / link).symlink_to(tmp_path / "other" / to)
    catalogue = load_catalogue(root)
    problem = catalogue.errors[0]
    assert (problem.path, problem.line) == (link, None)
    assert "this link leads outside the course folder" in problem.message
    assert "kurs" not in catalogue.courses


def test_a_file_reached_through_a_linked_folder_outside_counts_as_outside(tmp_path):
    from netzlernen.content.files import inside

    lesson = tmp_path / "kurs" / "01-lektion"
    (lesson / "bilder").mkdir(parents=True)
    (tmp_path / "fremd" / "tief").mkdir(parents=True)
    (lesson / "bilder" / "weg").symlink_to(tmp_path / "fremd")
    assert inside(lesson, "bilder/weg/tief/bild.svg") is None
    assert inside(lesson, "bilder/bild.svg") == lesson / "bilder" / "bild.svg"


def test_translation_that_is_a_link_out_of_the_course_is_left_out(tmp_path):
    root = write_pack(tmp_path / "courses", {"kurs/01-lektion/en.md": None})
    (tmp_path / "en.md").write_text(LESSON, encoding="utf-8")
    (root / "kurs/01-lektion/en.md").symlink_to(tmp_path / "en.md")
    problem = only_error(root)
    assert problem.path == "kurs/01-lektion/en.md" and "leads outside the course folder" in problem.message
    assert set(load_catalogue(root).courses["kurs"].lessons[0].texts) == {"de"}


def test_job_search_needs_its_offers(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n```practice\ntype: job-search\n```")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 8)
    assert problem.message == "'job-search' needs the option 'offers' (a file name in the course folder)"


@pytest.mark.parametrize("opening", ["```Quiz", "``` Quiz", "```quiz Fragen", "~~~quiz", "```{quiz}", "```{.quiz}",
                                     "```quiz:", "```Quiz.", "```quizz"])
def test_quiz_written_another_way_is_an_error_not_a_code_block_with_the_answers(tmp_path, opening):
    closing = "~~~" if opening.startswith("~") else "```"
    lesson = LESSON.replace("```quiz", opening).replace("- [ ] C\n```", f"- [ ] C\n{closing}")
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson})
    problem = errors_of(root)[0]
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 7)
    assert f"'{opening}' is not read as a quiz, so learners would see the right answers" in problem.message


def test_quiz_written_another_way_is_reported_on_the_german_lesson_not_on_its_translations(tmp_path):
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": LESSON.replace("```quiz", "```{quiz}")})
    assert [(p.path, p.line) for p in errors_of(root)] == [("kurs/01-lektion/de.md", 7)]


def test_practice_written_with_tildes_is_a_warning(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n~~~practice\ntype: mouse-click\n~~~")
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    [warning] = catalogue.problems
    assert (warning.path, warning.line, warning.severity) == ("kurs/01-lektion/de.md", 7, "warning")
    assert "'~~~practice' is not read as a practice block" in warning.message


def test_code_block_left_open_before_the_quiz_is_an_error(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n```\nwww.example.de\n")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 7)
    assert problem.message == "this code block is not closed before the ```quiz block on line 11: add a line ``` where the code ends"


def test_code_block_left_open_at_the_end_is_an_error(tmp_path):
    lesson = LESSON + "\n~~~\nwww.example.de\n"
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 19)
    assert "this code block is not closed, so it takes in the rest of the lesson: add a line ~~~" in problem.message


def test_code_blocks_that_are_closed_stay_code(tmp_path):
    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n````\n```quiz\n? Wie?\n```\n````\n\n```html\n<b>x</b>\n```\n\n```x``` ist Code.")
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert catalogue.problems == []
    html = html_of(catalogue.courses["kurs"])
    assert "```quiz" in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<code>x</code>" in html


def test_course_icon_and_lesson_audio_must_be_of_a_type_the_app_serves(tmp_path):
    lesson = LESSON.replace("minutes: 5\n", "minutes: 5\naudio: bild.svg\n")
    root = write_pack(tmp_path, {"kurs/course.yml": COURSE_YML + "icon: geheim.yml\n", "kurs/geheim.yml": "x: 1\n",
                                 "kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None, "kurs/01-lektion/bild.svg": "<svg/>"})
    assert [str(p) for p in errors_of(root)] == [
        "kurs/course.yml:6: error: the icon 'geheim.yml' is not of a type the app serves here: use .gif, .jpeg, .jpg, .png, .svg, .webp",
        "kurs/01-lektion/de.md:4: error: the audio file 'bild.svg' is not of a type the app serves here: use .m4a, .mp3, .ogg, .wav",
    ]


@pytest.mark.parametrize("reference, message", [
    ("[Seite](seite.html)", "the linked file 'seite.html' is not of a type the app serves here"),
    ("![Ein Bild](_entwurf/bild.svg)", "the image '_entwurf/bild.svg' is hidden or in a '_' folder"),
    ('<img src="bild.svg">', "the image 'bild.svg' has no alt text: add alt=\"…\""),
    ('<img src="seite.html" alt="Seite">', "the image 'seite.html' is not of a type the app serves here"),
])
def test_lesson_references_only_what_the_app_serves(tmp_path, reference, message):
    lesson = LESSON.replace("Ein Text.", f"Ein Text.\n\n{reference}")
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None, "kurs/01-lektion/seite.html": "<p/>",
                                 "kurs/01-lektion/bild.svg": "<svg/>", "kurs/01-lektion/_entwurf/bild.svg": "<svg/>"})
    problem = only_error(root)
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 7)
    assert message in problem.message


def test_picture_from_another_web_site_is_a_warning(tmp_path):
    lesson = LESSON.replace("Ein Text.", "![Logo](https://example.org/logo.png)\n<img src='//example.org/x.png' alt='x'>\n"
                                         '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Punkt">\n<img src="bild.svg" alt=Bild>')
    catalogue = load_catalogue(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None,
                                                     "kurs/01-lektion/bild.svg": "<svg/>"}))
    assert [(p.line, p.severity) for p in catalogue.problems] == [(5, "warning"), (6, "warning")]
    assert "'https://example.org/logo.png' is on another web site" in catalogue.problems[0].message


@pytest.mark.parametrize("title", ["42", "Yes", "2024-01-01"])
def test_title_that_yaml_reads_as_something_else_asks_for_quotes(tmp_path, title):
    lesson = LESSON.replace("title: Lektion", f"title: {title}")
    problem = only_error(write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == ("kurs/01-lektion/de.md", 2)
    assert problem.message.startswith("'title' must be text") and "put it in quotes" in problem.message


def test_byte_order_mark_at_the_start_is_not_part_of_the_text(tmp_path):
    bom = b"\xef\xbb\xbf"
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": bom + LESSON.encode(), "kurs/course.yml": bom + COURSE_YML.encode()})
    catalogue = load_catalogue(root)
    assert catalogue.problems == []
    assert catalogue.courses["kurs"].lessons[0].reference.title == "Lektion"


def test_a_paragraph_full_of_brackets_is_refused_before_it_stalls_the_reload(tmp_path):
    import time

    flood = LESSON.replace("Ein Text.", "Ein Text.\n\n" + "![" * 8000 + "\n\nNoch ein Text.")
    many_options = LESSON.replace("- [ ] C\n", "- [ ] C\n" + "- [ ] D\n" * 250)  # inside the quiz: not prose
    root = write_pack(tmp_path, {"kurs/01-lektion/en.md": flood})
    started = time.monotonic()
    catalogue = load_catalogue(root)
    assert time.monotonic() - started < 2  # Python-Markdown alone takes over six seconds on it
    assert [str(p) for p in catalogue.errors] == [
        "kurs/01-lektion/en.md:7: error: this paragraph has 8000 '[' (links and pictures): at most 200 fit into one "
        "paragraph; split it up"]
    assert set(catalogue.courses["kurs"].lessons[0].texts) == {"de"}
    root = write_pack(tmp_path / "quiz", {"kurs/01-lektion/en.md": many_options})
    assert not [p for p in errors_of(root) if "'['" in p.message]


@pytest.mark.parametrize("file, text, line", [
    ("kurs/course.yml", COURSE_YML.replace("Ein Kurs.", "Ein Kurs\x0b für alle."), 5),
    ("kurs/01-lektion/de.md", LESSON.replace("title: Lektion", "title: Lekt\u00e4\x07on"), 2),
])
def test_a_control_character_in_yaml_is_reported_with_its_line(tmp_path, file, text, line):
    problem = only_error(write_pack(tmp_path, {file: text, "kurs/01-lektion/en.md": None}))
    assert (problem.path, problem.line) == (file, line)
    assert "control character" in problem.message


def test_a_control_character_in_an_offers_file_is_reported_with_its_line():
    from netzlernen.content.offers import load_offers

    offers, [(line, message)] = load_offers(OFFER.replace("place: P", "place: G\u00f6ttingen\x0c"))
    assert line == 4 and "control character" in message


def test_a_course_title_longer_than_certificates_keep_is_an_error():
    """The certificate copies the German course title into a column of that length; PostgreSQL refuses a longer one."""
    from netzlernen.content.loader import LONGEST_COURSE_TITLE
    from netzlernen.models import Certificate

    assert Certificate.__table__.c.course_title.type.length == LONGEST_COURSE_TITLE


def test_a_german_course_title_too_long_for_the_certificate_is_an_error_naming_the_limit(tmp_path):
    title = "Wie man " + "sehr " * 40 + "lange Titel schreibt"
    problem = only_error(write_pack(tmp_path, {"kurs/course.yml": COURSE_YML.replace("de: Kurs", f"de: {title}")}))
    assert (problem.path, problem.line) == ("kurs/course.yml", 2)
    assert "200" in problem.message and f"{len(title)}" in problem.message


def warnings_of(root: Path) -> list[tuple[str, int | None, str]]:
    return [(p.path, p.line, p.message) for p in load_catalogue(root).warnings]


@pytest.mark.parametrize("quiz, line, message", [
    ("? Frage eins?\n- [x] Ja\n- [ ] Nein\n- [ ] Ja", 11, "the answer option 'Ja' is written twice"),
    ("? Frage eins?\n- [x] Ja\n- [x] Nein", 8, "every answer option is marked right"),
])
def test_a_quiz_question_with_an_option_twice_or_only_right_options_is_a_warning(tmp_path, quiz, line, message):
    text = LESSON.replace("? Frage eins?\n- [x] Ja\n- [ ] Nein", quiz)
    [(path, found_line, found)] = warnings_of(write_pack(tmp_path, {"kurs/01-lektion/de.md": text,
                                                                    "kurs/01-lektion/en.md": None}))
    assert (path, found_line) == ("kurs/01-lektion/de.md", line)
    assert message in found


@pytest.mark.parametrize("text, line, inline", [
    (LESSON.replace("Ein Text.", "Ein Bild: ![Die Maus][maus]\n\n[maus]: bild.svg"), 7, "![text](bild.svg)"),
    (LESSON.replace("Ein Text.", "Mehr [hier][1].\n\n   [1]: https://example.org \"Titel\""), 7,
     "[text](https://example.org)"),
])
def test_a_reference_style_link_is_a_warning_saying_how_to_write_it(tmp_path, text, line, inline):
    """Lessons do not read reference-style links: the definition line vanished and the use showed as text."""
    [(path, found_line, message)] = warnings_of(write_pack(tmp_path, {"kurs/01-lektion/de.md": text}))
    assert (path, found_line) == ("kurs/01-lektion/de.md", line)
    assert "reference-style" in message and inline in message


def test_a_reference_definition_shown_in_a_code_block_is_no_warning(tmp_path):
    text = LESSON.replace("Ein Text.", "So nicht:\n\n```\n[maus]: bild.svg\n```")
    assert warnings_of(write_pack(tmp_path, {"kurs/01-lektion/de.md": text})) == []


@pytest.mark.parametrize("file, text, line, quoted", [
    ("kurs/01-lektion/de.md", LESSON.replace("title: Lektion", "title: Lektion #2"), 2, 'title: "Lektion #2"'),
    ("kurs/course.yml", COURSE_YML.replace("de: Kurs", "de: Kurs #1 für alle"), 2, 'de: "Kurs #1 für alle"'),
    ("kurs/course.yml", COURSE_YML + "objectives:\n  de:\n    - Ich kenne #Hashtags.\n", 8, '- "Ich kenne #Hashtags."'),
])
def test_a_text_cut_by_a_yaml_comment_sign_is_a_warning_saying_to_quote_it(tmp_path, file, text, line, quoted):
    """YAML reads ' #' as the start of a comment: 'title: Lektion #2' gave the title 'Lektion', silently."""
    [(path, found_line, message)] = warnings_of(write_pack(tmp_path, {file: text}))
    assert (path, found_line) == (file, line)
    assert "comment" in message and quoted in message


@pytest.mark.parametrize("text", [
    LESSON.replace("minutes: 5", "minutes: 5  # about five"),          # a comment after a number is meant as one
    LESSON.replace("title: Lektion", 'title: "Lektion #2"'),             # quoted: nothing is cut
    LESSON.replace("title: Lektion", "title: Lektion#2"),                # no space before '#': not a comment
    LESSON.replace("title: Lektion\n", "title: Lektion\n# a note for the authors\n"),
    LESSON.replace("title: Lektion", "title: Lektion  # a note for the authors"),  # '# ': a comment on purpose
])
def test_yaml_comments_that_cut_no_text_give_no_warning(tmp_path, text):
    assert warnings_of(write_pack(tmp_path, {"kurs/01-lektion/de.md": text})) == []


def test_a_comment_after_a_file_name_in_course_yml_is_no_warning(tmp_path):
    """Quoting it, as the warning would say, would make the comment part of the file name."""
    root = write_pack(tmp_path, {"kurs/course.yml": COURSE_YML + "icon: icon.svg  # das Symbol\n",
                                 "kurs/icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    assert warnings_of(root) == []

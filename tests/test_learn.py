"""Home, courses, lessons, quizzes and progress through the Flask test client on a real SQLite file."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from netzlernen.extensions import db
from netzlernen.learn.services import VISIT_INTERVAL_SECONDS
from netzlernen.models import LessonProgress, QuizAnswer, QuizAttempt
from netzlernen.models.base import utcnow

LESSON = "/courses/test-kurs/erste-schritte"


def answer(kiosk, path=LESSON, **fields):
    data = {"csrf_token": kiosk.token(path)}
    data.update(fields)
    return kiosk.client.post(f"{path}/quiz", data=data)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for path in ("/", "/courses/test-kurs", LESSON):
        response = client.get(path)
        assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_home_shows_the_catalogue_with_progress(signed_in):
    page = signed_in.client.get("/").get_data(as_text=True)
    assert "Testkurs" in page
    assert '<progress max="3" value="0"' in page
    assert "Weitermachen" not in page and "Continue where" not in page


def test_course_page_lists_lessons_with_status(signed_in):
    signed_in.client.get(LESSON)
    page = signed_in.client.get("/courses/test-kurs").get_data(as_text=True)
    assert page.index("Erste Schritte") < page.index("Nur lesen") < page.index("Nur auf Deutsch")
    assert "badge-started" in page and page.count("badge-new") == 2


def test_lesson_page_shows_text_quiz_step_and_navigation(signed_in):
    page = signed_in.client.get(LESSON).get_data(as_text=True)
    assert "<h1>Erste Schritte</h1>" in page
    assert "<h2>Die Maus</h2>" in page
    assert re.search(r"Step 1 of 3|Schritt 1 von 3", page)
    assert 'type="radio" name="q0"' in page and 'type="checkbox" name="q1"' in page
    assert 'rel="next" href="/courses/test-kurs/lesen"' in page
    assert 'src="/course-files/test-kurs/erste-schritte/bild.svg"' in page


def test_unknown_course_or_lesson_is_404(signed_in):
    assert signed_in.client.get("/courses/nope").status_code == 404
    assert signed_in.client.get("/courses/test-kurs/nope").status_code == 404


def test_opening_a_lesson_records_it_as_started(signed_in, learner):
    signed_in.client.get(LESSON)
    row = db.session.scalar(select(LessonProgress))
    assert (row.user_id, row.course_id, row.lesson_slug, row.status) == (learner.id, "test-kurs", "erste-schritte", "started")


def test_opening_a_lesson_again_writes_the_visit_only_after_a_while(signed_in):
    signed_in.client.get(LESSON)
    first = db.session.scalar(select(LessonProgress.last_visited_at))
    signed_in.client.get(LESSON)
    assert db.session.scalar(select(LessonProgress.last_visited_at)) == first  # back and forth: no write

    earlier = utcnow() - timedelta(seconds=VISIT_INTERVAL_SECONDS + 1)
    db.session.execute(update(LessonProgress).values(last_visited_at=earlier))
    db.session.commit()
    signed_in.client.get(LESSON)
    assert db.session.scalar(select(LessonProgress.last_visited_at)) > earlier + timedelta(seconds=1)


def test_right_answers_pass_and_complete_the_lesson(signed_in, learner):
    response = answer(signed_in, q0="1", q1=["0", "1"])
    assert response.status_code == 302
    result = signed_in.client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"2 of 2|2 von 2", result)
    assert "Genau: Ein Doppelklick öffnet das Programm." in result
    attempt = db.session.scalar(select(QuizAttempt))
    assert (attempt.score, attempt.total, attempt.passed, attempt.language) == (2, 2, True, "de")
    assert [(a.question_index, a.chosen, a.correct) for a in attempt.answers] == [(0, "1", True), (1, "0,1", True)]
    assert db.session.scalar(select(LessonProgress)).completed
    home = signed_in.client.get("/").get_data(as_text=True)
    assert '<progress max="3" value="1"' in home


def test_multiple_choice_needs_every_right_option_and_no_wrong_one(signed_in):
    answer(signed_in, q0="1", q1=["0"])
    answer(signed_in, q0="1", q1=["0", "1", "2"])
    attempts = db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)).all()
    assert [(a.score, a.passed) for a in attempts] == [(1, True), (1, True)]  # pass mark of the test course: 0.5
    assert [a.answers[1].correct for a in attempts] == [False, False]


def test_failing_keeps_the_lesson_open_and_a_repeat_can_pass(signed_in):
    answer(signed_in, q0="0", q1=["2"])
    assert db.session.scalar(select(LessonProgress)).status == "started"
    answer(signed_in, q0="1", q1=["0", "1"])
    assert db.session.scalar(select(LessonProgress)).status == "completed"
    assert count(QuizAttempt) == 2 and count(QuizAnswer) == 4


def test_a_failed_retry_of_a_done_lesson_says_the_lesson_stays_done(signed_in):
    first = answer(signed_in, q0="0", q1=["2"])
    assert "Die Lektion bleibt trotzdem geschafft." not in signed_in.client.get(first.headers["Location"]).get_data(as_text=True)
    answer(signed_in, q0="1", q1=["0", "1"])
    retry = answer(signed_in, q0="0", q1=["2"])
    page = signed_in.client.get(retry.headers["Location"]).get_data(as_text=True)
    verdict = page.split('class="result-verdict"')[1].split("</p>")[0]
    assert "Noch nicht geschafft" in verdict and "Die Lektion bleibt trotzdem geschafft." in verdict
    assert db.session.scalar(select(LessonProgress)).status == "completed"


def test_result_page_explains_a_wrong_answer(signed_in):
    response = answer(signed_in, q0="0", q1=["2"])
    page = signed_in.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "answer-wrong" in page and "icon-cross" in page
    assert re.search(r"0 of 2|0 von 2", page)


@pytest.mark.parametrize("fields", [
    {"q0": "7", "q1": "0"},          # option does not exist (or no longer: the course changed)
    {"q0": "-1", "q1": "0"},         # not an index
    {"q0": "x", "q1": "0"},          # not a number
    {"q0": ["0", "1"], "q1": "0"},   # two answers to a single-choice question
    {"q0": "1", "q1": ["0", "0"]},   # the same option twice
    {"q0": "1", "q1": "0", "q9": "0"},  # a question that does not exist
    {"q0": "1", "q1": "0", "score": "2"},  # a field that is not an answer
    {"q0": "١", "q1": "0"},          # an Arabic-Indic digit
])
def test_answers_that_do_not_fit_the_quiz_show_it_again_and_write_nothing(signed_in, fields):
    response = answer(signed_in, **fields)
    assert response.status_code == 409
    assert 'role="alert"' in response.get_data(as_text=True) and 'id="quiz"' in response.get_data(as_text=True)
    assert count(QuizAttempt) == 0 and count(QuizAnswer) == 0


def _without_an_option_of_the_first_question(app, tmp_path, de="Mit einem Rechtsklick", en="With a right click"):
    import shutil

    from netzlernen.catalogue import load_into
    from tests.conftest import TEST_COURSES

    courses = tmp_path / "changed"
    shutil.copytree(TEST_COURSES, courses)
    for language, option in (("de", de), ("en", en)):
        text = courses / "test-kurs" / "01-erste-schritte" / f"{language}.md"
        text.write_text(text.read_text(encoding="utf-8").replace(f"- [ ] {option}\n", ""), encoding="utf-8")
    app.config["COURSES_DIR"] = str(courses)
    load_into(app)


def test_answers_sent_after_the_quiz_changed_lead_back_to_the_quiz_with_the_answers_that_fit(signed_in, app, tmp_path):
    """A learner's page still had the option an author removed meanwhile: no bare error page, and
    the answers to the other questions are still chosen."""
    data = {"csrf_token": signed_in.token(LESSON), "q0": "2", "q1": ["0", "1"]}
    _without_an_option_of_the_first_question(app, tmp_path)
    response = signed_in.client.post(f"{LESSON}/quiz", data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Das Quiz wurde geändert." in page
    assert 'value="0" id="q1-0" checked' in page and 'value="1" id="q1-1" checked' in page
    assert 'id="q0-missing"' in page
    assert count(QuizAttempt) == 0


def test_an_old_attempt_whose_answer_was_removed_from_the_quiz_says_the_question_changed(signed_in, app, tmp_path):
    result_url = answer(signed_in, q0="2", q1=["0", "1"]).headers["Location"]
    _without_an_option_of_the_first_question(app, tmp_path)
    page = signed_in.client.get(result_url).get_data(as_text=True)
    first, second = page.split('class="answer ')[1:3]
    assert "Die Frage wurde später geändert." in first and "Ihre Antwort:" not in first
    assert "Ihre Antwort:" in second and "Linke Taste" in second


def test_an_old_right_answer_is_not_shown_as_another_wrong_option_after_an_option_before_it_was_removed(
        signed_in, app, tmp_path):
    result_url = answer(signed_in, q0="1", q1=["0", "1"]).headers["Location"]  # "Mit einem Doppelklick": right
    _without_an_option_of_the_first_question(app, tmp_path, de="Mit einem Klick", en="With a click")
    first = signed_in.client.get(result_url).get_data(as_text=True).split('class="answer ')[1]
    assert first.startswith("answer-right") and "Die Frage wurde später geändert." in first
    assert "Rechtsklick" not in first.split("Die Frage wurde")[1]


def test_missing_answer_gets_a_message_and_keeps_the_choices(signed_in):
    response = answer(signed_in, q0="1")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "question-missing" in page
    assert 'value="1" id="q0-1" checked' in page
    assert not re.search(r'id="q1-missing"[^>]*><svg', page)  # one ⚠, the one app.css puts before every field error
    assert count(QuizAttempt) == 0


def test_forms_on_a_page_shown_after_a_post_lead_back_to_the_lesson(signed_in):
    import re

    page = answer(signed_in, q0="1").get_data(as_text=True)  # shown at …/quiz, which only takes POST
    assert set(re.findall(r'name="next" value="([^"]*)"', page)) == {LESSON}
    response = signed_in.post("/help", {"next": LESSON, "course_id": "test-kurs"}, token_from=LESSON)
    assert response.headers["Location"] == LESSON
    assert signed_in.client.get(LESSON).status_code == 200


def test_pages_shown_after_a_post_name_the_address_back_should_load(signed_in, kiosk):
    """back-guard.js puts this address in the page's history entry: Back then loads it with GET."""
    meta = f'<meta name="page-address" content="{LESSON}">'
    assert meta in answer(signed_in, q0="1").get_data(as_text=True)
    assert meta not in signed_in.client.get(LESSON).get_data(as_text=True)
    signed_in.sign_out()
    kiosk.post("/guest")
    assert meta in answer(kiosk, q0="1", q1=["0"]).get_data(as_text=True)  # a guest's result


def test_someone_elses_attempt_is_not_shown(signed_in, app, make_learner):
    response = answer(signed_in, q0="1", q1=["0", "1"])
    result_url = response.headers["Location"]
    make_learner("Bea", code="BEA456", pin="4321")
    from tests.conftest import Kiosk
    other = Kiosk(app.test_client())
    other.sign_in("BEA456", "4321")
    assert other.client.get(result_url).status_code == 404


def test_lesson_without_quiz_is_completed_with_done(signed_in):
    page = signed_in.client.get("/courses/test-kurs/lesen").get_data(as_text=True)
    assert "/courses/test-kurs/lesen/done" in page
    response = signed_in.post("/courses/test-kurs/lesen/done", token_from="/courses/test-kurs/lesen")
    assert response.headers["Location"] == "/courses/test-kurs/ohne-englisch"
    row = db.session.scalar(select(LessonProgress).where(LessonProgress.lesson_slug == "lesen"))
    assert row.completed


def test_done_is_refused_for_a_lesson_with_a_quiz(signed_in):
    response = signed_in.post(f"{LESSON}/done", token_from=LESSON)
    assert response.status_code == 400
    assert count(LessonProgress) == 1 and not db.session.scalar(select(LessonProgress)).completed


def test_continue_points_to_the_last_lesson_or_the_next_one(signed_in):
    signed_in.client.get("/courses/test-kurs/lesen")
    page = signed_in.client.get("/").get_data(as_text=True)
    assert 'href="/courses/test-kurs/lesen"' in page.split('id="resume-title"')[1].split("</section>")[0]
    signed_in.post("/courses/test-kurs/lesen/done", token_from="/courses/test-kurs/lesen")
    page = signed_in.client.get("/").get_data(as_text=True)
    assert 'href="/courses/test-kurs/ohne-englisch"' in page.split('id="resume-title"')[1].split("</section>")[0]


def test_continue_brings_a_learner_back_to_the_earlier_lesson_they_went_back_to(signed_in):
    def resume_link() -> str:
        return signed_in.client.get("/").get_data(as_text=True).split('id="resume-title"')[1].split("</section>")[0]

    signed_in.client.get(LESSON)
    a_minute_ago = utcnow() - timedelta(seconds=60)
    db.session.execute(update(LessonProgress).values(last_visited_at=a_minute_ago))
    db.session.commit()
    signed_in.client.get("/courses/test-kurs/lesen")
    assert 'href="/courses/test-kurs/lesen"' in resume_link()
    signed_in.client.get(LESSON)  # back to the first lesson, a minute after it was first opened
    assert f'href="{LESSON}"' in resume_link()


def test_progress_survives_a_restart(signed_in, app_config, make_app):
    from tests.conftest import Kiosk

    answer(signed_in, q0="1", q1=["0", "1"])
    restarted = make_app(app_config)
    kiosk = Kiosk(restarted.test_client())
    kiosk.sign_in("LEA123", "1234")
    assert '<progress max="3" value="1"' in kiosk.client.get("/").get_data(as_text=True)


def test_english_learner_reads_english_and_gets_german_with_a_notice_where_missing(kiosk, make_learner):
    make_learner("Sam", language="en", code="SAM789", pin="5678")
    kiosk.sign_in("SAM789", "5678")
    page = kiosk.client.get(LESSON).get_data(as_text=True)
    assert "<h1>First steps</h1>" in page and "not yet in your language" not in page
    page = kiosk.client.get("/courses/test-kurs/ohne-englisch").get_data(as_text=True)
    assert "<h1>Nur auf Deutsch</h1>" in page
    assert "This lesson is not yet in your language. Here it is in German." in page
    assert '<article class="lesson" lang="de" dir="ltr">' in page


def test_german_text_runs_left_to_right_for_an_arabic_learner(kiosk, make_learner):
    make_learner("Omar", language="ar", code="OMA789", pin="5678")
    kiosk.sign_in("OMA789", "5678")
    page = kiosk.client.get("/courses/test-kurs/ohne-englisch").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<article class="lesson" lang="de" dir="ltr">' in page
    assert 'class="icon icon-signout"' in page  # mirrored in right-to-left pages (app.css)


def test_arabic_words_in_a_german_lesson_run_right_to_left(kiosk, make_learner):
    """The app's own words (step, quiz hints, buttons, messages) stay Arabic inside the German text:
    laid out left to right they would put the full stop and the icons at the wrong end."""
    make_learner("Omar", language="ar", code="OMA789", pin="5678")
    kiosk.sign_in("OMA789", "5678")
    page = answer(kiosk, q0="1").get_data(as_text=True)
    assert '<article class="lesson" lang="de" dir="ltr">' in page
    for part in ('<p class="step" lang="ar" dir="rtl">', '<p class="alert" role="alert" lang="ar" dir="rtl">',
                 '<p class="hint" lang="ar" dir="rtl">', 'id="q1-missing" lang="ar" dir="rtl">'):
        assert part in page
    assert 'lang="ar">' not in page  # every Arabic part says its direction


def test_german_lesson_titles_on_arabic_pages_say_their_language(kiosk, make_learner):
    """WCAG 3.1.2: a screen reader reads a German title with a German voice, not an Arabic one."""
    make_learner("Omar", language="ar", code="OMA789", pin="5678")
    kiosk.sign_in("OMA789", "5678")
    title = '<span class="lesson-title" lang="de" dir="ltr">Erste Schritte</span>'
    assert title in kiosk.client.get("/courses/test-kurs").get_data(as_text=True)
    kiosk.client.get(LESSON)
    assert '<span lang="de" dir="ltr">Erste Schritte</span>' in kiosk.client.get("/").get_data(as_text=True)


def test_german_course_titles_and_descriptions_on_arabic_pages_say_their_language(kiosk, make_learner):
    make_learner("Omar", language="ar", code="OMA789", pin="5678")
    kiosk.sign_in("OMA789", "5678")
    home = kiosk.client.get("/").get_data(as_text=True)
    assert '<a href="/courses/test-kurs"><span lang="de" dir="ltr">Testkurs</span></a></h3>' in home
    assert '<p><span lang="de" dir="ltr">Ein kleiner Kurs für die Tests.</span></p>' in home
    course = kiosk.client.get("/courses/test-kurs").get_data(as_text=True)
    assert '<h1><span lang="de" dir="ltr">Testkurs</span></h1>' in course
    assert '<p><span lang="de" dir="ltr">Ein kleiner Kurs für die Tests.</span></p>' in course
    assert '<ul lang="de" dir="ltr"><li>Ich kann testen.</li></ul>' in course  # what the course teaches
    lesson = kiosk.client.get(LESSON).get_data(as_text=True)
    assert '<span lang="de" dir="ltr">Testkurs</span></a></nav>' in lesson


def test_course_titles_in_the_pages_language_are_not_marked(kiosk, make_learner):
    make_learner("Sam", language="en", code="SAM789", pin="5678")
    kiosk.sign_in("SAM789", "5678")
    course = kiosk.client.get("/courses/test-kurs").get_data(as_text=True)
    assert "<h1>Test course</h1>\n<p>A small course for the tests.</p>" in course
    assert "<ul><li>I can test.</li></ul>" in course


def test_quiz_answered_in_english_is_scored_like_german(kiosk, make_learner):
    make_learner("Sam", language="en", code="SAM789", pin="5678")
    kiosk.sign_in("SAM789", "5678")
    response = answer(kiosk, q0="1", q1=["0", "1"])
    page = kiosk.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Right: a double click opens the program." in page
    assert db.session.scalar(select(QuizAttempt)).language == "en"


def test_course_files_are_served_and_cannot_escape_the_course(client):
    with client.get("/course-files/test-kurs/erste-schritte/bild.svg") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert "sandbox" in response.headers["Content-Security-Policy"]
    with client.get("/course-files/test-kurs/_course/icon.svg") as response:
        assert response.status_code == 200
    for path in (
        "/course-files/test-kurs/erste-schritte/../../../conftest.py",
        "/course-files/test-kurs/erste-schritte/..%2f..%2fcourse.yml",
        "/course-files/test-kurs/erste-schritte/de.md",
        "/course-files/test-kurs/_course/course.yml",
        "/course-files/test-kurs/nope/bild.svg",
        "/course-files/../tests/conftest.py",
    ):
        assert client.get(path).status_code == 404, path


def test_course_files_are_only_what_the_course_uses_and_links_cannot_leave_the_lesson(tmp_path, app_config, make_app, caplog):
    import shutil

    from tests.conftest import TEST_COURSES

    courses = tmp_path / "courses"
    shutil.copytree(TEST_COURSES, courses)
    client = make_app({**app_config, "COURSES_DIR": str(courses)}).test_client()
    # Added after loading: the checker reports links out of the course, so the app would not load it.
    lesson = courses / "test-kurs/01-erste-schritte"
    (tmp_path / "secret.txt").write_text("not for learners", encoding="utf-8")
    (lesson / "pw.txt").symlink_to(tmp_path / "secret.txt")
    (lesson / "nachbar.mp3").symlink_to("../02-lesen/vorlesen.mp3")
    (lesson / "auch-bild.svg").symlink_to("bild.svg")
    (lesson / "schleife.svg").symlink_to("schleife.svg")
    for folder in (courses / "test-kurs/_entwurf", lesson / ".alt"):
        folder.mkdir()
        shutil.copy(lesson / "bild.svg", folder / "bild.svg")
    shutil.copy(lesson / "bild.svg", lesson / ".versteckt.svg")
    shutil.copy(lesson / "bild.svg", lesson / "_unterstrich.svg")

    for path in ("erste-schritte/auch-bild.svg", "erste-schritte/_unterstrich.svg", "_course/01-erste-schritte/bild.svg"):
        with client.get(f"/course-files/test-kurs/{path}") as response:
            assert response.status_code == 200 and response.mimetype == "image/svg+xml", path
    with caplog.at_level("WARNING"):
        for path in (
            "/course-files/test-kurs/erste-schritte/pw.txt",
            "/course-files/test-kurs/erste-schritte/nachbar.mp3",
            "/course-files/test-kurs/erste-schritte/schleife.svg",
            "/course-files/test-kurs/erste-schritte/bild.svg%00.svg",
            "/course-files/test-kurs/_course/_entwurf/bild.svg",
            "/course-files/test-kurs/erste-schritte/.alt/bild.svg",
            "/course-files/test-kurs/erste-schritte/.versteckt.svg",
        ):
            assert client.get(path).status_code == 404, path
    refused = [r.getMessage() for r in caplog.records if "course file refused" in r.getMessage()]
    assert len(refused) == 2 and "secret.txt" in refused[0]


def test_renumbering_lessons_keeps_progress(tmp_path, app_config, signed_in, make_app):
    import shutil

    from tests.conftest import TEST_COURSES, Kiosk

    answer(signed_in, q0="1", q1=["0", "1"])
    courses = tmp_path / "renumbered"
    shutil.copytree(TEST_COURSES, courses)
    (courses / "test-kurs" / "01-erste-schritte").rename(courses / "test-kurs" / "04-erste-schritte")
    restarted = make_app({**app_config, "COURSES_DIR": str(courses)})
    kiosk = Kiosk(restarted.test_client())
    kiosk.sign_in("LEA123", "1234")
    page = kiosk.client.get("/courses/test-kurs").get_data(as_text=True)
    assert page.index("Nur lesen") < page.index("Erste Schritte")
    assert '<progress max="3" value="1"' in page
    assert "badge-done" in page.split("Erste Schritte")[1]


def test_every_icon_points_into_the_sprite(signed_in):
    for path in ("/", "/courses/test-kurs", LESSON):
        page = signed_in.client.get(path).get_data(as_text=True)
        hrefs = re.findall(r'<use href="([^"]*)"', page)
        assert hrefs and all(h.startswith("/static/icons.svg#") for h in hrefs), path


def test_the_arabic_words_around_a_german_lesson_run_right_to_left(kiosk, make_learner):
    """A lesson not yet in Arabic is shown in German, left to right; the notice, the step line, the quiz
    instructions and the buttons in it are Arabic and must not inherit the German direction."""
    make_learner("Omar", language="ar", code="OMA789", pin="5678")
    kiosk.sign_in("OMA789", "5678")
    for path in (LESSON, "/courses/test-kurs/ohne-englisch"):
        page = kiosk.client.get(path).get_data(as_text=True)
        article = page.split('<article class="lesson" lang="de" dir="ltr">')[1].split("</article>")[0]
        arabic = re.findall(r'<\w+[^>]* lang="ar"[^>]*>', article)
        assert arabic and all('dir="rtl"' in tag for tag in arabic), [t for t in arabic if 'dir="rtl"' not in t]
    response = answer(kiosk, q0="0", q1=["0"])
    page = kiosk.client.get(response.headers["Location"]).get_data(as_text=True)
    arabic = re.findall(r'<\w+[^>]* lang="ar"[^>]*>', page.split('<ol class="answers"')[1].split("</ol>")[0])
    assert arabic and all('dir="rtl"' in tag for tag in arabic)


def test_course_pages_name_the_level_and_the_courses_recommended_first(app_config, make_app, make_learner):
    """course.yml's 'level' and 'requires' (docs/authoring.md) reach the learner, in her language."""
    from netzlernen.config import PROJECT_ROOT
    from tests.conftest import Kiosk

    shipped = make_app({**app_config, "COURSES_DIR": str(PROJECT_ROOT / "courses")})
    make_learner("Emre", language="en", code="EMRE12", pin="1234")
    kiosk = Kiosk(shipped.test_client())
    kiosk.sign_in("EMRE12", "1234")
    page = kiosk.client.get("/courses/internet").get_data(as_text=True)
    assert re.search(r'Recommended first:\s+<a href="/courses/computer-grundlagen">Computer basics</a>', page)
    assert "Level 2: basics" in page
    first = kiosk.client.get("/courses/maus-und-tastatur").get_data(as_text=True)
    assert "Recommended first" not in first and "Level 1: first steps" in first
    home = kiosk.client.get("/").get_data(as_text=True)
    assert "Level 1: first steps" in home and "Level 2: basics" in home


def test_a_quiz_sent_twice_stores_one_attempt_and_leads_both_times_to_its_result(signed_in):
    """A double click on 'Check my answers' stored two attempts (the mentors saw two tries)."""
    page = signed_in.client.get(LESSON).get_data(as_text=True)
    submission = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    data = {"csrf_token": signed_in.token(LESSON), "submission": submission, "q0": "0", "q1": ["2"]}
    first = signed_in.client.post(f"{LESSON}/quiz", data=data)
    again = signed_in.client.post(f"{LESSON}/quiz", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert count(QuizAttempt) == 1
    # Opened again (the same kept page), the quiz is a new try.
    second_page = signed_in.client.get(LESSON).get_data(as_text=True)
    assert re.search(r'name="submission" value="([^"]+)"', second_page).group(1) != submission
    assert 'data-submit-once' in second_page and "js/submit-once.js" in second_page

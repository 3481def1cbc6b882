"""The learner's pages: home and catalogue, course, lesson, quiz and its result, course files."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import pages, submissions
from ..access import is_guest, learner_or_guest, learner_required
from ..catalogue import get_catalogue
from ..content import Course, Lesson, is_servable
from ..extensions import begin_write, db, writes_late
from ..mentor import helpdesk, plans
from ..mentor import services as mentoring
from ..numbers import small_number
from ..security import ASSET_POLICY
from . import answers, bp, practice_text, services
from .forms import DisplaySettingsForm

def _course_or_404(course_id: str) -> Course:
    course = get_catalogue().courses.get(course_id)
    if course is None:
        abort(404)
    return course


def _lesson_or_404(course_id: str, slug: str) -> tuple[Course, Lesson]:
    course = _course_or_404(course_id)
    lesson = course.lesson(slug)
    if lesson is None:
        abort(404)
    return course, lesson


def _progress() -> dict:
    return {} if is_guest() else services.progress_by_lesson(current_user.id)


def _language() -> str:
    return str(get_locale())


@bp.route("/")
def home():
    if current_user.is_authenticated and current_user.is_staff:
        return redirect(url_for("mentor.index"))
    if not current_user.is_authenticated and not is_guest():
        return redirect(url_for("auth.signin"))
    catalogue = get_catalogue()
    progress = _progress()
    guest = is_guest()
    plan = [] if guest else services.plan_steps(catalogue, plans.plan(current_user.id), progress)
    return render_template(
        "learn/home.html",
        summaries=services.summaries(catalogue.ordered(), progress),
        resume=services.continue_target(catalogue, progress),
        plan=plan,
        next_steps=None if guest else mentoring.latest_next_steps(current_user.id),
        guest=guest,
    )


@bp.route("/courses/<course_id>")
@learner_or_guest
def course(course_id: str):
    course = _course_or_404(course_id)
    courses = get_catalogue().courses
    recommended_first = [courses[earlier] for earlier in course.requires if earlier in courses]
    progress = _progress()
    statuses = {lesson.slug: services.lesson_status(progress, lesson) for lesson in course.lessons}
    summary = services.summaries([course], progress)[0]
    return render_template("learn/course.html", course=course, statuses=statuses, summary=summary,
                           recommended_first=recommended_first)


def _render_lesson(course: Course, lesson: Lesson, *, state: services.LessonState | None = None,
                   message: str | None = None, status: int = 200, chosen: list | None = None):
    language = _language()
    text = lesson.text_for(language)
    guest = is_guest()
    if request.method != "GET":
        pages.come_back_to(url_for("learn.lesson", course_id=course.id, slug=lesson.slug))
    if state is None:
        state = services.NEW_LESSON if guest else services.lesson_state(current_user.id, lesson)
    german = lesson.texts.get("de")
    can_side_by_side = not guest and text.language != "de" and german is not None
    side_by_side = can_side_by_side and current_user.side_by_side

    def context() -> dict:
        before, after = course.neighbours(lesson.slug)
        return dict(
            course=course, lesson=lesson, text=text, fallback=text.language != language,
            before=before, after=after, step=course.lessons.index(lesson) + 1, steps=len(course.lessons),
            lesson_status=state.status, message=message, chosen=chosen or [], guest=guest,
            practice_messages=practice_text.messages([p.type for p in text.practices]) if text.practices else {},
            practices_done=state.practices_done, practice_options=lambda practice: dict(practice.options),
            pairs=services.side_by_side(text, german) if side_by_side else None, can_side_by_side=can_side_by_side,
            audio_url=url_for("learn.course_file", course_id=course.id, slug=lesson.slug, filename=text.audio)
            if text.audio else None,
        )

    if message is None and not chosen:
        key = (course.id, lesson.slug, state.status, state.practices_done, side_by_side)
        return pages.render_kept("learn/lesson.html", key, context), status
    return render_template("learn/lesson.html", **context()), status


@bp.route("/courses/<course_id>/<slug>")
@learner_or_guest
def lesson(course_id: str, slug: str):
    course, lesson = _lesson_or_404(course_id, slug)
    if is_guest():
        return _render_lesson(course, lesson)
    state = services.lesson_state(current_user.id, lesson)
    if state.needs_visit_record():
        begin_write()
        state = services.record_visit(current_user.id, lesson, state)
        db.session.commit()
    return _render_lesson(course, lesson, state=state)


@bp.route("/courses/<course_id>/<slug>/quiz", methods=["POST"])
@writes_late
@learner_or_guest
def answer_quiz(course_id: str, slug: str):
    course, lesson = _lesson_or_404(course_id, slug)
    quiz = lesson.text_for(_language()).quiz
    if quiz is None:
        abort(404)
    form = request.form.to_dict(flat=False)
    try:
        chosen = answers.read_answers(quiz, form)
    except answers.MalformedAnswers:
        # Mostly a page loaded before an author changed the quiz: ask again, nothing is lost.
        return _render_lesson(course, lesson, status=409, chosen=answers.answers_that_fit(quiz, form),
                              message=_("The quiz was changed. Please check your answers and send them again."))
    if any(a is None for a in chosen):
        return _render_lesson(course, lesson, status=422, chosen=chosen,
                              message=_("Please answer every question. The questions without an answer are marked."))
    result = answers.score(quiz, chosen, course.pass_mark)  # type: ignore[arg-type]
    if is_guest():
        return _render_result(course, lesson, result)
    submission = request.form.get("submission")
    earlier = submissions.earlier_result(submission)  # sent twice (a double click): one attempt
    if earlier:
        return redirect(earlier)
    begin_write()
    attempt = services.record_attempt(current_user.id, course, lesson, _language(), result)
    target = url_for("learn.quiz_result", course_id=course.id, slug=lesson.slug, attempt_id=attempt.id)
    submissions.remember(submission, target)
    return redirect(submissions.commit_once(submission) or target)


def _render_result(course: Course, lesson: Lesson, result: answers.QuizResult):
    if request.method != "GET":  # a guest's result, shown in answer to the quiz form
        pages.come_back_to(url_for("learn.lesson", course_id=course.id, slug=lesson.slug))
    before, after = course.neighbours(lesson.slug)
    text = lesson.text_for(_language())
    # A passed quiz completes the lesson only with its exercises done: say so, or the learner moves on
    # believing the lesson is finished, and the course never is.
    missing = services.exercises_left(current_user.id, lesson) if result.passed and not is_guest() else []
    # A failed retry of a lesson already done takes nothing away: say so, or the learner fears it is lost.
    stays_done = not result.passed and not is_guest() and services.lesson_state(current_user.id, lesson).status == "done"
    return render_template("learn/result.html", course=course, lesson=lesson, text=text, result=result,
                           after=after, step=course.lessons.index(lesson) + 1, steps=len(course.lessons),
                           pass_percent=round(course.pass_mark * 100), guest=is_guest(), missing_practices=missing,
                           stays_done=stays_done)


@bp.route("/courses/<course_id>/<slug>/attempts/<int:attempt_id>")
@learner_required
def quiz_result(course_id: str, slug: str, attempt_id: int):
    course, lesson = _lesson_or_404(course_id, slug)
    quiz = lesson.text_for(_language()).quiz
    attempt = services.attempt_of(current_user.id, lesson, attempt_id)
    if quiz is None or attempt is None:
        abort(404)
    return _render_result(course, lesson, answers.result_of(attempt, quiz))


@bp.route("/courses/<course_id>/<slug>/done", methods=["POST"])
@learner_or_guest
def finish_lesson(course_id: str, slug: str):
    course, lesson = _lesson_or_404(course_id, slug)
    if lesson.quiz is not None:
        abort(400)  # a lesson with a quiz is completed by passing it
    if not is_guest():
        if services.missing_practices(current_user.id, lesson):
            return _render_lesson(course, lesson, status=409,
                                  message=_("Please do the exercises on this page first."))
        services.complete_lesson(current_user.id, course, lesson)
        db.session.commit()
    _before, after = course.neighbours(lesson.slug)
    if after is not None:
        return redirect(url_for("learn.lesson", course_id=course.id, slug=after.slug))
    return redirect(url_for("learn.course", course_id=course.id))


@bp.route("/course-files/<course_id>/<slug>/<path:filename>")
def course_file(course_id: str, slug: str, filename: str):
    """A picture or sound of a lesson (or, under the slug '_course', of the course, e.g. its icon)."""
    course = _course_or_404(course_id)
    if slug == "_course":
        folder = Path(course.path)
    else:
        lesson = course.lesson(slug)
        if lesson is None:
            abort(404)
        folder = Path(course.path) / lesson.folder
    if not is_servable(PurePath(filename)):
        abort(404)
    try:
        real = Path(os.path.realpath(folder / filename, strict=True))
    except (OSError, ValueError):  # missing, a link that leads nowhere, or a NUL byte in the name
        real = None
    if real is None or not real.is_file():
        current_app.logger.warning("course file missing: %s/%s/%s (check the course folder)", course_id, slug, filename)
        abort(404)
    # A link in the course folder must not hand out a file from elsewhere on the server.
    base = Path(os.path.realpath(folder))
    if not real.is_relative_to(base) or not is_servable(real.relative_to(base)):
        current_app.logger.warning("course file refused: %s/%s/%s leads to %s (run 'flask courses check')",
                                   course_id, slug, filename, real)
        abort(404)
    response = send_file(real, max_age=current_app.config.get("SEND_FILE_MAX_AGE_DEFAULT") or 3600)
    response.headers["Content-Security-Policy"] = ASSET_POLICY
    return response


@bp.route("/courses/<course_id>/<slug>/practice/<int:index>", methods=["POST"])
@writes_late
@learner_or_guest
def report_practice(course_id: str, slug: str, index: int):
    """Store a finished practice exercise (JSON). Guests get an answer, but nothing is stored."""
    course, lesson = _lesson_or_404(course_id, slug)
    practices = lesson.practices
    if index >= len(practices):
        abort(404)
    try:
        report = answers.read_practice_report(practices[index], request.get_json(silent=True))
    except answers.MalformedAnswers:
        abort(400)
    if is_guest():
        return jsonify(stored=False, lesson_completed=False)
    begin_write()
    completed = services.record_practice(current_user.id, course, lesson, practices[index], report)
    db.session.commit()
    return jsonify(stored=True, lesson_completed=completed)


@bp.route("/practice/upload-check", methods=["POST"])
@learner_or_guest
def check_upload():
    """The application-form exercise's CV upload: checked, answered, and thrown away."""
    upload = request.files.get("file")
    limit_mb = small_number(request.form.get("max_size_mb"))
    limit = (limit_mb if limit_mb is not None and 1 <= limit_mb <= 7 else 2) * 1024 * 1024
    return jsonify(answers.check_cv_upload(upload, limit))


@bp.route("/help", methods=["POST"])
@learner_required
def call_help():
    """'Hilfe rufen': tell the mentors in the room, with the lesson the learner is on."""
    course_id = request.form.get("course_id") or None
    slug = request.form.get("lesson_slug") or None
    course = get_catalogue().courses.get(course_id or "")
    if course is None or (slug and course.lesson(slug) is None):
        course_id = slug = None
    helpdesk.call_for_help(current_user, course_id, slug)
    db.session.commit()
    flash(_("Help is coming. A mentor will come to you soon."), "success")
    return redirect(_back_to(request.form.get("next")))


@bp.route("/help/cancel", methods=["POST"])
@learner_required
def cancel_help():
    if helpdesk.cancel_help(current_user):
        db.session.commit()
        flash(_("Your call for help is cancelled."), "success")
    return redirect(_back_to(request.form.get("next")))


def _back_to(target: str | None) -> str:
    return pages.address_on_this_site(target) or url_for("learn.home")


@bp.route("/settings", methods=["GET", "POST"])
@learner_required
def display_settings():
    """Text size, contrast, motion and the side-by-side view: kept in the profile, not the browser."""
    form = DisplaySettingsForm(obj=current_user)
    if _language() == "de":
        del form.side_by_side  # German next to German shows nothing; the choice is kept for another language
    if form.validate_on_submit():
        side_by_side = form.side_by_side.data if form.side_by_side else current_user.side_by_side
        services.save_display_settings(current_user, text_size=form.text_size.data, high_contrast=form.high_contrast.data,
                                       reduced_motion=form.reduced_motion.data, side_by_side=side_by_side)
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("learn.display_settings"))
    status = 400 if form.errors else 200
    return render_template("learn/settings.html", form=form), status


@bp.route("/settings/side-by-side", methods=["POST"])
@learner_required
def toggle_side_by_side():
    current_user.side_by_side = not current_user.side_by_side
    db.session.commit()
    return redirect(_back_to(request.form.get("next")))

"""Certificates: the learner's and the mentor's way to make and print one, and public verification."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from .. import audit, settings
from ..access import learner_required, mentor_required
from ..catalogue import get_catalogue
from ..content import Course
from ..extensions import db, limiter
from ..i18n import LANGUAGES, in_language
from ..mentor import services as mentoring
from . import bp, services


def _course_or_404(course_id: str) -> Course:
    course = get_catalogue().courses.get(course_id)
    if course is None:
        abort(404)
    return course


def _second_language_line(certificate) -> Markup | None:
    """The certificate's title in the learner's language, if it is not German; the course's title in it
    is German (as on the certificate) and says so."""
    if certificate.language == "de" or certificate.language not in LANGUAGES:
        return None
    with force_locale(certificate.language):
        sentence = _("Certificate of participation in the course “%(course)s”", course="%(course)s")
        return escape(sentence) % {"course": in_language(certificate.course_title, "de")}


def _date_on_certificate(moment) -> str:
    """The date as the German certificate states it ("2. März 2026"): the day in the centre's
    time zone, in German for every viewer, so that the learner and the mentor print the same."""
    with force_locale("de"):
        return format_date(moment, "long")


def _render_certificate(certificate, course: Course, replace_url: str | None = None):
    address = settings.get("app_address").rstrip("/")
    verify_url = f"{address}{url_for('certificates.verify', code=certificate.code)}"
    return render_template(
        "certificates/certificate.html", certificate=certificate, course=course, replace_url=replace_url,
        code=services.pretty_code(certificate.code), verify_url=verify_url, qr=services.qr_svg(verify_url),
        second_line=_second_language_line(certificate), completed_on=_date_on_certificate(certificate.completed_on),
    )


def _make_or_show(learner, course: Course, back_url: str, replace_url: str | None = None):
    certificate = services.certificate_for(learner.id, course.id)
    if certificate is not None:
        if request.method == "POST":
            return redirect(request.path)
        return _render_certificate(certificate, course, replace_url)
    completed = services.completion_time(learner.id, course) is not None
    if request.method == "POST" and completed and learner.certificate_name:
        certificate = services.issue_certificate(learner, course, settings.get("centre_name"),
                                                 show_name=request.form.get("show_name") == "yes")
        if current_user.id != learner.id:
            audit.record(current_user, "certificate", learner.id, course.id)
        db.session.commit()
        return redirect(request.path)
    return render_template("certificates/make.html", learner=learner, course=course, completed=completed,
                           back_url=back_url)


@bp.route("/certificates/<course_id>", methods=["GET", "POST"])
@learner_required
def mine(course_id: str):
    return _make_or_show(current_user, _course_or_404(course_id), url_for("learn.course", course_id=course_id))


@bp.route("/mentor/learners/<int:learner_id>/certificates/<course_id>", methods=["GET", "POST"])
@mentor_required
def for_learner(learner_id: int, course_id: str):
    learner = mentoring.learner_for(current_user, learner_id)
    if learner is None:
        abort(404)
    return _make_or_show(learner, _course_or_404(course_id), url_for("mentor.learner", learner_id=learner.id),
                         url_for("certificates.replace", learner_id=learner.id, course_id=course_id))


@bp.route("/mentor/learners/<int:learner_id>/certificates/<course_id>/replace", methods=["POST"])
@mentor_required
def replace(learner_id: int, course_id: str):
    """Withdraw the learner's certificate (a wrong name, say), so that a new one can be made."""
    learner = mentoring.learner_for(current_user, learner_id)
    if learner is None:
        abort(404)
    course = _course_or_404(course_id)
    certificate = services.certificate_for(learner.id, course.id)
    if certificate is not None:
        services.withdraw_certificate(certificate)
        audit.record(current_user, "certificate_withdraw", learner.id, course.id)
        db.session.commit()
        flash(_("The old certificate no longer counts. Check the name, then make the new one."), "success")
    return redirect(url_for("certificates.for_learner", learner_id=learner.id, course_id=course.id))


def _verify_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@bp.route("/verify", defaults={"code": None})
@bp.route("/verify/<code>")
@limiter.limit(_verify_limit)
def verify(code: str | None):
    """Anyone with the code sees what the certificate confirms; the name only if the learner agreed."""
    code = code or request.args.get("code", "")
    certificate = services.certificate_by_code(code) if code else None
    status = 404 if code and certificate is None else 200
    return render_template("certificates/verify.html", code=code, certificate=certificate,
                           pretty=services.pretty_code(certificate.code) if certificate else None), status

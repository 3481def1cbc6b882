"""The mentors' area: dashboard, learner accounts and pages, check-ins, learning plans, help calls."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import wraps

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, consent, pictograms, submissions
from ..access import mentor_required
from ..auth import services as accounts
from ..catalogue import get_catalogue
from ..extensions import db
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, course_title, direction, isolated_text, local_today, local_zone
from ..learn import services as learning
from ..models.base import utcnow
from ..numbers import small_number
from . import bp, helpdesk, plans, services
from .forms import CheckInForm, LearnerForm, PlanForm

def with_learner(view):
    """Load the learner named by ``learner_id`` if the mentor may see them; 404 otherwise."""

    @wraps(view)
    def wrapped(learner_id: int, **kwargs):
        learner = services.learner_for(current_user, learner_id)
        if learner is None:
            abort(404)
        return view(learner, **kwargs)

    return wrapped


@bp.route("/")
@mentor_required
def index():
    scope = request.args.get("scope", "location")
    flag = request.args.get("flag") or None
    sort = request.args.get("sort", "attention")
    location_id = request.args.get("location", type=small_number)
    catalogue = get_catalogue()
    rows = services.dashboard_rows(
        current_user, scope=scope if scope in ("mine", "location") else "location",
        location_id=location_id, flag=flag if flag in services.FLAG_ORDER else None,
        sort=sort if sort in ("attention", "name", "activity") else "attention",
        inactive_days=current_app.config["INACTIVE_DAYS"], stuck_days=current_app.config["STUCK_DAYS"],
        catalogue=catalogue,
    )
    return render_template(
        "mentor/dashboard.html", rows=rows, scope=scope, flag=flag, sort=sort, location_id=location_id,
        catalogue=catalogue, help_requests=helpdesk.open_help_requests(current_user),
        locations=services.locations(), now=utcnow(),
    )


def _title_language_attributes(course) -> dict[str, str]:
    """lang and dir for a menu's option whose course title is German on another language's page
    (an option holds only text, so it cannot take the course_title filter's <span>)."""
    language = course.title_language(current_user.language)
    return {} if language == current_user.language else {"lang": language, "dir": direction(language)}


def _where_help_is_called(course, lesson) -> list[dict]:
    """The course's and the lesson's titles, each with the language it is in (German when it is not
    translated), so that the page marks a German title on an Arabic page as German."""
    language = str(current_user.language)
    parts = [{"text": course.title(language), "lang": course.title_language(language)}] if course else []
    if course and lesson:
        text = lesson.text_for(language)
        parts.append({"text": text.title, "lang": text.language})
    return [part | {"dir": direction(part["lang"])} for part in parts]


def _help_json(now: datetime) -> dict:
    catalogue = get_catalogue()
    items = []
    for help_request, learner in helpdesk.open_help_requests(current_user):
        course = catalogue.courses.get(help_request.course_id or "")
        lesson = course.lesson(help_request.lesson_slug) if course and help_request.lesson_slug else None
        where = _where_help_is_called(course, lesson)
        items.append({
            "id": help_request.id,
            "learner": learner.display_name,
            "learner_url": url_for("mentor.learner", learner_id=learner.id),
            "where": ": ".join(part["text"] for part in where),
            "where_parts": where,
            "waiting": format_timedelta(now - help_request.created_at, threshold=1.1),
            "status": help_request.status,
            "taken_by": help_request.taken_by_id == current_user.id,
            "take_url": url_for("mentor.take_help", request_id=help_request.id),
            "close_url": url_for("mentor.close_help", request_id=help_request.id),
        })
    return {"requests": items}


@bp.route("/help-requests.json")
@mentor_required
def help_requests():
    return jsonify(_help_json(utcnow()))


@bp.route("/help-requests/<int:request_id>/take", methods=["POST"])
@mentor_required
def take_help(request_id: int):
    help_request = helpdesk.help_request_for(current_user, request_id)
    if help_request is None:
        abort(404)
    helpdesk.take_help_request(current_user, help_request)
    db.session.commit()
    return _after_help_action(_("You have taken the call. The learner sees that help is coming."))


@bp.route("/help-requests/<int:request_id>/close", methods=["POST"])
@mentor_required
def close_help(request_id: int):
    help_request = helpdesk.help_request_for(current_user, request_id)
    if help_request is None:
        abort(404)
    helpdesk.close_help_request(current_user, help_request)
    db.session.commit()
    return _after_help_action(_("The help call is closed."))


def _after_help_action(message: str):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(_help_json(utcnow()))
    flash(message, "success")
    return redirect(url_for("mentor.index"))


def _learner_form(form: LearnerForm, learner=None) -> LearnerForm:
    locations = services.locations()
    if not current_user.is_coordinator:
        locations = [location for location in locations if location.id == current_user.location_id]
    form.location_id.choices = {str(location.id): location.name for location in locations}
    # Only a location the viewer may choose: another one would list that location's mentors (or,
    # beyond the database's integers, fail in the query).
    chosen = form.location_id.data if str(form.location_id.data) in form.location_id.choices else None
    location_id = chosen or (learner.location_id if learner else current_user.location_id)
    form.main_mentor_id.choices = {"": _("No main mentor")} | {
        str(mentor.id): mentor.display_name for mentor in services.mentors(location_id)
    }
    return form


@bp.route("/learners/new", methods=["GET", "POST"])
@mentor_required
def new_learner():
    form = _learner_form(LearnerForm(is_new=True))
    if request.method == "GET":
        form.location_id.data = current_user.location_id
        form.main_mentor_id.data = current_user.id
        form.language.data = "de"
        form.submission.data = submissions.new_id()
    if form.validate_on_submit():
        earlier = submissions.earlier_result(form.submission.data)
        if earlier:
            return redirect(earlier)
        learner, pin = accounts.create_learner(
            form.display_name.data, form.language.data, location_id=form.location_id.data,
            main_mentor_id=form.main_mentor_id.data, real_name=form.real_name.data, contact=form.contact.data,
        )
        consent.record(learner, current_user)
        accounts.keep_fresh_secret(learner, current_user, pin)
        audit.record(current_user, "create", learner.id)
        created = url_for("mentor.learner_created", learner_id=learner.id)
        submissions.remember(form.submission.data, created)
        return redirect(submissions.commit_once(form.submission.data) or created)
    return render_template("mentor/learner_form.html", form=form, learner=None, consent_text=consent.current_text()), 200 if not form.errors else 422


@bp.route("/learners/<int:learner_id>/new-pin")
@mentor_required
@with_learner
def learner_created(learner):
    """Shows the sign-in code, and the PIN to the one who made it in the minutes after (auth.services)."""
    fresh = accounts.fresh_secret(learner.id, current_user)
    secret_pictures = pictograms.decode(fresh[len(accounts.PICTURE_PREFIX):]) if fresh and fresh.startswith(accounts.PICTURE_PREFIX) else None
    return render_template("mentor/learner_created.html", learner=learner, pin=None if secret_pictures else fresh,
                           secret_pictures=secret_pictures, pictograms=pictograms,
                           minutes=accounts.FRESH_SECRET_LIFETIME // timedelta(minutes=1))


@bp.route("/learners/<int:learner_id>")
@mentor_required
@with_learner
def learner(learner):
    catalogue = get_catalogue()
    progress = learning.progress_by_lesson(learner.id)
    plan_form = PlanForm()
    planned = plans.plan(learner.id)
    plan_form.course_id.choices = [(c.id, c.title(current_user.language), _title_language_attributes(c))
                                   for c in catalogue.ordered() if c.id not in {item.course_id for item in planned}]
    audit.record(current_user, "view", learner.id)
    db.session.commit()
    return render_template(
        "mentor/learner.html", learner=learner, catalogue=catalogue, progress=progress,
        attempts=services.attempts_with_mistakes(learner), timeline=services.timeline(learner),
        check_ins=services.check_ins(learner), plan=planned, plan_form=plan_form,
        help_request=helpdesk.active_help_request(learner.id, only_if_signed_in=True), now=utcnow(),
        summaries=learning.summaries(catalogue.ordered(), progress),
    )


@bp.route("/learners/<int:learner_id>/edit", methods=["GET", "POST"])
@mentor_required
@with_learner
def edit_learner(learner):
    form = _learner_form(LearnerForm(obj=learner), learner)
    if form.validate_on_submit():
        if not current_user.is_coordinator and form.location_id.data != current_user.location_id:
            abort(403)
        services.update_learner(learner, {name: getattr(form, name).data for name in (
            "display_name", "language", "location_id", "main_mentor_id", "real_name", "contact",
            "certificate_name")})
        audit.record(current_user, "update", learner.id)
        db.session.commit()
        flash(_("The changes are saved."), "success")
        return redirect(url_for("mentor.learner", learner_id=learner.id))
    return render_template("mentor/learner_form.html", form=form, learner=learner), 200 if not form.errors else 422


@bp.route("/learners/<int:learner_id>/pin", methods=["POST"])
@mentor_required
@with_learner
def reset_pin(learner):
    pin = accounts.reset_pin(learner)
    accounts.keep_fresh_secret(learner, current_user, pin)
    audit.record(current_user, "reset_pin", learner.id)
    db.session.commit()
    return redirect(url_for("mentor.learner_created", learner_id=learner.id))


@bp.route("/learners/<int:learner_id>/unlock", methods=["POST"])
@mentor_required
@with_learner
def unlock(learner):
    accounts.unlock(learner)
    audit.record(current_user, "unlock", learner.id)
    db.session.commit()
    flash(_("%(name)s can sign in again.", name=isolated_text(learner.display_name)), "success")
    return redirect(url_for("mentor.learner", learner_id=learner.id))


@bp.route("/learners/<int:learner_id>/deactivate", methods=["POST"])
@mentor_required
@with_learner
def deactivate(learner):
    accounts.set_active(learner, False)
    audit.record(current_user, "deactivate", learner.id)
    db.session.commit()
    flash(_("The account of %(name)s is switched off.", name=isolated_text(learner.display_name)), "success")
    return redirect(url_for("mentor.learner", learner_id=learner.id))


@bp.route("/learners/<int:learner_id>/activate", methods=["POST"])
@mentor_required
@with_learner
def activate(learner):
    accounts.set_active(learner, True)
    audit.record(current_user, "activate", learner.id)
    db.session.commit()
    flash(_("The account of %(name)s is switched on again.", name=isolated_text(learner.display_name)), "success")
    return redirect(url_for("mentor.learner", learner_id=learner.id))


def _card_labels(learners) -> dict[int, dict[str, str]]:
    """The words printed on each learner's card (by learner id), in the learner's language: the learner
    takes the card home and finds the same words on the sign-in page in that language."""
    by_language: dict[str, dict[str, str]] = {}
    for code in {learner.language if learner.language in LANGUAGES else DEFAULT_LANGUAGE for learner in learners}:
        with force_locale(code):
            by_language[code] = {"lang": code, "dir": LANGUAGES[code].direction, "code": _("Your sign-in code"),
                                 "pin": _("Your PIN"), "name_pictures": _("Your name pictures"),
                                 "secret_pictures": _("Your secret pictures")}
    return {learner.id: by_language[learner.language if learner.language in LANGUAGES else DEFAULT_LANGUAGE]
            for learner in learners}


@bp.route("/learners/<int:learner_id>/card")
@mentor_required
@with_learner
def card(learner):
    """A printable sign-in card (A6). The PIN is printed only right after it was made, and only if asked."""
    pin = accounts.fresh_secret(learner.id, current_user) if request.args.get("with_pin") == "1" else None
    shown = "" if not pin else "pictures" if pin.startswith(accounts.PICTURE_PREFIX) else "pin"
    audit.record(current_user, "card", learner.id, shown)
    db.session.commit()
    return render_template("mentor/cards.html", learners=[learner], pins={learner.id: pin} if pin else {}, single=True,
                           pictograms=pictograms, picture_prefix=accounts.PICTURE_PREFIX,
                           card_labels=_card_labels([learner]))


@bp.route("/cards")
@mentor_required
def cards():
    """Sign-in cards of every active learner in reach, several to an A4 page, without PINs."""
    location_id = request.args.get("location", type=small_number)
    query = services.learners_in_reach(current_user).where(services.User.active.is_(True))
    if location_id is not None:
        query = query.where(services.User.location_id == location_id)
    learners = list(db.session.scalars(query.order_by(services.User.display_name)))
    if learners:  # an entry under each learner, so that her data copy and the log filtered by her show it
        for learner in learners:
            audit.record(current_user, "card", learner.id, "sheet")
        db.session.commit()
    return render_template("mentor/cards.html", learners=learners, pins={}, single=False,
                           pictograms=pictograms, picture_prefix=accounts.PICTURE_PREFIX, card_labels=_card_labels(learners))


def _check_in_form(form: CheckInForm) -> CheckInForm:
    form.courses.choices = [(c.id, course_title(c)) for c in get_catalogue().ordered()]
    return form


def _check_in_values(form: CheckInForm) -> dict:
    appointment = form.next_appointment.data
    if appointment is not None:
        appointment = appointment.replace(tzinfo=local_zone()).astimezone(timezone.utc)
    return {
        "met_on": form.met_on.data, "duration_minutes": form.duration_minutes.data, "mode": form.mode.data,
        "confidence": form.confidence.data, "topics": form.topics.data or "", "courses": list(form.courses.data or []),
        "private_notes": form.private_notes.data or "", "next_steps": form.next_steps.data or "",
        "next_appointment": appointment,
    }


@bp.route("/learners/<int:learner_id>/checkins/new", methods=["GET", "POST"])
@mentor_required
@with_learner
def new_check_in(learner):
    form = _check_in_form(CheckInForm())
    if request.method == "GET":
        form.met_on.data = local_today()
        form.duration_minutes.data = 30
        form.submission.data = submissions.new_id()
    if form.validate_on_submit():
        # A repeat of a check-in already saved (a double-click) saves nothing more.
        saved = submissions.earlier_result(form.submission.data)
        if not saved:
            services.create_check_in(current_user, learner, _check_in_values(form))
            audit.record(current_user, "checkin_create", learner.id)
            saved = url_for("mentor.learner", learner_id=learner.id) + "#checkins"
            submissions.remember(form.submission.data, saved)
            saved = submissions.commit_once(form.submission.data) or saved
        flash(_("The check-in is saved."), "success")
        return redirect(saved)
    return render_template("mentor/checkin_form.html", form=form, learner=learner, check_in=None), 200 if not form.errors else 422


@bp.route("/checkins/<int:check_in_id>/edit", methods=["GET", "POST"])
@mentor_required
def edit_check_in(check_in_id: int):
    # Saving locks the row (PostgreSQL; SQLite's writers queue anyway), so that two people saving at
    # once are compared one after the other and the second gets "changed meanwhile".
    check_in = db.session.get(services.CheckIn, check_in_id, with_for_update=request.method == "POST")
    learner = services.learner_for(current_user, check_in.learner_id) if check_in else None
    if check_in is None or learner is None:
        abort(404)
    form = _check_in_form(CheckInForm(obj=check_in))
    if request.method == "GET":
        form.version.data = services.check_in_version(check_in)
        if check_in.next_appointment:
            form.next_appointment.data = check_in.next_appointment.astimezone(local_zone()).replace(tzinfo=None)
    changed_meanwhile = False
    if form.validate_on_submit():
        current_version = services.check_in_version(check_in)
        if form.version.data and form.version.data != current_version:
            # Someone saved the check-in after this form was opened: nothing is overwritten unseen.
            # The form keeps what was typed; saving again stores it (the other version goes to the history).
            form.version.data = current_version
            changed_meanwhile = True
        else:
            kept = services.update_check_in(current_user, check_in, _check_in_values(form), local_zone())
            audit.record(current_user, "checkin_update", learner.id, str(check_in.id))
            db.session.commit()
            flash(_("The change is saved. The earlier version is kept in the history.") if kept
                  else _("The check-in is corrected."), "success")
            return redirect(url_for("mentor.learner", learner_id=learner.id) + "#checkins")
    return render_template("mentor/checkin_form.html", form=form, learner=learner, check_in=check_in,
                           changed_meanwhile=changed_meanwhile), 409 if changed_meanwhile else 422 if form.errors else 200


@bp.route("/learners/<int:learner_id>/plan", methods=["POST"])
@mentor_required
@with_learner
def add_plan(learner):
    form = PlanForm()
    form.course_id.choices = {c.id: c.id for c in get_catalogue().ordered()}
    if not form.validate_on_submit():
        abort(400)
    plans.add_to_plan(current_user, learner, form.course_id.data)
    audit.record(current_user, "plan_change", learner.id, form.course_id.data)
    db.session.commit()
    return redirect(url_for("mentor.learner", learner_id=learner.id) + "#plan")


@bp.route("/learners/<int:learner_id>/plan/<int:item_id>/<any(up, down, remove):action>", methods=["POST"])
@mentor_required
@with_learner
def change_plan(learner, item_id: int, action: str):
    if action == "remove":
        found = plans.remove_from_plan(learner, item_id)
    else:
        found = plans.move_in_plan(learner, item_id, -1 if action == "up" else 1)
    if not found:
        abort(404)
    audit.record(current_user, "plan_change", learner.id, action)
    db.session.commit()
    return redirect(url_for("mentor.learner", learner_id=learner.id) + "#plan")


@bp.route("/learners/<int:learner_id>/signin-method", methods=["POST"])
@mentor_required
@with_learner
def signin_method(learner):
    """Choose how the learner signs in: code and PIN, or pictures. Makes a new secret either way."""
    if request.form.get("method") == "pictures":
        secret = accounts.PICTURE_PREFIX + pictograms.encode(accounts.use_picture_signin(learner))
    else:
        secret = accounts.use_pin_signin(learner)
    accounts.keep_fresh_secret(learner, current_user, secret)
    audit.record(current_user, "signin_method", learner.id, learner.signin_method)
    db.session.commit()
    return redirect(url_for("mentor.learner_created", learner_id=learner.id))

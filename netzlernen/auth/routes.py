"""Signing in and out at the kiosk, choosing the language, and trying lessons as a guest."""

from __future__ import annotations

import time

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from .. import pictograms
from ..access import GUEST_KEY, staff_required
from ..extensions import db, limiter
from ..i18n import LANGUAGES, SESSION_KEY, direction, is_supported
from ..numbers import small_number
from ..pages import address_on_this_site
from . import bp, services
from .forms import ChangePasswordForm, LearnerSignInForm, StaffSignInForm

CHOSEN_KEY = "language_chosen"  # when (time.time()) a language was chosen at the kiosk
# A language chosen this long before signing in was left by someone else, like pictures left half-chosen.
LANGUAGE_CHOICE_SECONDS = 120


def _signin_limit() -> str:
    return current_app.config["SIGNIN_RATE_LIMIT"]


def _begin(user) -> None:
    """Start a fresh session for ``user``: nothing of an earlier visitor carries over."""
    chosen_at = session.get(CHOSEN_KEY)
    fresh = isinstance(chosen_at, (int, float)) and time.time() - chosen_at <= LANGUAGE_CHOICE_SECONDS
    language = session.get(SESSION_KEY) if fresh else None
    session.clear()
    if user.is_learner and is_supported(language):
        user.language = language
    services.start_session(user)
    login_user(user)


def _locked_message(result: services.SignInResult) -> str:
    until = format_datetime(result.locked_until, "short") if result.locked_until else ""
    if result.user is not None and result.user.is_staff:  # mentors unlock learners; staff are unlocked by the coordinator
        return _("Too many wrong tries. Your account is locked until %(time)s. The coordinator can give you a new password now.",
                 time=until)
    return _("Too many wrong tries. Your account is locked until %(time)s. A mentor can unlock it now.", time=until)


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
def signin():
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = LearnerSignInForm()
    if request.method == "GET":
        form.next.data = address_on_this_site(request.args.get("next"))
    message = None
    if form.validate_on_submit():
        result = services.check_learner(form.code.data, form.pin.data)
        if result.outcome == "ok":
            _begin(result.user)
            db.session.commit()
            return redirect(address_on_this_site(form.next.data) or url_for("learn.home"))
        db.session.commit()  # keep the count of wrong tries
        if result.outcome == "locked":
            message = _locked_message(result)
        elif result.outcome == "inactive":
            message = _("This account is switched off. Please ask a mentor.")
        else:
            message = _("The code or the PIN is not right. Please try again.")
    elif form.is_submitted() and not form.errors.get("csrf_token"):
        message = _("Please check your entries.")
    status = 200 if message is None else 401 if form.is_submitted() else 200
    return render_template("auth/signin.html", form=form, message=message, languages=LANGUAGES.values()), status


@bp.route("/staff/signin", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
def staff_signin():
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = StaffSignInForm()
    message = None
    if form.validate_on_submit():
        result = services.check_staff(form.username.data, form.password.data)
        if result.outcome == "ok":
            _begin(result.user)
            services.purge_expired_secrets()
            db.session.commit()
            return redirect(url_for("mentor.index"))
        db.session.commit()
        if result.outcome == "locked":
            message = _locked_message(result)
        elif result.outcome == "inactive":
            message = _("This account is switched off.")
        else:
            message = _("The username or the password is not right.")
    status = 401 if message else 200
    return render_template("auth/staff_signin.html", form=form, message=message), status


@bp.route("/staff/password", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
@staff_required
def change_password():
    form = ChangePasswordForm()
    message = None
    if form.validate_on_submit():
        result = services.change_own_password(current_user, form.current_password.data, form.new_password.data)
        db.session.commit()  # the new password, or the count of wrong tries
        if result.outcome == "ok":
            flash(_("Your new password is saved."), "success")
            return redirect(url_for("mentor.index"))
        if result.outcome == "locked":
            message = _locked_message(result)
        else:
            form.current_password.errors = [_("The current password is not right.")]
    return render_template("auth/change_password.html", form=form, message=message), 422 if form.errors or message else 200


@bp.route("/language", methods=["POST"])
def choose_language():
    code = request.form.get("language", "")
    if not is_supported(code):
        return redirect(url_for("auth.signin"))
    session[SESSION_KEY] = code
    session[CHOSEN_KEY] = time.time()
    if current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    return redirect(address_on_this_site(request.form.get("next")) or url_for("auth.signin"))


@bp.route("/guest", methods=["POST"])
def guest():
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    language = session.get(SESSION_KEY)
    session.clear()
    session[GUEST_KEY] = True
    if is_supported(language):
        session[SESSION_KEY] = language
    return redirect(url_for("learn.home"))


@bp.route("/signout", methods=["POST"])
def signout():
    # Said in the language of the person leaving; the sign-in page after it is German for the next one.
    language = str(get_locale())
    goodbye = Markup('<span lang="{}" dir="{}">{}</span>').format(
        language, direction(language), _("You are signed out. Thank you for learning!"))
    if current_user.is_authenticated:
        services.end_session(current_user.get_id())
        if current_user.is_learner:
            services.cancel_help_of_learners_who_left([current_user.id])
        if current_user.is_staff:
            services.forget_secrets_made_by(current_user)
        db.session.commit()
        logout_user()
    session.clear()
    flash(goodbye, "success")
    response = redirect(url_for("auth.signin"))
    # Shared PCs: the browser drops every page it kept of this person.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/session/keepalive", methods=["POST"])
def keepalive():
    if current_user.is_authenticated:
        services.touch_session(current_user.get_id())
        db.session.commit()
        return "", 204
    return "", 401


PICTURE_KEY = "picture_signin"
PICTURE_CHOICE_SECONDS = 120


def _pictures_were_checked(response) -> bool:
    return g.get("pictures_checked", False)


@bp.route("/signin/pictures", methods=["GET", "POST"])
# Choosing one picture is a POST too; only a complete try counts, or a whole class signing in
# behind one address would reach the limit after a few learners.
@limiter.limit(_signin_limit, methods=["POST"], deduct_when=_pictures_were_checked)
def picture_signin():
    """Sign-in for learners who cannot read yet: first the name pictures, then the secret pictures.

    Each picture is a button that sends the form, so it works with mouse, touch and keyboard and
    without JavaScript; the pictures chosen so far are kept in the session until the end.
    """
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    state = _pictures_chosen_so_far()
    if request.method == "GET" and "next" in request.args:
        state["next"] = address_on_this_site(request.args.get("next"))
        state["at"] = time.time()
        session[PICTURE_KEY] = state
    message = None
    status = 200
    focus = None  # after the page comes back, the keyboard carries on from the button just used
    if request.method == "POST":
        action = request.form.get("action")
        focus = action if action in ("back", "restart") else request.form.get("pick")
        state["at"] = time.time()
        step = "code" if len(state["code"]) < pictograms.CODE_LENGTH else "secret"
        if action == "restart":
            state = {"code": [], "secret": [], "next": state.get("next"), "at": state["at"]}
        elif action == "back":
            if state["secret"]:
                state["secret"].pop()
            elif state["code"]:
                state["code"].pop()
        else:
            pick = small_number(request.form.get("pick"))
            if pick is None or pick >= len(pictograms.PICTOGRAMS):
                abort(400)
            state[step].append(pick)
        if len(state["secret"]) == pictograms.SECRET_LENGTH:
            result = services.check_learner_pictures(state["code"], state["secret"])
            g.pictures_checked = True
            target = address_on_this_site(state.get("next"))
            state = {"code": [], "secret": [], "next": target, "at": state["at"]}
            if result.outcome == "ok":
                _begin(result.user)
                db.session.commit()
                return redirect(target or url_for("learn.home"))
            db.session.commit()
            status = 401
            if result.outcome == "locked":
                message = _locked_message(result)
            elif result.outcome == "inactive":
                message = _("This account is switched off. Please ask a mentor.")
            else:
                message = _("These pictures are not right. Please try again.")
        session[PICTURE_KEY] = state
    step = "code" if len(state["code"]) < pictograms.CODE_LENGTH else "secret"
    return render_template("auth/picture_signin.html", state=state, step=step, message=message, focus=focus,
                           pictograms=pictograms, languages=LANGUAGES.values()), status


def _pictures_chosen_so_far() -> dict:
    """The pictures chosen so far; after PICTURE_CHOICE_SECONDS without a click they are dropped,
    so that the next person at the kiosk does not find (and build on) someone else's pictures."""
    state = session.get(PICTURE_KEY)
    if not state:
        return {"code": [], "secret": []}
    if time.time() - state.get("at", 0) > PICTURE_CHOICE_SECONDS:
        return {"code": [], "secret": [], "next": state.get("next")}  # where to go is no one's secret
    return state

"""The coordinator's area: staff, locations, settings, consent text, funder report, data protection."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from functools import partial

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_number, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from .. import audit, consent, database_file, settings
from ..access import coordinator_required
from ..auth import services as accounts
from ..catalogue import get_catalogue
from ..extensions import db
from ..i18n import LANGUAGES, course_title, direction, in_language, lesson_title, isolated_text, local_today, local_zone
from ..mentor import services as mentoring
from ..models import Location, Role
from ..numbers import small_number
from . import bp, services
from . import report as funder
from .forms import ConsentForm, EraseForm, EraseStaffForm, LocationForm, ReportForm, SettingsForm, StaffForm


def _location_choices(form: StaffForm) -> None:
    form.location_id.choices = {"": _("No location (coordinators)")} | {
        str(location.id): location.name for location in mentoring.locations()}


@bp.route("/")
@coordinator_required
def index():
    return render_template("coordinator/index.html")


@bp.route("/staff")
@coordinator_required
def staff():
    return render_template("coordinator/staff.html", staff=services.staff())


@bp.route("/staff/new", methods=["GET", "POST"])
@coordinator_required
def new_staff():
    form = StaffForm(new_account=True)
    _location_choices(form)
    if form.validate_on_submit():
        try:
            accounts.create_staff(form.username.data, form.password.data, Role(form.role.data),
                                  form.display_name.data, location_id=form.location_id.data, chosen_by_someone_else=True)
        except accounts.AccountError:
            form.username.errors.append(_("This username is taken."))
        else:
            db.session.commit()
            flash(_("The account is created."), "success")
            return redirect(url_for("coordinator.staff"))
    return render_template("coordinator/staff_form.html", form=form, member=None), 422 if form.errors else 200


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@coordinator_required
def edit_staff(user_id: int):
    member = services.staff_member(user_id)
    if member is None:
        abort(404)
    form = StaffForm(obj=member)
    _location_choices(form)
    if form.validate_on_submit():
        if member.id == current_user.id and (not form.active.data or form.role.data != Role.COORDINATOR.value):
            form.active.errors = [_("You cannot switch off or demote your own account.")]
        else:
            member.display_name = form.display_name.data.strip()
            member.role = Role(form.role.data).value
            member.location_id = form.location_id.data
            if form.password.data:
                services.set_password(member, form.password.data, by=current_user)
            accounts.set_active(member, bool(form.active.data))
            db.session.commit()
            flash(_("The changes are saved."), "success")
            return redirect(url_for("coordinator.staff"))
    return render_template("coordinator/staff_form.html", form=form, member=member), 422 if form.errors else 200


@bp.route("/staff/<int:user_id>/erase", methods=["GET", "POST"])
@coordinator_required
def erase_staff(user_id: int):
    member = services.staff_member(user_id)
    if member is None:
        abort(404)
    if not services.can_erase_staff(member, current_user):
        return render_template("coordinator/erase_staff.html", member=member, form=None), 403 if request.method == "POST" else 200
    form = EraseStaffForm()
    if form.validate_on_submit():
        if form.confirm.data.strip().lower() != (member.username or "").lower():
            form.confirm.errors = [_("That is not the username of this account.")]
        else:
            audit.record(current_user, "erase_staff", None, audit.former_staff(member.id))
            services.erase_staff(member)
            db.session.commit()
            database_file.checkpoint_after_erasure()
            flash(_("The account is erased."), "success")
            return redirect(url_for("coordinator.staff"))
    return render_template("coordinator/erase_staff.html", member=member, form=form), 422 if form.errors else 200


def _locations_page(form: LocationForm, renamed: Location | None = None, rename_form: LocationForm | None = None):
    """The list of locations with the form to add one; a rename that failed shows its errors at its location."""
    return render_template("coordinator/locations.html", form=form, locations=mentoring.locations(),
                           renamed=renamed, rename_form=rename_form), 422 if form.errors or rename_form else 200


@bp.route("/locations", methods=["GET", "POST"])
@coordinator_required
def locations():
    form = LocationForm()
    if form.validate_on_submit():
        try:
            services.add_location(form.name.data, form.address.data)
        except services.LocationNameTaken:
            form.name.errors.append(_("There is already a location with this name."))
        else:
            db.session.commit()
            flash(_("The location is added."), "success")
            return redirect(url_for("coordinator.locations"))
    return _locations_page(form)


@bp.route("/locations/<int:location_id>", methods=["POST"])
@coordinator_required
def rename_location(location_id: int):
    location = db.session.get(Location, location_id)
    if location is None:
        abort(404)
    form = LocationForm()
    if form.validate_on_submit():
        try:
            services.change_location(location, form.name.data, form.address.data)
        except services.LocationNameTaken:
            form.name.errors.append(_("There is already a location with this name."))
        else:
            db.session.commit()
            flash(_("The changes are saved."), "success")
            return redirect(url_for("coordinator.locations"))
    return _locations_page(LocationForm(formdata=None), renamed=location, rename_form=form)


@bp.route("/settings", methods=["GET", "POST"])
@coordinator_required
def centre_settings():
    values = settings.current()
    form = SettingsForm(data={**values, "idle_timeout": values["idle_timeout"] // 60,
                              "funding_start": date.fromisoformat(values["funding_start"]),
                              "funding_end": date.fromisoformat(values["funding_end"])})
    if form.validate_on_submit():
        settings.save({
            "centre_name": form.centre_name.data.strip(), "app_address": form.app_address.data.strip().rstrip("/"),
            "idle_timeout": form.idle_timeout.data * 60, "signin_languages": list(form.signin_languages.data),
            "activation_target": form.activation_target.data, "funding_start": form.funding_start.data.isoformat(),
            "funding_end": form.funding_end.data.isoformat(), "retention_months": form.retention_months.data,
        })
        db.session.commit()
        flash(_("The settings are saved."), "success")
        return redirect(url_for("coordinator.centre_settings"))
    return render_template("coordinator/settings.html", form=form), 422 if form.errors else 200


@bp.route("/consent", methods=["GET", "POST"])
@coordinator_required
def consent_text():
    current = consent.current_text()
    form = ConsentForm(data={"text": current.text})
    if form.validate_on_submit():
        if form.text.data.strip() != current.text:
            consent.new_version(form.text.data, current_user)
            flash(_("The new text is saved. It applies to learners registered from now on."), "success")
        db.session.commit()
        return redirect(url_for("coordinator.consent_text"))
    db.session.commit()  # the first version, if it was just made
    return render_template("coordinator/consent.html", form=form, current=current), 422 if form.errors else 200


def _report_form() -> ReportForm:
    """The period asked for; an empty or missing date means the funding start, or today in Göttingen."""
    values = settings.current()
    given = MultiDict([(key, value) for key, value in request.args.items(multi=True) if value])
    return ReportForm(formdata=given, data={"start": date.fromisoformat(values["funding_start"]),
                                            "end": local_today()})


def _report(form: ReportForm) -> funder.Report:
    values = settings.current()
    return funder.funder_report(form.start.data, form.end.data, request.args.get("location", type=small_number),
                                int(values["activation_target"]), date.fromisoformat(values["funding_start"]),
                                date.fromisoformat(values["funding_end"]), local_zone())


def _report_form_with_errors(form: ReportForm):
    return render_template("coordinator/report.html", form=form, report=None, locations=mentoring.locations(),
                           location_id=request.args.get("location", type=small_number)), 422


def kind_labels() -> dict[str, str]:
    return {
        "registered": _("Registered"), "activated": _("Activated (started a lesson)"),
        "qualified": _("Qualified (completed a course)"), "course_completed": _("Courses completed"),
        "lesson_completed": _("Lessons completed"), "checkin": _("Check-ins held"),
        "help_answered": _("Help calls answered"),
    }


def _render_report(template: str):
    form = _report_form()
    if not form.validate():
        return _report_form_with_errors(form)
    report = _report(form)
    labels = kind_labels()
    chart = funder.bar_chart_svg(report, ("registered", "activated", "qualified"), labels,
                                   _("Registered, activated and qualified per month"), format_number,
                                   right_to_left=direction(str(get_locale())) == "rtl")
    return render_template(template, form=form, report=report, labels=labels,
                           rows=funder.report_rows(report, format_number), chart=chart, locations=mentoring.locations(), location_id=report.location_id,
                           shown=partial(funder.shown, number=format_number), hidden_total=funder.HIDDEN_TOTAL)


@bp.route("/report")
@coordinator_required
def report():
    return _render_report("coordinator/report.html")


@bp.route("/report/print")
@coordinator_required
def report_print():
    return _render_report("coordinator/report_print.html")


@bp.route("/report.csv")
@coordinator_required
def report_csv():
    form = _report_form()
    if not form.validate():
        return _report_form_with_errors(form)
    report = _report(form)
    labels = kind_labels()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Month")] + [labels[kind] for kind in report.kinds])
    for month, values in funder.report_rows(report):
        writer.writerow([_("Total") if month == "total" else month] + values)
    # German Excel opens semicolon-separated UTF-8 correctly when the file starts with a BOM.
    body = "\ufeff" + buffer.getvalue()
    name = f"netzlernen-bericht-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/learners")
@coordinator_required
def learners():
    location_id = request.args.get("location", type=small_number)
    return render_template("coordinator/learners.html", learners=services.all_learners(location_id),
                           locations=mentoring.locations(), location_id=location_id)


def _learner_or_404(learner_id: int):
    learner = mentoring.learner_for(current_user, learner_id)
    if learner is None:
        abort(404)
    return learner


# Fields of the export that hold a course's id (the audit log's detail sometimes does).
COURSE_FIELDS = ("course_id", "courses", "detail")


def _readable(value, key: str | None = None):
    """The export as its page shows it: yes and no, times in Göttingen, stored codes in words,
    courses by their titles. The keys stay; the template names them with services.EXPORT_LABELS."""
    if isinstance(value, dict):
        readable = {name: _readable(item, name) for name, item in value.items()}
        course = get_catalogue().courses.get(value.get("course_id")) if "lesson_slug" in value else None
        lesson = course.lesson(value["lesson_slug"]) if course else None
        if lesson is not None:  # a lesson by its title, as the learner knows it (its address if it is gone)
            readable["lesson_slug"] = lesson_title(lesson)
        return readable
    if isinstance(value, list):
        return [_readable(item, key) for item in value]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, date):
        return format_date(value)
    if key == "language" and value in LANGUAGES:
        return LANGUAGES[value].native_name
    if key == "actor_name" and isinstance(value, str):
        return audit.shown_actor(value)
    words = services.EXPORT_VALUES.get(key, {}).get(value)
    if words is not None:
        return str(words)
    if key == "course_title" and isinstance(value, str):
        return in_language(value, "de")  # a certificate's course, in German as on the certificate
    course = get_catalogue().courses.get(value) if key in COURSE_FIELDS and isinstance(value, str) else None
    return course_title(course) if course else value


@bp.route("/learners/<int:learner_id>/export")
@coordinator_required
def export(learner_id: int):
    learner = _learner_or_404(learner_id)
    data = services.export_learner(learner)
    audit.record(current_user, "export", learner.id, "page")
    db.session.commit()
    return render_template("coordinator/export.html", learner=learner, data=_readable(data),
                           labels=services.EXPORT_LABELS)


@bp.route("/learners/<int:learner_id>/export.json")
@coordinator_required
def export_json(learner_id: int):
    learner = _learner_or_404(learner_id)
    data = services.export_learner(learner)
    audit.record(current_user, "export", learner.id, "json")
    db.session.commit()
    return Response(json.dumps(data, ensure_ascii=False, indent=2, default=services.json_value), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="netzlernen-daten-{learner.id}.json"'})


@bp.route("/learners/<int:learner_id>/erase", methods=["GET", "POST"])
@coordinator_required
def erase(learner_id: int):
    learner = _learner_or_404(learner_id)
    form = EraseForm()
    if form.validate_on_submit():
        if accounts.normalize_code(form.confirm.data) != learner.signin_code:
            form.confirm.errors = [_("That is not the sign-in code of %(name)s.", name=isolated_text(learner.display_name))]
        else:
            name = learner.display_name
            audit.record(current_user, "erase", learner.id)
            services.erase_learner(learner)
            db.session.commit()
            database_file.checkpoint_after_erasure()
            flash(_("All data of %(name)s is erased.", name=name), "success")
            return redirect(url_for("coordinator.learners"))
    return render_template("coordinator/erase.html", learner=learner, form=form), 422 if form.errors else 200


@bp.route("/retention")
@coordinator_required
def retention():
    months = int(settings.get("retention_months"))
    return render_template("coordinator/retention.html", learners=services.retention_candidates(months), months=months)


@bp.route("/audit")
@coordinator_required
def audit_log():
    page = max(1, request.args.get("page", type=small_number) or 1)
    learner_id = request.args.get("learner", type=small_number)
    return render_template("coordinator/audit.html", entries=services.audit_entries(page, learner_id=learner_id),
                           shown_actor=audit.shown_actor, page=page, learner_id=learner_id, actions=audit.ACTION_LABELS, details=audit.DETAIL_LABELS,
                           courses=get_catalogue().courses)

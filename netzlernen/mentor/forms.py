from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectChoice, SelectMultipleField, StringField, TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..forms import Form
from ..i18n import LANGUAGES, local_today


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class LearnerForm(Form):
    display_name = StringField(_l("First name or nickname"), validators=[
        DataRequired(message=_l("Please enter a first name or nickname.")), Length(max=80)])
    # Each name in its own language, so that a screen reader says "العربية" in Arabic.
    language = SelectField(_l("Language"), choices=[
        SelectChoice(code, lang.native_name, {"lang": code, "dir": lang.direction}) for code, lang in LANGUAGES.items()])
    location_id = SelectField(_l("Location"), coerce=int)
    main_mentor_id = SelectField(_l("Main mentor"), coerce=_optional_int, validators=[Optional()])
    real_name = StringField(_l("Full name (optional)"), validators=[Optional(), Length(max=120)])
    contact = StringField(_l("Phone or email (optional)"), validators=[Optional(), Length(max=255)])
    certificate_name = StringField(_l("Full name for certificates (optional)"), validators=[Optional(), Length(max=120)])
    consent = BooleanField(_l("The learner has read or heard the text about their data and agrees."))
    submission = HiddenField()  # a new learner is made once (netzlernen.submissions)

    def validate_consent(self, field):
        # Only new learners give consent here; the page for changes has no such box.
        if self.is_new and not field.data:
            raise ValidationError(_("Without the learner's consent NetzLernen cannot store anything."))

    def __init__(self, *args, is_new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new


EARLIEST_DATE = date(2000, 1, 1)
APPOINTMENT_YEARS_AHEAD = 5


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CheckInForm(Form):
    met_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Please enter the date."))])
    duration_minutes = IntegerField(_l("Duration in minutes"), validators=[
        DataRequired(message=_l("Please enter the duration.")),
        NumberRange(min=1, max=600, message=_l("Please enter between 1 and 600 minutes."))])
    mode = RadioField(_l("How did you meet?"), default="in_person", validators=[DataRequired()])
    confidence = RadioField(_l("How confident does the learner feel?"), coerce=int, default=3,
                            validators=[DataRequired()])
    topics = TextAreaField(_l("Topics"), validators=[Optional(), Length(max=2000)])
    courses = MultiCheckboxField(_l("Courses talked about"), choices=[], validators=[Optional()])
    private_notes = TextAreaField(_l("Private notes (only mentors see these)"), validators=[Optional(), Length(max=4000)])
    next_steps = TextAreaField(_l("Agreed next steps (the learner sees these)"), validators=[Optional(), Length(max=2000)])
    next_appointment = DateTimeLocalField(_l("Next appointment"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    version = HiddenField()  # of the check-in when the edit form was opened (routes.edit_check_in)
    submission = HiddenField()  # a new check-in is saved once (netzlernen.submissions)

    def validate_met_on(self, field):
        # A mistyped year (2062) would put the meeting first for ever and hide every later next step.
        if field.data is not None and not EARLIEST_DATE <= field.data <= local_today():
            raise ValidationError(_("Please check the date: it cannot be in the future or before 2000."))

    def validate_next_appointment(self, field):
        last_year = local_today().year + APPOINTMENT_YEARS_AHEAD
        if field.data is not None and not EARLIEST_DATE.year <= field.data.year <= last_year:
            raise ValidationError(_("Please check the date: the appointment must be between 2000 and %(year)s.",
                                    year=str(last_year)))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels in the page's language: choices are made per request, not at import.
        self.mode.choices = {"in_person": _("In person"), "phone": _("By phone")}
        self.confidence.choices = {"1": _("1 – very unsure"), "2": _("2 – unsure"), "3": _("3 – so-so"),
                                   "4": _("4 – confident"), "5": _("5 – very confident")}


class PlanForm(Form):
    course_id = SelectField(_l("Course"), validators=[DataRequired()])


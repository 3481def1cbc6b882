from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..auth import services as accounts
from ..auth.forms import PASSWORD_LENGTH
from ..forms import Entered, Form
from ..i18n import LANGUAGES
from ..mentor.forms import MultiCheckboxField


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class StaffForm(Form):
    username = StringField(_l("Username"), validators=[
        DataRequired(message=_l("Please type your username.")), Length(max=accounts.USERNAME_MAX_LENGTH),
        Regexp(accounts.USERNAME_PATTERN, message=_l("Letters, digits, dot, dash and underscore only."))])
    display_name = StringField(_l("Name shown to others"), validators=[DataRequired(), Length(max=80)])
    role = SelectField(_l("Role"))
    location_id = SelectField(_l("Location"), coerce=_optional_int, validators=[Optional()])
    # Only an empty field means "no new password": Optional() alone would take spaces for empty and
    # let them through unchecked.
    password = PasswordField(_l("New password (at least 8 characters)"),
                             validators=[Optional(strip_whitespace=False), PASSWORD_LENGTH])
    active = BooleanField(_l("Account is switched on"), default=True)

    def __init__(self, *args, new_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_password = new_account
        if not new_account:
            # The username never changes; accounts made with `flask users create-staff` before it
            # applied the form's rule may have one the form would refuse.
            del self.username
        self.role.choices = {"mentor": _("Mentor"), "coordinator": _("Coordinator")}

    def validate_password(self, field):
        if self.require_password and not field.data:
            raise ValidationError(_("Please choose a password with at least 8 characters."))


class LocationForm(Form):
    name = StringField(_l("Name of the location"), validators=[DataRequired(), Length(max=120)])
    address = StringField(_l("Address (optional)"), validators=[Optional(), Length(max=255)])


_NUMBER = _l("Please enter a number.")
_DATE = _l("Please enter the date.")


class SettingsForm(Form):
    centre_name = StringField(_l("Name of the centre"), validators=[DataRequired(), Length(max=200)])
    app_address = StringField(_l("Address of NetzLernen for the sign-in cards"), validators=[
        DataRequired(), Length(max=200), Regexp(r"^https?://\S+$", message=_l("An address like http://lernen.example"))])
    idle_timeout = IntegerField(_l("Sign out after this many minutes without input"), validators=[
        Entered(_NUMBER), NumberRange(min=2, max=120)])
    signin_languages = MultiCheckboxField(_l("Languages offered at sign-in"),
                                          choices={code: lang.native_name for code, lang in LANGUAGES.items()})
    activation_target = IntegerField(_l("Target: residents activated in the funding period"), validators=[
        Entered(_NUMBER), NumberRange(min=1, max=1_000_000)])
    funding_start = DateField(_l("Funding period from"), validators=[Entered(_DATE)])
    funding_end = DateField(_l("Funding period until"), validators=[Entered(_DATE)])
    retention_months = IntegerField(_l("Suggest erasing learners inactive for this many months"), validators=[
        Entered(_NUMBER), NumberRange(min=1, max=120)])

    def validate_signin_languages(self, field):
        if "de" not in (field.data or []):
            raise ValidationError(_("German is always offered."))

    # The funder report starts at the funding period and cannot show dates outside REPORT_YEARS.
    def validate_funding_start(self, field):
        _within_report_years(field)

    def validate_funding_end(self, field):
        _within_report_years(field)
        if self.funding_start.data and field.data and field.data < self.funding_start.data:
            raise ValidationError(_("The end is before the start."))


class ReportForm(Form):
    """The report's period, sent with GET: it changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), invalid_value_message=_l("Please enter the date."))
    end = DateField(_l("Until"), invalid_value_message=_l("Please enter the date."))

    def validate_start(self, field):
        _within_report_years(field)

    def validate_end(self, field):
        _within_report_years(field)
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError(_("The end is before the start."))
            if (field.data - self.start.data).days > 3660:
                raise ValidationError(_("Please choose a period of at most ten years."))


REPORT_YEARS = range(2000, 2100)  # a date far outside cannot be converted between time zones


def _within_report_years(field) -> None:
    if field.data and field.data.year not in REPORT_YEARS:
        raise ValidationError(_("Please enter a date from %(first)d to %(last)d.", first=REPORT_YEARS.start,
                                last=REPORT_YEARS.stop - 1))


class ConsentForm(Form):
    text = TextAreaField(_l("Text the learner agrees to"), validators=[DataRequired(), Length(min=20, max=5000)])


class EraseForm(Form):
    confirm = StringField(_l("Type the sign-in code to confirm"), validators=[DataRequired()])


class EraseStaffForm(Form):
    confirm = StringField(_l("Type the username to confirm"), validators=[DataRequired()])

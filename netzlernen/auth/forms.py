from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from ..forms import Form

# A staff password: the same rule where the coordinator sets one and where staff change their own.
PASSWORD_LENGTH = Length(min=8, max=200)


class LearnerSignInForm(Form):
    code = StringField(
        _l("Your sign-in code"),
        validators=[DataRequired(message=_l("Please type your sign-in code.")),
                    Length(max=20, message=_l("This sign-in code is too long. Please check it."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    pin = PasswordField(
        _l("Your PIN"),
        validators=[
            DataRequired(message=_l("Please type your PIN.")),
            Regexp(r"^[0-9]{4,6}$", message=_l("The PIN has 4 to 6 digits.")),
        ],
        render_kw={"autocomplete": "off", "inputmode": "numeric", "maxlength": "6"},
    )
    next = HiddenField()


class StaffSignInForm(Form):
    username = StringField(_l("Username"), validators=[DataRequired(message=_l("Please type your username.")),
                                                   Length(max=80, message=_l("This username is too long. Please check it."))],
                           render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Please type your password."))],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(message=_l("Please type your password."))],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password (at least 8 characters)"),
                                 validators=[DataRequired(), PASSWORD_LENGTH], render_kw={"autocomplete": "new-password"})
    new_password_again = PasswordField(_l("New password again"), validators=[
        EqualTo("new_password", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})

    def validate_new_password(self, field) -> None:
        # Else a password the coordinator chose could be "replaced" by itself, and stay known to them.
        if field.data and field.data == self.current_password.data:
            raise ValidationError(_l("Please choose a password other than the one you have now."))

"""The base of every form: WTForms' own messages in the user's language, in plain words, and text
fields without control characters.

WTForms brings catalogues for its built-in messages ("Field cannot be longer than 80 characters."),
but in Arabic, Farsi and Russian some of them are missing, so staff and learners saw English there.
The app's catalogue is asked first; what it does not hold comes from WTForms' catalogue as before.

Control characters in typed text are never meant (a NUL pasted from a PDF, an escape sequence):
PostgreSQL refuses a NUL in text, so the whole entry was lost with an error. Every text field of
every form drops them, except tab and line breaks; passwords are left exactly as typed.
"""

from __future__ import annotations

import re

from flask_babel import get_translations, ngettext
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import PasswordField, StringField
from wtforms.validators import StopValidation

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value):
    """The text without control characters other than tab, line feed and carriage return."""
    return _CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


class Entered:
    """A number or date field must hold one: says ``message`` if it is empty or was not understood.

    WTForms' DataRequired said "This field is required." for "zehn" or "31.12.2026" too, since both
    leave no value; and it took 0 for empty. The field keeps what was typed either way.
    """

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data is None:
            field.errors[:] = []  # instead of WTForms' "Not a valid integer value."
            raise StopValidation(self.message)


class _Translations:
    def gettext(self, string: str) -> str:
        translated = get_translations().ugettext(string)
        return translated if translated != string else wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = get_translations().ungettext(singular, plural, n)
        if translated not in (singular, plural):
            return translated
        return wtforms_translations.ngettext(singular, plural, n)


_TRANSLATIONS = _Translations()


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _TRANSLATIONS

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options = {**options, "filters": (without_control_characters, *unbound_field.kwargs.get("filters", ()))}
            return super().bind_field(form, unbound_field, options)


def _messages_for_the_catalogue() -> None:  # pragma: no cover - never called
    """WTForms' messages that our forms can show and that its catalogues lack in a language of ours.

    Listed here so that `make messages` puts them into the app's catalogue.
    """
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1)
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1)
    ngettext("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1)

"""The base of every form: WTForms' own messages in the user's language, in plain words.

WTForms brings catalogues for its built-in messages ("Field cannot be longer than 80 characters."),
but in Arabic, Farsi and Russian some of them are missing, so staff and learners saw English there.
The app's catalogue is asked first; what it does not hold comes from WTForms' catalogue as before.
"""

from __future__ import annotations

from flask_babel import get_translations, ngettext
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations


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


def _messages_for_the_catalogue() -> None:  # pragma: no cover - never called
    """WTForms' messages that our forms can show and that its catalogues lack in a language of ours.

    Listed here so that `make messages` puts them into the app's catalogue.
    """
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1)
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1)
    ngettext("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1)

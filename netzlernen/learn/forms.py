from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField

from ..forms import Form


class DisplaySettingsForm(Form):
    text_size = RadioField(_l("Text size"), coerce=int, default=0)
    high_contrast = BooleanField(_l("Strong contrast (black on white, thick lines)"))
    reduced_motion = BooleanField(_l("No movement on the screen"))
    side_by_side = BooleanField(_l("Show the German text next to my language in lessons"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_size.choices = {"0": _("Normal"), "1": _("Large"), "2": _("Very large")}

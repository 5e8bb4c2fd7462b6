"""Input rules shared by every form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_CHARS_BUT_NEWLINES = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def clean_line(value: str) -> str:
    if CONTROL_CHARS.search(value):
        raise forms.ValidationError(_("Typ dit op één regel, zonder speciale tekens."))
    return " ".join(value.split())


def clean_text(value: str) -> str:
    if CONTROL_CHARS_BUT_NEWLINES.search(value):
        raise forms.ValidationError(_("Gebruik geen speciale tekens."))
    return value.strip()


MAX_LENGTH = {"max_length": _("Gebruik maximaal %(limit_value)d tekens.")}

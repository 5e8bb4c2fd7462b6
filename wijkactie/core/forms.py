"""Input rules shared by every way in: forms, the API (which validates through forms) and imports.

`text_problem` is the one rule for hidden characters; `CleanForm` and `CleanModelForm` apply it,
and the length limit after normalisation, to every text value of every form, so a field added
later is covered without anyone remembering to.
"""

import datetime
import re
from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_CHARS_BUT_NEWLINES = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
# Half of a UTF-16 pair on its own: valid in JSON escapes, impossible to store or print.
LONE_SURROGATES = re.compile(r"[\ud800-\udfff]")

MAX_LENGTH = {"max_length": _("Gebruik maximaal %(limit_value)d tekens.")}


def text_problem(value: str, *, multiline: bool) -> str:
    """A Dutch message when the text holds characters nobody can type or read; else ''."""
    if LONE_SURROGATES.search(value):
        return str(_("Deze tekst bevat ongeldige tekens. Typ hem opnieuw."))
    if (CONTROL_CHARS_BUT_NEWLINES if multiline else CONTROL_CHARS).search(value):
        if multiline:
            return str(_("Gebruik geen speciale tekens."))
        return str(_("Typ dit op één regel, zonder speciale tekens."))
    return ""


def clean_line(value: str) -> str:
    problem = text_problem(value, multiline=False)
    if problem:
        raise forms.ValidationError(problem)
    return " ".join(value.split())


def clean_text(value: str) -> str:
    problem = text_problem(value, multiline=True)
    if problem:
        raise forms.ValidationError(problem)
    return value.strip()


def required_when(field: forms.Field, condition) -> None:
    """A field the form requires only sometimes: its label says when, never "(optioneel)"."""
    field.required_when = condition


DATETIME_YEARS = (2000, 2100)
MAX_KEY_DIGITS = 18  # any id the database can hold (a bigger number overflows SQLite's INTEGER)


def posted_key(value) -> int:
    """A row id from a posted field or a query string, or 0 (which matches no row) for anything
    else: '²' and '١٢' are digits to `str.isdigit()` but no id, and a longer number overflows."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_KEY_DIGITS else 0


def _refuse_absurd_keys(field: forms.ModelChoiceField, clean, value):
    """A choice of a database row by a number no row can have is an invalid choice, not a
    question to the database (which overflows)."""
    values = value if isinstance(value, list | tuple) else [value]
    for item in values:
        text = "" if item is None else str(item).strip()
        if text and not (text.isascii() and text.isdigit() and len(text) <= MAX_KEY_DIGITS):
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text[:50]},
            )
    return clean(value)


class CleanInputMixin:
    """A choice of a row by an impossible number is refused before the database is asked.
    After every field's own cleaning: refuse hidden characters in any text value, and check
    the field's length limit again on the normalised value (lower-casing 'İ' doubles it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # each form has its own copies of the fields
            if isinstance(field, forms.ModelChoiceField) and not field.to_field_name:
                field.clean = partial(_refuse_absurd_keys, field, field.clean)

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            if isinstance(value, datetime.datetime) and not (
                DATETIME_YEARS[0] <= value.year <= DATETIME_YEARS[1]
            ):
                # A moment far outside what the site plans (it would not even fit in UTC).
                self.add_error(
                    name,
                    _("Kies een moment tussen %(first)d en %(last)d.")
                    % {"first": DATETIME_YEARS[0], "last": DATETIME_YEARS[1]},
                )
            if not isinstance(value, str):
                continue
            field = self.fields[name]
            problem = text_problem(value, multiline=isinstance(field.widget, forms.Textarea))
            if problem:
                self.add_error(name, problem)
            elif getattr(field, "max_length", None) and len(value) > field.max_length:
                self.add_error(
                    name,
                    _("Gebruik maximaal %(limit_value)d tekens.")
                    % {"limit_value": field.max_length},
                )


class CleanForm(CleanInputMixin, forms.Form):
    pass


class CleanModelForm(CleanInputMixin, forms.ModelForm):
    pass

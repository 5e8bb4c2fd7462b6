"""The parts every JSON API of the site shares (django-ninja): one error shape, a strict JSON parser,
and request schemas made from the Django forms that validate the input.

Errors, everywhere: `{"detail": "<Dutch sentence>", "errors": {"<field>": ["<message>", ...]}}`
(`errors` only for 400 with per-field messages). 400 bad input, 401 no valid key, 403 not allowed,
404 not found, 409 conflict with the current state, 429 too many requests.

A request body is validated by the same form as the web page (cleaning, limits, Dutch messages,
rules across fields), so every input path obeys the same rules. Its schema is generated from
that form (`schema_from_form`): types, required fields, lengths, choices and ranges documented as
the form enforces them. The schema layer itself refuses only a wrong JSON type (an object where
text belongs), so a person gets every field's message in one answer, as on the web page.
"""

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_ratelimit.exceptions import Ratelimited
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import ConfigDict, Field, create_model

from wijkactie.core.forms import LONE_SURROGATES
from wijkactie.core.ratelimit import RATE_LIMITED


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 409, 429)}


class ApiError(HttpError):
    """Answer `status` with the shared error shape; `errors` per field for a 400."""

    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(status, str(detail))
        self.errors = errors


def form_errors(form) -> dict[str, list[str]]:
    return {
        "non_field_errors" if field == "__all__" else field: [m["message"] for m in messages]
        for field, messages in form.errors.get_json_data().items()
    }


def invalid(form) -> ApiError:
    return ApiError(400, _("Controleer de invoer."), form_errors(form))


class BadBody(ValueError):
    """The body is not a JSON object; its message is the Dutch answer."""


class JsonObjectParser(Parser):
    """A JSON object with one value per field, or a 400 with a Dutch message."""

    def parse_body(self, request):
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise BadBody(_("De inhoud is geen geldige JSON.")) from None
        except RecursionError:
            raise BadBody(_("De JSON is te diep genest.")) from None
        if not isinstance(data, dict):
            raise BadBody(_("Verwacht een JSON-object."))
        if any(LONE_SURROGATES.search(key) for key in data):
            raise BadBody(_("De inhoud bevat ongeldige tekens."))
        return data


# --- request schemas from forms ------------------------------------------------------------


def _json_type(field: forms.Field) -> tuple[Any, dict]:
    """The Python type pydantic checks (only the JSON type) and what the schema documents."""
    doc: dict[str, Any] = {}
    if getattr(field, "max_length", None):
        doc["maxLength"] = field.max_length
    if isinstance(field, forms.BooleanField):
        return bool, doc
    if isinstance(field, forms.ModelChoiceField):  # its choices come from the database
        return str, doc
    if isinstance(field, forms.ChoiceField):
        doc["enum"] = [str(value) for value, _label in field.choices if value != ""]
        return str, doc
    if isinstance(field, forms.DecimalField):  # before IntegerField, its base class
        # Money and rates travel as decimal strings ("125.00"), as the API answers them; a JSON
        # number is read too, and the form decides (max digits, decimal places, range).
        places = field.decimal_places if field.decimal_places is not None else 2
        whole = (field.max_digits - places) if field.max_digits else 12
        doc["pattern"] = rf"^\d{{1,{whole}}}(\.\d{{1,{places}}})?$"
        return Decimal | str, {**doc, "type": "string"}
    if isinstance(field, forms.IntegerField):
        for attr, key in (("min_value", "minimum"), ("max_value", "maximum")):
            if getattr(field, attr, None) is not None:
                doc[key] = getattr(field, attr)
        return int, doc
    # Dates travel as text and the form reads them (an integer is not a date here).
    if isinstance(field, forms.DateTimeField):
        return str, {**doc, "format": "date-time"}
    if isinstance(field, forms.DateField):
        return str, {**doc, "format": "date"}
    if isinstance(field, forms.EmailField):
        doc["format"] = "email"
    elif isinstance(field, forms.URLField):
        doc["format"] = "uri"
    return str, doc


def schema_from_form(
    form_class,
    name: str,
    *,
    fields=None,
    all_optional: bool = False,
    defaults: dict | None = None,
    base=None,
) -> type[Schema]:
    """A ninja Schema for the input that `form_class` validates.

    `all_optional`: for a partial update (PATCH), nothing is required. `defaults`: what the
    endpoint fills in for a missing field (documented, and so not required).
    """
    defaults = defaults or {}
    form = form_class()
    names = fields or list(form.fields)
    model_fields = {}
    required = []
    for field_name in names:
        field = form.fields[field_name]
        python_type, extra = _json_type(field)
        if field.help_text:
            extra["description"] = str(field.help_text)
        if field.label:
            extra["title"] = str(field.label)
        model_fields[field_name] = (python_type | None, Field(None, json_schema_extra=extra))
        if field_name in defaults:
            extra["default"] = defaults[field_name]
        elif field.required and not all_optional:
            required.append(field_name)

    def document_required(schema: dict) -> None:
        # The form enforces these (with its Dutch message); the schema says so. The fields are
        # optional in Python only so that the form can name every missing field at once.
        if required:
            schema["required"] = required
        for prop in schema.get("properties", {}).values():
            if prop.get("default", "") is None:
                del prop["default"]
            types = [t for t in prop.pop("anyOf", []) if t != {"type": "null"}]
            if "type" in prop:  # documented by _json_type (a decimal string)
                continue
            if len(types) == 1:
                prop.update(types[0])
            elif types:
                prop["anyOf"] = types

    model = create_model(name, __base__=base or FormBody, **model_fields)
    model.model_config["json_schema_extra"] = document_required
    model.model_rebuild(force=True)
    return model


class FormBody(Schema):
    """A request body: unknown fields are refused (a typo is not silently ignored)."""

    model_config = ConfigDict(extra="forbid")


def form_data(payload: Schema) -> dict:
    """The fields the client sent, as form data (a form takes Python values as they are)."""
    return {
        key: str(value) if isinstance(value, Decimal) else value
        for key, value in payload.model_dump(exclude_unset=True).items()
    }


# --- one error shape ---------------------------------------------------------------------

PYDANTIC_MESSAGES = {
    "missing": gettext_noop("Vul dit veld in."),
    "extra_forbidden": gettext_noop("Onbekend veld."),
    "string_type": gettext_noop("Verwacht tekst."),
    "bool_type": gettext_noop("Verwacht true of false."),
    "bool_parsing": gettext_noop("Verwacht true of false."),
    "int_type": gettext_noop("Verwacht een geheel getal."),
    "int_parsing": gettext_noop("Verwacht een geheel getal."),
    "int_from_float": gettext_noop("Verwacht een geheel getal."),
    "datetime_type": gettext_noop("Verwacht een datum en tijd, zoals 2027-02-01T10:00:00+01:00."),
    "datetime_parsing": gettext_noop(
        "Verwacht een datum en tijd, zoals 2027-02-01T10:00:00+01:00."
    ),
    "datetime_from_date_parsing": gettext_noop(
        "Verwacht een datum en tijd, zoals 2027-02-01T10:00:00+01:00."
    ),
    "date_type": gettext_noop("Verwacht een datum, zoals 2027-02-01."),
    "date_parsing": gettext_noop("Verwacht een datum, zoals 2027-02-01."),
    "decimal_type": gettext_noop("Verwacht een bedrag, zoals 125.00."),
    "decimal_parsing": gettext_noop("Verwacht een bedrag, zoals 125.00."),
}


def _validation_errors(exc: ValidationError) -> tuple[str, dict[str, list[str]] | None]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        kind = error.get("type", "")
        if not location:  # the body as a whole is missing or of the wrong kind
            return _("Verwacht een JSON-object."), None
        field = location[0]
        if isinstance(error.get("input"), dict | list) or len(location) > 1:
            message = _("Verwacht één waarde, geen lijst of object.")
        else:
            message = _(PYDANTIC_MESSAGES.get(kind, gettext_noop("Ongeldige waarde.")))
        errors.setdefault(field, [])
        if message not in errors[field]:
            errors[field].append(message)
    return _("Controleer de invoer."), errors


def install_error_handlers(api) -> None:
    """Every answer that is not a success has the shared shape, in Dutch."""

    def answer(request, status, detail, errors=None):
        body = {"detail": str(detail)}
        if errors:
            body["errors"] = errors
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def validation(request, exc):
        detail, errors = _validation_errors(exc)
        return answer(request, 400, detail, errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return answer(
            request, 401, _("Geef een geldige API-sleutel mee: Authorization: Token <sleutel>.")
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc.__cause__, BadBody):
            return answer(request, 400, str(exc.__cause__))
        return answer(request, exc.status_code, exc.message, getattr(exc, "errors", None))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, 404, _("Niet gevonden."))

    @api.exception_handler(Ratelimited)
    def limited(request, exc):
        return answer(request, 429, _(RATE_LIMITED))

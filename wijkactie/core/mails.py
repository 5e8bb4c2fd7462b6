"""What a mail says is rendered when it is sent, not when it is queued.

An outbox row holds the template's name, the recipient's language and a small context: model
instances are stored as references (`{"$ref": "events.registration", "pk": 7}`), numbers, dates
and texts as themselves. Attachments are stored as a recipe (`{"$attachment": "events.calendar",
"args": {...}}`) that an app registered in its `ready()`. The worker loads the references, renders
the template (first line the subject, then the body) in the recipient's language and builds the
attachments; the transaction that queued the mail (which may hold an event lock) renders nothing.

    from wijkactie.core import mails
    mails.register_attachment("invoices.pdf", invoice_pdf)   # invoice_pdf(invoice) -> Attachment
    queue_mail(template="invoices/mail/invoice.txt", context={"invoice": invoice, ...},
               attachments=[mails.attach("invoices.pdf", invoice=invoice)], ...)
"""

import base64
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    attachments: tuple[Attachment, ...]


class ContextGone(Exception):
    """An object the mail is about no longer exists (deleted or erased before it was sent)."""


_attachments: dict[str, Callable[..., Attachment]] = {}


def register_attachment(name: str, build: Callable[..., Attachment]) -> None:
    _attachments[name] = build


def attach(name: str, **args) -> dict:
    """A stored recipe for an attachment, built when the mail is sent."""
    if name not in _attachments:
        raise KeyError(f"No attachment registered as {name!r}")
    return {"$attachment": name, "args": encode(args)}


def encode(value):
    """Turn a mail context into JSON: models become references; anything else unknown is refused,
    so nobody stores a big or secret object by accident."""
    if isinstance(value, models.Model):
        return {"$ref": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"A mail context cannot hold {type(value).__name__}; store a model or a value")


def decode(value):
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$ref" in value:
        model = apps.get_model(value["$ref"])
        try:
            return model._default_manager.get(pk=value["pk"])
        except model.DoesNotExist:
            raise ContextGone(f"{value['$ref']} {value['pk']}") from None
    if "$decimal" in value:
        return Decimal(value["$decimal"])
    if "$datetime" in value:
        return datetime.datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return datetime.date.fromisoformat(value["$date"])
    return {key: decode(item) for key, item in value.items()}


def _attachment(item: dict) -> Attachment:
    if "$attachment" in item:
        return _attachments[item["$attachment"]](**decode(item["args"]))
    # A row queued before mails were rendered at sending time carries its file itself.
    return Attachment(item["filename"], base64.b64decode(item["content"]), item["mimetype"])


def render(email) -> Rendered:
    """Subject, body and attachments of an outbox row, in its recipient's language.

    Raises ContextGone when an object the mail is about has been deleted.
    """
    if not email.template:  # queued before mails were rendered at sending time
        return Rendered(
            email.subject, email.body_text, tuple(_attachment(a) for a in email.attachments)
        )
    with translation.override(email.language or settings.LANGUAGE_CODE):
        attachments = tuple(_attachment(a) for a in email.attachments)
    return render_template(
        email.template, decode(email.context), email.language, attachments=attachments
    )


def render_template(template: str, context: dict, language: str, *, attachments=()) -> Rendered:
    """A mail template (first line: the subject) in `language`; also for previews of mails
    that are not queued yet."""
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(template, context)
    subject, _sep, body = text.partition("\n")
    return Rendered(subject.strip().replace("\n", " ")[:250], body.strip() + "\n", attachments)

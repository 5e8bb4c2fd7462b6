"""Sending the outbox: each due mail once, its text rendered now (core.mails).

A failed attempt is retried with backoff by `send_due_emails`, which the worker runs every few
seconds. A row is claimed before sending, so two workers never send the same mail; every message
carries a fixed Message-ID, so a receiving system can tell a retry from a new mail.

At most once, as the recipient sees it: right before the message goes to the SMTP server the row
is marked HANDOVER. A worker that dies after that (the server may have accepted the mail) leaves
the row there; it is sent again only after UNCERTAIN_HANDOVER, with the same Message-ID, so a
receiving system that already has it drops the copy. A row claimed but never handed over is
taken up again after STALE_CLAIM.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage, mailers
from django.db.models import Q
from django.utils import timezone

from wijkactie.core import mails
from wijkactie.core.models import REDACTED_BODY, OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
]
STALE_CLAIM = timedelta(minutes=10)
UNCERTAIN_HANDOVER = timedelta(hours=6)


def _recoverable(now) -> Q:
    """Rows whose sender died: claimed and never handed over, or handed over long ago."""
    return Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM) | Q(
        status=OutgoingEmail.Status.HANDOVER, claimed_at__lt=now - UNCERTAIN_HANDOVER
    )


def _claim(email_id: int) -> bool:
    now = timezone.now()
    claimable = Q(
        status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.RETRY],
        next_attempt_at__lte=now,
    ) | _recoverable(now)
    return bool(
        OutgoingEmail.objects.filter(claimable, pk=email_id).update(
            status=OutgoingEmail.Status.SENDING, claimed_at=now
        )
    )


def _build_message(email: OutgoingEmail, rendered: mails.Rendered) -> EmailMessage:
    message = EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else [],
        headers={
            "Message-ID": email.message_id,
            # An automatic mail: no out-of-office or vacation reply back to the office
            # (RFC 3834; X-Auto-Response-Suppress for Exchange and Outlook).
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    for item in rendered.attachments:
        message.attach(item.filename, item.content, item.mimetype)
    return message


def _fail(email: OutgoingEmail, error: str, *, retry: bool) -> OutgoingEmail.Status:
    attempts = email.attempts + 1
    gave_up = not retry or attempts > len(RETRY_DELAYS)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.RETRY,
        attempts=attempts,
        last_error=error[:1000],
        next_attempt_at=None if gave_up else timezone.now() + RETRY_DELAYS[attempts - 1],
        claimed_at=None,
    )
    return OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.RETRY


def send_email(*, email_id: int) -> OutgoingEmail.Status | None:
    """Send one due mail from the outbox, once.

    Writes: the row's status, attempts, error and next attempt time.
    Refuses: silently, a mail that is not due, already sent, or claimed by another worker.
    """
    if not _claim(email_id):
        return None
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        rendered = mails.render(email)
    except mails.ContextGone as gone:
        return _fail(email, f"Wat deze e-mail betreft, bestaat niet meer ({gone}).", retry=False)
    except Exception as exc:  # a broken template must not stop the other mails
        logger.exception("Mail %s could not be rendered", email.pk)
        return _fail(email, f"{type(exc).__name__}: {exc}", retry=True)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.HANDOVER, claimed_at=timezone.now()
    )
    try:
        mailers.default.send_messages([_build_message(email, rendered)])
    except Exception as exc:  # any transport failure is retried later
        logger.warning("Mail %s failed (attempt %s): %s", email.pk, email.attempts + 1, exc)
        return _fail(email, f"{type(exc).__name__}: {exc}", retry=True)
    if email.carries_secret:
        kept = {"subject": rendered.subject, "body_text": REDACTED_BODY, "context": {}}
    else:
        kept = {"subject": rendered.subject, "body_text": rendered.body}
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        last_error="",
        claimed_at=None,
        **kept,
    )
    return OutgoingEmail.Status.SENT


def send_due_emails(*, limit: int = 200) -> int:
    """Send every mail whose (next) attempt is due; returns how many were sent."""
    now = timezone.now()
    due = OutgoingEmail.objects.filter(
        Q(
            status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.RETRY],
            next_attempt_at__lte=now,
        )
        | _recoverable(now)
    ).order_by("next_attempt_at", "id")
    sent = 0
    for email_id in list(due.values_list("id", flat=True)[:limit]):
        if send_email(email_id=email_id) == OutgoingEmail.Status.SENT:
            sent += 1
    return sent

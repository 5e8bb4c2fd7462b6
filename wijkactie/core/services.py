"""Durable outgoing mail and the activity log.

A mail is a row in `OutgoingEmail`, written in the caller's transaction with one INSERT; what it
says is rendered only when it is sent (core.mails). After commit a task sends it; a failed attempt is retried with backoff by `send_due_emails`, which the worker runs every few
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
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, mailers, make_msgid
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wijkactie.core import mails
from wijkactie.core.models import REDACTED_BODY, ActivityLog, OutgoingEmail, WorkerHeartbeat

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


def queue_mail(
    *,
    template: str,
    context: dict,
    language: str,
    key: str,
    topic: str,
    to: str,
    object_ref: str = "",
    attachments: tuple[dict, ...] = (),
) -> int | None:
    """The one way to send a mail: one outbox row, rendered when the worker sends it.

    `template`: first line the subject, then the body; rendered in `language` from `context`
    (models are stored as references, see core.mails). `attachments`: recipes from
    `core.mails.attach`. `key` makes the mail idempotent: a second mail with the same key is
    dropped by the unique constraint, in the same single INSERT.

    Writes: one OutgoingEmail row, nothing when the key exists. Returns its id, or None.
    Sends: nothing itself; enqueues `send_email_task` on commit.
    """
    row = OutgoingEmail(
        idempotency_key=key,
        topic=topic,
        object_ref=object_ref,
        to=to,
        template=template,
        language=language or settings.LANGUAGE_CODE,
        context=mails.encode(context),
        attachments=list(attachments),
        message_id=make_msgid(domain="wijkactie.nl"),
        next_attempt_at=timezone.now(),
    )
    email_id = _insert_once(row)
    if email_id is not None:
        transaction.on_commit(partial(_enqueue_send, email_id))
    return email_id


def _insert_once(row: OutgoingEmail) -> int | None:
    """INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id (PostgreSQL, SQLite)."""
    fields = [f for f in OutgoingEmail._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
    quote = connection.ops.quote_name
    # Names come from the model, every value is a parameter.
    sql = (
        f"INSERT INTO {quote(OutgoingEmail._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote('idempotency_key')}) DO NOTHING RETURNING {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        inserted = cursor.fetchone()
    return inserted[0] if inserted else None


def _enqueue_send(email_id: int) -> None:
    from wijkactie.core.tasks import send_email_task  # noqa: PLC0415 (tasks import services)

    try:
        send_email_task.enqueue(email_id=email_id)
    except Exception:
        # The row stays due; the worker's sweep picks it up.
        logger.exception("Could not enqueue mail %s", email_id)


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
        headers={"Message-ID": email.message_id},
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


def resend_email(*, email: OutgoingEmail, actor=None) -> OutgoingEmail:
    """Queue a mail again (staff action): a failed mail gets a fresh series of attempts, a sent
    mail is copied to a new outbox row with a new Message-ID so it is delivered once more (rendered
    anew, so it says what is true now)."""
    with transaction.atomic():
        if email.status == OutgoingEmail.Status.SENT:
            copy = OutgoingEmail.objects.create(
                idempotency_key=f"{email.idempotency_key}:resend:{timezone.now().timestamp()}"[
                    :200
                ],
                topic=email.topic,
                object_ref=email.object_ref,
                to=email.to,
                template=email.template,
                language=email.language,
                context=email.context,
                subject="" if email.template else email.subject,
                body_text="" if email.template else email.body_text,
                attachments=email.attachments,
                message_id=make_msgid(domain="wijkactie.nl"),
                next_attempt_at=timezone.now(),
            )
            transaction.on_commit(partial(_enqueue_send, copy.pk))
            log_activity(actor=actor, verb="mail_resent", obj_ref=f"core.mail:{email.pk}")
            return copy
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        log_activity(actor=actor, verb="mail_requeued", obj_ref=f"core.mail:{email.pk}")
        transaction.on_commit(partial(_enqueue_send, email.pk))
    email.refresh_from_db()
    return email


def log_activity(
    *, actor=None, verb: str, obj_ref: str, scope_ref: str = "", data: dict | None = None
) -> ActivityLog:
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_ref=obj_ref,
        scope_ref=scope_ref,
        data=data or {},
    )


TASK_RESULTS_KEPT = timedelta(days=7)


def prune_task_results() -> int:
    """Finished rows of the task queue go after a week, so the table does not grow forever;
    heartbeats of workers gone for a day go too."""
    now = timezone.now()
    deleted, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lte=now - TASK_RESULTS_KEPT).delete()
    )
    WorkerHeartbeat.objects.filter(beat_at__lte=now - timedelta(days=1)).delete()
    return deleted

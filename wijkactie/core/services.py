"""Durable outgoing mail (queueing and resending) and the activity log.

A mail is a row in `OutgoingEmail`, written in the caller's transaction with one INSERT; what it
says is rendered only when it is sent (core.mails). After commit a task sends it (core.sending);
the worker's sweep sends whatever is still due.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wijkactie.core import mails
from wijkactie.core.models import ActivityLog, OutgoingEmail, WorkerHeartbeat
from wijkactie.core.tasks import send_email_task

logger = logging.getLogger(__name__)


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
    Sends: nothing itself; in development enqueues `send_email_task` on commit; with the
    database task queue the worker's round sends it (no task row: the outbox is the queue).
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
        message_id=new_message_id(),
        reply_to=context.get("contact_email") or settings.WIJKACTIE_CONTACT_EMAIL,
        next_attempt_at=timezone.now(),
    )
    return _queue_row(row)


def new_message_id() -> str:
    """A Message-ID on the site's own host (WIJKACTIE_SITE_URL), as receiving servers expect."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


_left_to_worker = ContextVar("mail_left_to_worker", default=False)


@contextmanager
def mail_left_to_the_worker():
    """For bulk writers (the demo data): mails queued inside are not sent one by one after
    commit; the worker's round sends them. Nothing is lost: they are ordinary due outbox rows."""
    token = _left_to_worker.set(True)
    try:
        yield
    finally:
        _left_to_worker.reset(token)


def _queue_row(row: OutgoingEmail) -> int | None:
    """Insert the row once; in development, send it right after commit (with the database task
    queue the worker's round sends it). Returns its id, or None when the key existed."""
    email_id = _insert_once(row)
    if (
        email_id is not None
        and settings.WIJKACTIE_MAIL_TASK_ON_COMMIT
        and not _left_to_worker.get()
    ):
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
    try:
        send_email_task.enqueue(email_id=email_id)
    except Exception:
        # The row stays due; the worker's sweep picks it up.
        logger.exception("Could not enqueue mail %s", email_id)


class NotResendable(Exception):
    """A sent sign-in link is never sent again: its link was wiped; the person asks a new one."""


def resend_email(*, email: OutgoingEmail, actor=None) -> OutgoingEmail:
    """Queue a mail again (staff action): a failed mail gets a fresh series of attempts, a sent
    mail is copied to a new outbox row with a new Message-ID so it is delivered once more (rendered
    anew, so it says what is true now).

    Refuses: a sent mail that carried a secret (NotResendable)."""
    if email.status == OutgoingEmail.Status.SENT and email.carries_secret:
        raise NotResendable
    with transaction.atomic():
        if email.status == OutgoingEmail.Status.SENT:
            copy = OutgoingEmail.objects.get(pk=email.pk)
            copy.pk = None
            copy.idempotency_key = f"{email.idempotency_key}:resend:{timezone.now().timestamp()}"[
                :200
            ]
            if copy.template:  # rendered again when sent
                copy.subject, copy.body_text = "", ""
            copy.status, copy.attempts, copy.last_error = OutgoingEmail.Status.QUEUED, 0, ""
            copy.message_id = new_message_id()
            copy.next_attempt_at, copy.claimed_at, copy.sent_at = timezone.now(), None, None
            copy_id = _queue_row(copy)
            log_activity(actor=actor, verb="mail_resent", obj_ref=f"core.mail:{email.pk}")
            return OutgoingEmail.objects.get(pk=copy_id)
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        log_activity(actor=actor, verb="mail_requeued", obj_ref=f"core.mail:{email.pk}")
        if settings.WIJKACTIE_MAIL_TASK_ON_COMMIT:
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

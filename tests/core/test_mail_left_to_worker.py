"""Bulk writers leave their mails to the worker's round (core.services.mail_left_to_the_worker)."""

from tests.factories import register
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.sending import send_due_emails
from wijkactie.core.services import mail_left_to_the_worker


def test_mail_left_to_the_worker_waits_for_its_round_and_is_not_lost(
    make_event, mailoutbox, django_capture_on_commit_callbacks
):
    """The demo data queues about a hundred mails; they go out in the worker's round instead of
    one by one while loading."""
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True) as sent_at_once:
        register(event, 1)
    assert len(sent_at_once) == 1 and len(mailoutbox) == 1
    with (
        mail_left_to_the_worker(),
        django_capture_on_commit_callbacks(execute=True) as sent_at_once,
    ):
        register(event, 2)
    assert sent_at_once == [] and len(mailoutbox) == 1
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).count() == 1
    assert send_due_emails() == 1
    assert len(mailoutbox) == 2

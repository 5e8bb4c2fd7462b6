"""Mail through a real SMTP server on loopback (aiosmtpd): down during registration, then back."""

import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from tests.factories import register
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.sending import send_due_emails
from wijkactie.core.services import resend_email

pytestmark = pytest.mark.usefixtures("commits")


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    return port


def test_mails_survive_an_smtp_outage_and_arrive_exactly_once(make_event, smtp_port):
    event = make_event(capacity=3)
    for n in range(5):
        register(event, n)
    # The server was down: every mail is kept for a retry.
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"retry"}

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        assert send_due_emails() == 0  # not due yet: backoff
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            assert send_due_emails() == 5
            assert send_due_emails() == 0
    finally:
        controller.stop()

    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    received = sorted(m["To"] for m in handler.messages)
    assert received == [f"deelnemer{n}@linie.test" for n in range(5)]
    ids = {m["Message-ID"] for m in handler.messages}
    assert ids == set(OutgoingEmail.objects.values_list("message_id", flat=True))
    confirmation = next(m for m in handler.messages if m["To"] == "deelnemer0@linie.test")
    assert "Bevestiging" in confirmation["Subject"]
    assert any(p.get_content_type() == "text/calendar" for p in confirmation.walk())


def test_mail_gives_up_after_the_last_retry_and_staff_can_resend(make_event, smtp_port):
    event = make_event()
    register(event, 1)
    email = OutgoingEmail.objects.get()
    moment = timezone.now()
    for _ in range(8):
        moment += timedelta(days=2)
        with time_machine.travel(moment):
            send_due_emails()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 9)

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        resend_email(email=email)
    finally:
        controller.stop()
    email.refresh_from_db()
    assert email.status == "sent"
    assert [m["To"] for m in handler.messages] == ["deelnemer1@linie.test"]


def test_a_sent_signin_link_is_not_resent_staff_are_told_why(admin_client, mailoutbox):
    from wijkactie.core.sending import send_due_emails
    from wijkactie.core.services import queue_mail

    queue_mail(
        template="accounts/mail/signin.txt",
        context={"user": None, "url": "https://example.test/x", "minutes": 30},
        language="nl",
        key="signin:test",
        topic="signin",
        to="a@b.test",
    )
    send_due_emails()
    sent = OutgoingEmail.objects.get()
    assert sent.status == "sent"
    page = admin_client.post(f"/beheer/mail/{sent.pk}/opnieuw/", follow=True)
    assert "Een inloglink sturen we niet nog een keer" in page.content.decode()
    assert OutgoingEmail.objects.count() == 1

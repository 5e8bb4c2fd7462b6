"""One mail path: an outbox row holds a template and a small context until the worker sends it;
nothing is rendered while the event lock is held."""

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import register
from wijkactie.core.mails import render
from wijkactie.core.models import REDACTED_BODY, OutgoingEmail
from wijkactie.core.sending import send_due_emails
from wijkactie.core.services import queue_mail
from wijkactie.events import mails as event_mails
from wijkactie.events.models import Registration


def signin_mail(key="test:one-way"):
    with translation.override("nl"):
        email_id = queue_mail(
            template="accounts/mail/signin.txt",
            context={"user": None, "url": "https://example.test/x", "minutes": 30},
            language="en",
            key=key,
            topic="signin",
            to="a@b.test",
        )
        assert translation.get_language() == "nl"  # the caller's language is left alone
    return email_id


def test_a_queued_mail_holds_no_text_and_is_rendered_in_the_recipients_language(db):
    email = OutgoingEmail.objects.get(pk=signin_mail())
    assert (email.subject, email.body_text) == ("", "")
    assert email.context == {"user": None, "url": "https://example.test/x", "minutes": 30}
    rendered = render(email)
    assert rendered.subject == "Your sign-in link for the ACTIE scan"
    assert rendered.body == rendered.body.strip() + "\n"
    assert "https://example.test/x" in rendered.body


def test_the_same_key_twice_is_one_insert_and_one_row(db):
    with CaptureQueriesContext(connection) as first:
        assert signin_mail() is not None
    with CaptureQueriesContext(connection) as second:
        assert signin_mail() is None
    assert [q["sql"].split()[0] for q in first.captured_queries + second.captured_queries] == [
        "INSERT",
        "INSERT",
    ]
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_sent_mail_keeps_its_subject_and_a_secret_is_blanked(mailoutbox):
    signin_mail()
    email = OutgoingEmail.objects.get()  # the immediate task backend sent it on commit
    assert email.status == OutgoingEmail.Status.SENT
    assert mailoutbox[0].subject == email.subject == "Your sign-in link for the ACTIE scan"
    assert "https://example.test/x" in mailoutbox[0].body
    assert (email.body_text, email.context) == (REDACTED_BODY, {})


@pytest.mark.django_db(transaction=True)
def test_nothing_is_rendered_while_the_event_lock_is_held(make_event, monkeypatch, mailoutbox):
    """The capacity service holds the event row lock for its whole transaction: every template
    and calendar file of its mails is made after commit, by the sender."""
    renders = []

    def on_render(sender, template, **kwargs):
        renders.append((template.name, connection.in_atomic_block))

    real_calendar = event_mails.event_calendar

    def calendar(*args, **kwargs):
        renders.append(("calendar", connection.in_atomic_block))
        return real_calendar(*args, **kwargs)

    monkeypatch.setattr(event_mails, "event_calendar", calendar)
    template_rendered.connect(on_render)
    try:
        event = make_event(capacity=1)
        confirmed = register(event, 1)
        waiting = register(event, 2)
    finally:
        template_rendered.disconnect(on_render)
    assert (confirmed.status, waiting.status) == ("confirmed", "waitlisted")
    assert {"events/mail/confirmation.txt", "events/mail/waitlisted.txt", "calendar"} <= {
        name for name, _locked in renders
    }
    assert [name for name, locked in renders if locked] == []
    assert len(mailoutbox) == 2


def test_a_mail_about_something_erased_fails_with_a_reason(make_event):
    event = make_event()
    registration = register(event, 1)
    email = OutgoingEmail.objects.get(topic="confirmation")
    Registration.objects.filter(pk=registration.pk).delete()
    assert send_due_emails() == 0
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "bestaat niet meer" in email.last_error


def test_staff_preview_a_waiting_mail_as_it_will_be_sent_never_a_signin_link(
    admin_client, make_event
):
    register(make_event(), 1)
    waiting = OutgoingEmail.objects.get(topic="confirmation")
    page = admin_client.get(f"/beheer/mail/{waiting.pk}/").content.decode()
    assert render(waiting).subject in page
    assert "bijeenkomst.ics" in page
    assert "nog niet verzonden" in page
    secret = OutgoingEmail.objects.get(pk=signin_mail())
    page = admin_client.get(f"/beheer/mail/{secret.pk}/").content.decode()
    assert "https://example.test/x" not in page
    assert "persoonlijke link" in page

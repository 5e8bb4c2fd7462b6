"""Issue 23 (begun): the headers a mailbox provider expects, on a mail read back from a real SMTP
server. Out-of-office replies came back to the programme office (no Auto-Submitted, no
X-Auto-Response-Suppress); the text says "mail leefbarewijken@…" but there was no Reply-To; the
Message-ID was on a fixed @wijkactie.nl, not the site's own host."""

from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

from tests.core.test_mail import Collect, smtp_port  # noqa: F401 (a fixture)
from tests.factories import register
from wijkactie.core.sending import send_due_emails

pytestmark = pytest.mark.usefixtures("commits")


def _received(event, n: int, port: int):
    """Person n registers; the mail that reaches a real SMTP server on loopback."""
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        register(event, n)
        send_due_emails()
    finally:
        controller.stop()
    (mail,) = handler.messages
    return mail


def test_a_registrants_mail_carries_the_headers_a_mailbox_provider_expects(
    make_event,
    smtp_port,  # noqa: F811 (the fixture imported above)
    settings,
):
    settings.SITE_URL = "https://wijken.example.nl"
    event = make_event(contact_email="leefbarewijken@platform31.test")
    mail = _received(event, 1, smtp_port)
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert mail["Reply-To"] == "leefbarewijken@platform31.test"
    assert mail["Message-ID"].endswith(f"@{urlsplit(settings.SITE_URL).hostname}>")


def test_without_a_contact_of_its_own_the_reply_goes_to_the_sites_contact(
    make_event,
    smtp_port,  # noqa: F811 (the fixture imported above)
    settings,
):
    event = make_event(contact_email="")
    assert _received(event, 2, smtp_port)["Reply-To"] == settings.WIJKACTIE_CONTACT_EMAIL

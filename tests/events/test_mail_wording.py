"""Every mail is worded for the state of the person who gets it (issue 20)."""

from decimal import Decimal

import pytest
from django.core import mail

from tests.factories import BILLING_ADDRESS, add_parts, person, register
from wijkactie.core.sending import send_due_emails
from wijkactie.events import services

pytestmark = pytest.mark.django_db


def mails_to(address: str) -> list:
    send_due_emails()
    return [m for m in mail.outbox if m.to == [address]]


def test_a_colleague_is_not_told_they_confirmed_something(make_event):
    """Finding: colleagues' confirmations said 'Bij uw aanmelding hebt u bevestigd…'."""
    event = make_event(capacity=5)
    add_parts(event, "ochtenddeel", "middagdeel")
    services.register_for_event(
        event_id=event.pk,
        organisation_name="Gemeente Elders",
        people=[person(1, domain="elders.test"), person(2, domain="elders.test")],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
    )
    (booker,) = mails_to("deelnemer1@elders.test")
    (colleague,) = mails_to("deelnemer2@elders.test")
    assert "Bij uw aanmelding hebt u bevestigd" in booker.body
    assert "Bij uw aanmelding hebt u bevestigd" not in colleague.body
    assert "Uw collega heeft bij de aanmelding bevestigd" in colleague.body


def test_a_free_session_for_everyone_does_not_say_partner(make_event):
    """Finding: a free session for all said 'kosteloos (partner)' to a non-partner."""
    event = make_event(price_excl_vat=Decimal(0))
    register(event, 1, organisation="Gemeente Elders", domain="elders.test")
    (confirmation,) = mails_to("deelnemer1@elders.test")
    assert "(partner)" not in confirmation.body
    assert "Deelname is kosteloos." in confirmation.body


def test_the_fourth_in_line_is_not_told_they_are_first(make_event):
    """Finding: an offer mail said 'u bent de eerste op de wachtlijst' to the 4th."""
    event = make_event(capacity=1)
    register(event, 1)
    for n in range(2, 6):
        register(event, n)
    services.update_event(event_id=event.pk, data={"capacity": 5})
    offers = [m for m in mails_to("deelnemer5@linie.test") if "plaats vrij" in m.subject]
    assert offers and "de eerste op de wachtlijst" not in offers[0].body
    assert "u bent aan de beurt op de wachtlijst" in offers[0].body


def test_declining_an_offer_is_confirmed_by_mail(make_event):
    """Finding: declining an offer sent no confirmation."""
    event = make_event(capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    services.cancel_registration(registration_id=first.pk)
    services.decline_offer(registration_id=second.pk)
    (declined,) = [m for m in mails_to("deelnemer2@linie.test") if "afgeslagen" in m.subject]
    assert "niet meer op de wachtlijst" in declined.body

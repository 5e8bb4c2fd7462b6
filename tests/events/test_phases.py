"""What may happen to a registration, and when (issue 20): one place decides per phase of the
session and per channel, and money follows the decision, never the channel."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from tests.factories import BILLING_ADDRESS, person, register
from wijkactie.core.sending import send_due_emails
from wijkactie.events import services
from wijkactie.events.models import Registration
from wijkactie.events.phases import Channel, Phase
from wijkactie.invoices.models import Invoice
from wijkactie.invoices.services import issue_due_invoices

pytestmark = pytest.mark.django_db


def invoiced(organisation_name: str) -> Decimal:
    """What an organisation was invoiced minus what it was credited, excl. btw."""
    return sum(
        (
            i.total_excl
            for i in Invoice.objects.filter(registration__organisation__name=organisation_name)
        ),
        Decimal(0),
    )


@pytest.fixture
def paying(make_event):
    event = make_event(capacity=10)
    registration = register(event, 1, organisation="Gemeente Elders")
    issue_due_invoices()
    assert invoiced("Gemeente Elders") == Decimal("125.00")
    return event, registration


def test_the_phases_of_a_session(make_event, time_machine):
    now = timezone.now()
    event = make_event(is_published=False)
    assert event.phase_at(now) == Phase.CONCEPT
    event.is_published = True
    assert event.phase_at(now) == Phase.OPEN
    event.registration_closes_at = now - timedelta(minutes=1)
    assert event.phase_at(now) == Phase.CLOSED
    assert event.phase_at(event.starts_at) == Phase.STARTED
    assert event.phase_at(event.ends_at) == Phase.ENDED
    event.cancelled_at = now
    assert event.phase_at(event.ends_at) == Phase.CANCELLED


def test_a_cancel_after_the_session_from_the_personal_page_is_refused_and_not_credited(
    client, paying, time_machine
):
    """Finding: a paying participant cancelled ten days after the session and got a full
    credit invoice; the page still offered cancelling and transferring."""
    event, registration = paying
    time_machine.move_to(event.ends_at + timedelta(days=10))
    url = f"/aanmelding/{registration.manage_token}/"
    page = client.get(url).content.decode()
    assert "Afmelden" not in page and "Overdragen" not in page and ".ics" not in page
    assert "U bent aangemeld" not in page
    assert "U was aangemeld" in page
    client.post(url, {"actie": "afmelden", "bevestigd": "ja"})
    client.post(url, {"actie": "overdragen", "overdracht-first_name": "Nieuw"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    issue_due_invoices()
    assert invoiced("Gemeente Elders") == Decimal("125.00")
    with pytest.raises(services.RegistrationError):
        services.cancel_registration(registration_id=registration.pk, channel=Channel.REGISTRANT)


def test_the_api_cannot_cancel_after_the_start(client, paying, time_machine):
    event, registration = paying
    time_machine.move_to(event.starts_at + timedelta(minutes=5))
    response = client.post(f"/api/v1/registrations/{registration.manage_token}/cancel")
    assert response.status_code == 409
    assert "begonnen" in response.json()["detail"]


def test_staff_decide_whether_a_cancel_after_the_start_is_credited(
    admin_client, admin_user, paying, time_machine
):
    """Finding: staff 'Annuleer' acted in one click, without confirmation or reason, and a
    credit note went out at once."""
    event, registration = paying
    time_machine.move_to(event.ends_at + timedelta(days=2))
    admin_client.force_login(admin_user)  # the session of a month ago has expired
    with pytest.raises(services.DecisionNeeded):
        services.cancel_registration(registration_id=registration.pk, channel=Channel.STAFF)
    confirm = admin_client.get(f"/beheer/aanmeldingen/{registration.pk}/annuleren/")
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "creditfactuur" in page and 'name="reden"' in page
    undecided = admin_client.post(
        f"/beheer/aanmeldingen/{registration.pk}/annuleren/", {"reden": "Niet gekomen"}
    )
    assert undecided.status_code == 400
    registration.refresh_from_db()
    assert registration.is_active
    admin_client.post(
        f"/beheer/aanmeldingen/{registration.pk}/annuleren/",
        {"reden": "Ziek geworden, bericht vooraf", "crediteren": "ja"},
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    issue_due_invoices()
    assert invoiced("Gemeente Elders") == Decimal(0)
    mail.outbox.clear()
    send_due_emails()
    (cancelled,) = [m for m in mail.outbox if m.subject.startswith("Afmelding")]
    assert cancelled.to == [registration.email]
    assert "Ziek geworden, bericht vooraf" in cancelled.body


def test_staff_may_keep_the_charge_after_the_start(paying, time_machine):
    event, registration = paying
    time_machine.move_to(event.starts_at + timedelta(hours=1))
    services.cancel_registration(
        registration_id=registration.pk, channel=Channel.STAFF, credit=False, reason="Niet gekomen"
    )
    issue_due_invoices()
    assert invoiced("Gemeente Elders") == Decimal("125.00")


def test_a_late_cancel_keeps_the_charge_and_the_page_says_so_beforehand(
    client, make_event, time_machine
):
    event = make_event(capacity=10, free_cancellation_days=7)
    registration = register(event, 1, organisation="Gemeente Elders")
    issue_due_invoices()
    time_machine.move_to(event.starts_at - timedelta(days=3))
    page = client.get(f"/aanmelding/{registration.manage_token}/?actie=afmelden").content
    assert "blijven de kosten staan" in page.decode()
    client.post(
        f"/aanmelding/{registration.manage_token}/", {"actie": "afmelden", "bevestigd": "ja"}
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    issue_due_invoices()
    assert invoiced("Gemeente Elders") == Decimal("125.00")


def test_an_early_cancel_is_credited(client, paying):
    event, registration = paying
    client.post(
        f"/aanmelding/{registration.manage_token}/", {"actie": "afmelden", "bevestigd": "ja"}
    )
    issue_due_invoices()
    assert invoiced("Gemeente Elders") == Decimal(0)


def test_a_programme_sets_the_cancellation_policy_and_an_event_overrides_it(make_event):
    from wijkactie.events.models import Programme

    programme = Programme.objects.create(name="P", slug="p", free_cancellation_days=14)
    event = make_event(programme=programme)
    assert event.free_cancellation_until() == event.starts_at - timedelta(days=14)
    event.free_cancellation_days = 2
    assert event.free_cancellation_until() == event.starts_at - timedelta(days=2)


def test_a_transfer_checks_the_partner_proof_as_registering_does(make_event, partner):
    """Finding: a partner handed her free seat to a gmail address; the new person kept
    'kosteloos (partner)' and never reached 'partnerschap te controleren'."""
    event = make_event(capacity=10)
    seat = register(event, 1)  # at linie.test: a verified partner address
    assert seat.price_excl_vat == 0
    new = services.transfer_registration(
        registration_id=seat.pk, person=person(2, domain="gmail.com")
    )
    assert new.partner_check == Registration.PartnerCheck.PENDING
    assert new.price_excl_vat == Decimal("125.00")
    colleague = services.transfer_registration(registration_id=new.pk, person=person(3))
    assert colleague.partner_check == Registration.PartnerCheck.NOT_NEEDED
    assert colleague.price_excl_vat == 0


def test_a_like_for_like_transfer_keeps_the_invoice(paying):
    """Finding: transferring a paid seat to a colleague of the same organisation made a credit
    note and a new invoice."""
    event, registration = paying
    new = services.transfer_registration(
        registration_id=registration.pk, person=person(2, domain="elders.test")
    )
    issue_due_invoices()
    assert Invoice.objects.count() == 1
    assert invoiced("Gemeente Elders") == Decimal("125.00")
    # The colleague cancels in time: the one invoice is credited.
    services.cancel_registration(registration_id=new.pk, channel=Channel.REGISTRANT)
    issue_due_invoices()
    assert Invoice.objects.count() == 2
    assert invoiced("Gemeente Elders") == Decimal(0)


def test_a_transfer_at_another_price_is_re_invoiced_to_the_booker_not_the_leaver(
    make_event, partner
):
    """Finding: the new invoice was mailed to the person who left."""
    event = make_event(capacity=10)
    (booker, colleague) = services.register_for_event(
        event_id=event.pk,
        organisation_name=partner.name,
        people=[person(1, domain="gmail.com"), person(2, domain="gmail.com")],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
        invoice_email="crediteuren@linie.test",
    )
    services.decide_partnership(registration_id=colleague.pk, is_partner=False)
    issue_due_invoices()
    mail.outbox.clear()
    new = services.transfer_registration(registration_id=colleague.pk, person=person(3))
    assert new.price_excl_vat == 0  # a partner address: free
    issue_due_invoices()
    send_due_emails()
    credit = Invoice.objects.get(kind=Invoice.Kind.CREDIT)
    assert credit.registration == booker
    to = {address for m in mail.outbox if "factuur" in m.subject.lower() for address in m.to}
    assert colleague.email not in to
    assert {booker.email, "crediteuren@linie.test"} <= to


def test_after_the_session_the_event_page_and_mails_speak_of_the_past(client, paying, time_machine):
    """Finding: mail footers and the past event page still offered cancelling, transferring,
    the .ics and 'u ontvangt vooraf een link'."""
    from wijkactie.core.mails import render as render_mail
    from wijkactie.core.models import OutgoingEmail

    event, registration = paying
    time_machine.move_to(event.ends_at + timedelta(days=1))
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert ".ics" not in page and "U ontvangt vooraf een link" not in page
    services.cancel_registration(
        registration_id=registration.pk, channel=Channel.STAFF, credit=False, reason="Afwezig"
    )
    outgoing = OutgoingEmail.objects.filter(to=registration.email, topic="cancelled").get()
    body = render_mail(outgoing).body
    assert "afmelden" not in body.lower() and "overdragen" not in body.lower()
    assert "kosten van deze plaats blijven staan" in body
    footer = render_to_string(
        "events/mail/_footer.txt", {"event": event, "manage_url": "https://x", "contact_email": ""}
    )
    assert "afmelden" not in footer and "overdragen" not in footer
    time_machine.move_to(event.starts_at - timedelta(days=40))
    before = render_to_string(
        "events/mail/_footer.txt", {"event": event, "manage_url": "https://x", "contact_email": ""}
    )
    assert "afmelden" in before


def test_the_booker_sees_the_group_and_cancels_or_replaces_a_colleague(
    client, make_event, time_machine
):
    """Finding: the booker saw her colleagues (in the same browser only) but could not cancel or
    replace them."""
    event = make_event(capacity=10)
    booker, first, second = services.register_for_event(
        event_id=event.pk,
        organisation_name="Gemeente Elders",
        people=[person(n, domain="elders.test") for n in (1, 2, 3)],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
    )
    url = f"/aanmelding/{booker.manage_token}/"
    page = Client().get(url).content.decode()  # another browser: the group is still there
    assert first.full_name in page and second.full_name in page
    client.post(url, {"actie": "collega-afmelden", "collega": first.pk})
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    replaced = client.post(
        url,
        {
            "actie": "collega-vervangen",
            "collega": second.pk,
            **{f"vervanging-{k}": v for k, v in vars(person(4, domain="elders.test")).items()},
        },
    )
    assert replaced.status_code == 302
    second.refresh_from_db()
    assert second.status == Registration.Status.TRANSFERRED
    new = Registration.objects.get(email="deelnemer4@elders.test")
    assert new.registered_by == booker and new.is_active
    # Someone else's colleague, or after the start: not from this page.
    stranger = register(event, 9, organisation="Gemeente Elders", domain="elders.test")
    client.post(url, {"actie": "collega-afmelden", "collega": stranger.pk})
    stranger.refresh_from_db()
    assert stranger.is_active
    time_machine.move_to(event.starts_at + timedelta(minutes=1))
    client.post(url, {"actie": "collega-afmelden", "collega": new.pk})
    new.refresh_from_db()
    assert new.is_active


def test_staff_see_a_registrations_history_mails_and_invoices_and_correct_it(
    admin_client, paying, django_user_model
):
    """Staff had no page for one registration: its history, mails with their delivery state and
    invoices, and a way to correct the name or billing details through the services."""
    event, registration = paying
    send_due_emails()
    url = f"/beheer/aanmeldingen/{registration.pk}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    invoice = Invoice.objects.get()
    assert invoice.number in html and "Bevestiging" in html and "verzonden" in html.lower()
    corrected = admin_client.post(
        url,
        {
            "first_name": "Sanne",
            "name_prefix": "",
            "last_name": "de Vries",
            "billing_address": "Postbus 99, 1000 AA Amsterdam",
            "billing_reference": "PO-7",
            "invoice_email": "crediteuren@elders.test",
        },
    )
    assert corrected.status_code == 302
    registration.refresh_from_db()
    assert (registration.first_name, registration.name_prefix, registration.last_name) == (
        "Sanne",
        "de",
        "Vries",
    )
    assert registration.billing_reference == "PO-7"
    assert "Gegevens gecorrigeerd" in admin_client.get(url).content.decode()
    bad = admin_client.post(url, {"first_name": "", "last_name": "x", "invoice_email": "geen"})
    assert bad.status_code == 400
    other = Client()
    other.force_login(django_user_model.objects.create_user("ander", is_staff=True))
    assert other.get(url).status_code == 404

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import BILLING_ADDRESS, add_parts, person, register
from wijkactie.accounts.models import Organisation, PartnerPeriod
from wijkactie.core.models import OutgoingEmail
from wijkactie.events import seats, services
from wijkactie.events.models import Registration, Seats
from wijkactie.events.phases import Channel
from wijkactie.events.queries import count_seats, waitlist_position

Status = Registration.Status

# Mails leave the outbox when the service commits, as in production (see `commits`).
pytestmark = pytest.mark.usefixtures("commits")


@pytest.fixture
def offer_with_queue(make_event):
    """One seat, freed by its holder: person 2 holds the offer, person 3 waits behind."""

    def make(**event_fields):
        event = make_event(capacity=1, **event_fields)
        first = register(event, 1)
        second, third = register(event, 2), register(event, 3)
        services.cancel_registration(registration_id=first.pk)
        second.refresh_from_db()
        return event, second, third

    return make


def statuses(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("arrival")
        .values_list("status", flat=True)
    )


def test_register_confirms_until_capacity_then_waitlists(make_event):
    event = make_event(capacity=2)
    regs = [register(event, n) for n in range(4)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [waitlist_position(r) for r in regs] == [None, None, 1, 2]
    assert count_seats(event) == Seats(2, 2, 0, 2)


def test_register_sends_confirmation_with_calendar_and_waitlist_mail_with_position(make_event):
    event = make_event(capacity=1)
    register(event, 1)
    register(event, 2)
    confirmation, waitlisted = mail.outbox
    assert confirmation.to == ["deelnemer1@linie.test"]
    assert "Bevestiging" in confirmation.subject
    assert confirmation.attachments[0].filename == "bijeenkomst.ics"
    assert "BEGIN:VEVENT" in confirmation.attachments[0].content
    assert "wachtlijst" in waitlisted.subject.lower()
    assert "Uw plaats op de wachtlijst: 1." in waitlisted.body
    assert OutgoingEmail.objects.filter(status="sent").count() == 2


def test_several_colleagues_in_one_submission_each_get_their_own_registration(make_event):
    event = make_event(capacity=2)
    created = services.register_for_event(
        event_id=event.pk,
        organisation_name="Woonstichting De Linie",
        people=[person(1), person(2), person(3)],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
    )
    assert [r.status for r in created] == ["confirmed", "confirmed", "waitlisted"]
    assert len({r.manage_token for r in created}) == 3
    assert [r.registered_by_id for r in created] == [None, created[0].pk, created[0].pk]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "deelnemer1@linie.test",
        "deelnemer2@linie.test",
        "deelnemer3@linie.test",
    ]


def test_waiting_people_hold_back_a_freed_seat_from_newcomers(make_event):
    event = make_event(capacity=1)
    first = register(event, 1)
    waiting = register(event, 2)
    services.cancel_registration(registration_id=first.pk)
    newcomer = register(event, 3)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    assert newcomer.status == Status.WAITLISTED


def test_cancellation_offers_seat_to_first_waiting_with_deadline(make_event):
    event = make_event(capacity=1, offer_hours=48)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    with time_machine.travel(timezone.now(), tick=False):
        services.cancel_registration(registration_id=first.pk)
        second.refresh_from_db()
        assert second.status == Status.OFFERED
        assert second.offer_expires_at == timezone.now() + timedelta(hours=48)
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED
    assert waitlist_position(third) == 1
    offer = [m for m in mail.outbox if m.to == ["deelnemer2@linie.test"]][-1]
    assert "?actie=accepteren" in offer.body and "?actie=afslaan" in offer.body


def test_auto_confirm_promotes_straight_to_confirmed(make_event):
    event = make_event(capacity=1)
    first = register(event, 1)
    second = register(event, 2, auto_confirm=True)
    services.cancel_registration(registration_id=first.pk)
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED
    assert "alsnog geplaatst" in mail.outbox[-1].subject


def test_expired_offer_passes_to_next_person(offer_with_queue):
    _, second, third = offer_with_queue(offer_hours=24)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert services.expire_offers() == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.EXPIRED, Status.OFFERED)


def test_accepting_an_expired_offer_is_refused_and_passes_it_on(offer_with_queue):
    _, second, third = offer_with_queue(offer_hours=24)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        with pytest.raises(services.OfferNotAvailable):
            services.accept_offer(registration_id=second.pk)
    third.refresh_from_db()
    assert third.status == Status.OFFERED


def test_declined_offer_passes_on_and_accepted_offer_confirms(offer_with_queue):
    event, second, third = offer_with_queue()
    services.decline_offer(registration_id=second.pk)
    services.accept_offer(registration_id=third.pk)
    assert statuses(event) == ["cancelled", "declined", "confirmed"]


def test_offers_shrink_as_the_event_nears(make_event):
    now = timezone.now()
    start = now + timedelta(hours=10)
    event = make_event(capacity=1, starts_at=start, ends_at=start + timedelta(hours=3))
    assert seats.offer_deadline(event, now) == now + timedelta(hours=5)
    assert seats.offer_deadline(event, start - timedelta(minutes=30)) == start


def test_no_promotion_after_registration_closes(make_event):
    event = make_event(capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    with time_machine.travel(event.starts_at + timedelta(minutes=1)):
        # After the start only staff cancel (issue 20), and they say what happens to the invoice.
        services.cancel_registration(registration_id=first.pk, channel=Channel.STAFF, credit=True)
    second.refresh_from_db()
    assert second.status == Status.WAITLISTED


def test_same_email_cannot_hold_two_active_registrations_but_may_return(make_event):
    event = make_event(capacity=5)
    first = register(event, 1)
    with pytest.raises(services.AlreadyRegistered):
        register(event, 1, email="DEELNEMER1@linie.test")
    services.cancel_registration(registration_id=first.pk)
    assert register(event, 1).status == Status.CONFIRMED


def test_closed_event_refuses_registration(make_event):
    event = make_event()
    with time_machine.travel(event.starts_at + timedelta(seconds=1)):
        with pytest.raises(services.RegistrationClosed):
            register(event, 1)


def test_partner_on_event_date_is_free_and_others_pay(make_event, partner):
    event = make_event()
    free = register(event, 1, organisation="woonstichting de linie")
    paying = register(event, 2, organisation="Onbekende Corporatie")
    assert (free.price_excl_vat, paying.price_excl_vat) == (Decimal("0.00"), Decimal("125.00"))
    assert free.organisation == partner
    assert Organisation.objects.get(name="Onbekende Corporatie").needs_review is True


def test_expired_partner_period_means_paying(make_event):
    event = make_event()
    organisation = Organisation.objects.create(name="Oud Partner")
    day = timezone.localdate(event.starts_at)
    PartnerPeriod.objects.create(
        organisation=organisation,
        starts_on=day - timedelta(days=400),
        ends_on=day - timedelta(days=1),
    )
    assert register(event, 1, organisation="Oud Partner").price_excl_vat == Decimal("125.00")


def test_transfer_keeps_the_place_in_the_queue(make_event):
    event = make_event(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    register(event, 3)
    colleague = services.transfer_registration(registration_id=waiting.pk, person=person(9))
    waiting.refresh_from_db()
    assert waiting.status == Status.TRANSFERRED
    assert (colleague.status, waitlist_position(colleague)) == (Status.WAITLISTED, 1)
    assert colleague.organisation_id == waiting.organisation_id


def test_larger_capacity_offers_new_seats_to_the_queue(make_event):
    event = make_event(capacity=1)
    register(event, 1)
    second = register(event, 2, auto_confirm=True)
    third = register(event, 3)
    services.update_event(event_id=event.pk, data={"capacity": 3})
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.CONFIRMED, Status.OFFERED)
    with pytest.raises(services.CapacityTooLow):
        services.update_event(event_id=event.pk, data={"capacity": 1})


@pytest.mark.parametrize(
    ("attends_all_parts", "accepted_terms", "field"),
    [(False, True, "attends_all_parts"), (True, False, "accept_terms")],
)
def test_required_parts_and_terms_are_enforced_and_name_their_field(
    make_event, attends_all_parts, accepted_terms, field
):
    event = make_event()
    add_parts(event, "ochtenddeel", "middagdeel")
    with pytest.raises(services.RegistrationError) as refused:
        services.register_for_event(
            event_id=event.pk,
            organisation_name="X",
            people=[person(1)],
            attends_all_parts=attends_all_parts,
            accepted_terms=accepted_terms,
        )
    assert refused.value.field == field
    assert Registration.objects.count() == 0


def test_transfer_copies_price_and_billing_and_rotates_the_link(make_event):
    event = make_event(capacity=1)
    original = register(event, 1, organisation="Onbekende Corporatie")
    colleague = services.transfer_registration(registration_id=original.pk, person=person(2))
    original.refresh_from_db()
    assert (colleague.status, colleague.arrival) == (Status.CONFIRMED, original.arrival)
    assert colleague.price_excl_vat == original.price_excl_vat == Decimal("125.00")
    assert colleague.manage_token != original.manage_token
    # Booked alone: the colleague books for themselves; nothing goes to the person who left.
    assert colleague.registered_by is None
    with pytest.raises(services.NotActive):
        services.transfer_registration(registration_id=original.pk, person=person(3))


def test_mails_are_plain_text_not_html_escaped(make_event):
    event = make_event(title="Wonen & welzijn")
    register(event, 1, first_name="Sinéad", last_name="O'Brien")
    (message,) = mail.outbox
    assert message.subject == "Bevestiging van uw aanmelding: Wonen & welzijn"
    assert "Beste Sinéad," in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body


def test_database_refuses_a_second_active_registration_whatever_the_case(make_event):
    """The constraint behind the lock: even a write that skips the service cannot duplicate."""
    event = make_event()
    copy = register(event, 1)
    copy.pk, copy._state.adding = None, True
    copy.arrival, copy.manage_token, copy.email = 99, "other-token", copy.email.upper()
    with pytest.raises(IntegrityError, match="one_active_registration_per_email"):
        with transaction.atomic():
            copy.save()


def test_refusals_of_the_event_itself_are_event_errors_not_registration_errors(make_event):
    """A view that handles a registration's refusal cannot swallow the event's, or the reverse."""
    event = make_event(capacity=2)
    register(event, 1)
    register(event, 2)
    refusals = [
        lambda: services.update_event(event_id=event.pk, data={"capacity": 1}),
        lambda: services.cancel_event(event_id=make_event(starts_at=timezone.now()).pk, reason="x"),
    ]
    for refusal in refusals:
        with pytest.raises(services.EventError) as refused:
            refusal()
        assert not isinstance(refused.value, services.RegistrationError)
        assert refused.value.field in {"capacity", "reason"}

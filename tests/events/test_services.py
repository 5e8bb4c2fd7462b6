from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.conftest import person
from wijkactie.accounts.models import Organisation, PartnerPeriod
from wijkactie.core.models import OutgoingEmail
from wijkactie.events import services
from wijkactie.events.models import Registration

Status = Registration.Status

# Real commits, so mails leave the outbox after commit as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


def register(event, n, *, organisation="Woonstichting De Linie", auto_confirm=False, **kw):
    (registration,) = services.register_for_event(
        event_id=event.pk,
        organisation_name=organisation,
        people=[person(n, **kw)],
        attends_all_parts=True,
        accepted_terms=True,
        auto_confirm=auto_confirm,
    )
    return registration


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
    assert [services.waitlist_position(r) for r in regs] == [None, None, 1, 2]
    assert services.count_seats(event) == services.Seats(2, 2, 0, 2)


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
    assert services.waitlist_position(third) == 1
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


def test_expired_offer_passes_to_next_person(make_event):
    event = make_event(capacity=1, offer_hours=24)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    services.cancel_registration(registration_id=first.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert services.expire_offers() == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.EXPIRED, Status.OFFERED)


def test_accepting_an_expired_offer_is_refused_and_passes_it_on(make_event):
    event = make_event(capacity=1, offer_hours=24)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    services.cancel_registration(registration_id=first.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        with pytest.raises(services.OfferNotAvailable):
            services.accept_offer(registration_id=second.pk)
    third.refresh_from_db()
    assert third.status == Status.OFFERED


def test_declined_offer_passes_on_and_accepted_offer_confirms(make_event):
    event = make_event(capacity=1)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    services.cancel_registration(registration_id=first.pk)
    services.decline_offer(registration_id=second.pk)
    services.accept_offer(registration_id=third.pk)
    assert statuses(event) == ["cancelled", "declined", "confirmed"]


def test_offers_shrink_as_the_event_nears(make_event):
    now = timezone.now()
    start = now + timedelta(hours=10)
    event = make_event(capacity=1, starts_at=start, ends_at=start + timedelta(hours=3))
    assert services.offer_deadline(event, now) == now + timedelta(hours=5)
    assert services.offer_deadline(event, start - timedelta(minutes=30)) == start


def test_no_promotion_after_registration_closes(make_event):
    event = make_event(capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    with time_machine.travel(event.starts_at + timedelta(minutes=1)):
        services.cancel_registration(registration_id=first.pk)
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
    assert (colleague.status, services.waitlist_position(colleague)) == (Status.WAITLISTED, 1)
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


def test_required_parts_and_terms_are_enforced(make_event):
    event = make_event()
    with pytest.raises(services.RegistrationError):
        services.register_for_event(
            event_id=event.pk,
            organisation_name="X",
            people=[person(1)],
            attends_all_parts=False,
            accepted_terms=True,
        )
    with pytest.raises(services.RegistrationError):
        services.register_for_event(
            event_id=event.pk,
            organisation_name="X",
            people=[person(1)],
            attends_all_parts=True,
            accepted_terms=False,
        )
    assert Registration.objects.count() == 0

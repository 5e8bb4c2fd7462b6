"""The seat counters on the event row: always equal to a recount of the registrations, whatever
mix of changes happened; a staff command checks and repairs; registering costs the same number of
queries however many people registered before."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.factories import BILLING_ADDRESS, person, register
from wijkactie.events import services
from wijkactie.events.models import Event, Registration
from wijkactie.events.queries import count_seats, last_arrival

Status = Registration.Status


def test_counters_equal_a_recount_after_any_mix_of_changes(make_event):
    class SeatChanges(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.event = make_event(capacity=1, offer_hours=48)
            self.other = make_event(capacity=1, offer_hours=48)  # where staff move people to
            self.n = 0

        def _active(self, statuses):
            return list(
                Registration.objects.filter(event=self.event, status__in=statuses).order_by("pk")
            )

        @rule(people=st.integers(1, 3), auto_confirm=st.booleans())
        def register(self, people, auto_confirm):
            start = self.n
            self.n += people
            services.register_for_event(
                event_id=self.event.pk,
                organisation_name="Woonstichting De Linie",
                people=[person(start + i, domain=f"e{self.event.pk}.test") for i in range(people)],
                attends_all_parts=True,
                accepted_terms=True,
                auto_confirm=auto_confirm,
                billing_address=BILLING_ADDRESS,
            )

        @precondition(lambda self: self._has(Registration.ACTIVE))
        @rule(pick=st.integers(0, 50))
        def cancel(self, pick):
            active = self._active(Registration.ACTIVE)
            if active:
                services.cancel_registration(registration_id=active[pick % len(active)].pk)

        def _has(self, statuses) -> bool:
            return Registration.objects.filter(event=self.event, status__in=statuses).exists()

        @precondition(lambda self: self._has([Status.OFFERED]))
        @rule(pick=st.integers(0, 50), accept=st.booleans())
        def answer_offer(self, pick, accept):
            offered = self._active([Status.OFFERED])
            if offered:
                chosen = offered[pick % len(offered)].pk
                if accept:
                    services.accept_offer(registration_id=chosen)
                else:
                    services.decline_offer(registration_id=chosen)

        @precondition(lambda self: self._has([Status.OFFERED]))
        @rule()
        def offers_expire(self):
            Registration.objects.filter(event=self.event, status=Status.OFFERED).update(
                offer_expires_at=timezone.now() - timedelta(minutes=1)
            )
            services.expire_offers()

        @rule(capacity=st.integers(0, 6))
        def change_capacity(self, capacity):
            try:
                services.update_event(event_id=self.event.pk, data={"capacity": capacity})
            except services.CapacityTooLow:
                pass

        @rule(pick=st.integers(0, 50))
        def transfer(self, pick):
            active = self._active(Registration.ACTIVE)
            if active:
                self.n += 1
                services.transfer_registration(
                    registration_id=active[pick % len(active)].pk,
                    person=person(self.n - 1, domain=f"e{self.event.pk}.test"),
                )

        @rule(pick=st.integers(0, 50), back=st.booleans())
        def move(self, pick, back):
            source, target = (self.other, self.event) if back else (self.event, self.other)
            active = list(
                Registration.objects.filter(event=source, status__in=Registration.ACTIVE).order_by(
                    "pk"
                )
            )
            if active:
                try:
                    services.move_registration(
                        registration_id=active[pick % len(active)].pk, to_event_id=target.pk
                    )
                except services.AlreadyRegistered:
                    pass  # moved there before and still active: refused, nothing changes

        @invariant()
        def counters_equal_a_recount(self):
            for event in Event.objects.filter(pk__in=[self.event.pk, self.other.pk]):
                assert event.seats == count_seats(event)
                assert event.arrivals == last_arrival(event)

    run_state_machine_as_test(
        SeatChanges,
        settings=settings(
            max_examples=40,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )


def test_a_stale_copy_of_the_event_cannot_turn_the_counters_back(make_event):
    event = make_event(capacity=5)
    stale = Event.objects.get(pk=event.pk)
    register(event, 1)
    stale.title = "Nieuwe titel"
    stale.save()
    event.refresh_from_db()
    assert (event.title, event.seats_confirmed, event.arrivals) == ("Nieuwe titel", 1, 1)


def test_staff_recount_finds_and_repairs_counters(make_event, capsys):
    event = make_event(capacity=1)
    register(event, 1)
    register(event, 2)
    call_command("recount_seats")
    assert "De plaatsen kloppen bij elke bijeenkomst." in capsys.readouterr().out
    Event.objects.filter(pk=event.pk).update(seats_confirmed=0, seats_waiting=7)
    with pytest.raises(SystemExit):
        call_command("recount_seats")
    assert f"{event.slug}: opgeslagen 0/0/7" in capsys.readouterr().out
    call_command("recount_seats", "--repair")
    event.refresh_from_db()
    assert (event.seats_confirmed, event.seats_waiting) == (1, 1)


def test_registering_costs_the_same_queries_however_many_registered_before(make_event):
    event = make_event(capacity=1)
    register(event, 0)  # the seat is taken: everyone after this waits, on the same path

    def queries_for(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            register(event, n)
        return len(captured.captured_queries)

    first = [queries_for(n) for n in range(1, 4)]
    for n in range(4, 200):
        register(event, n)
    assert first[0] == first[-1] == queries_for(500)

"""Real concurrent connections to a real PostgreSQL: the lock, not luck, keeps seats exact."""

import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from tests.factories import register, requires_postgres
from wijkactie.core.models import OutgoingEmail
from wijkactie.events import services
from wijkactie.events.models import Registration, Seats
from wijkactie.events.queries import count_seats, waitlist_position

pytestmark = [
    pytest.mark.postgres,
    requires_postgres(),
    pytest.mark.django_db(transaction=True),
]
Status = Registration.Status


def run_concurrently(fn, args, *, workers: int):
    """Run fn(arg) for every arg on `workers` threads, all released together; each thread uses
    (and closes) its own database connection."""
    barrier = threading.Barrier(min(workers, len(args)))

    def call(arg):
        try:
            if len(args) <= workers:
                barrier.wait()
            return fn(arg)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, args))


def register_one(event, n):
    try:
        registration = register(event, n, organisation=f"Corporatie {n % 7}")
    except services.AlreadyRegistered:
        return None
    return registration.pk, registration.status, waitlist_position(registration)


def confirmed_pks(event) -> list[int]:
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    return list(confirmed.values_list("pk", flat=True))


def test_500_simultaneous_registrations_for_100_seats(make_event):
    event = make_event(capacity=100)
    results = run_concurrently(lambda n: register_one(event, n), list(range(500)), workers=60)

    assert len(results) == 500 and None not in results
    rows = list(Registration.objects.filter(event=event).order_by("arrival"))
    assert len(rows) == 500
    assert [r.status for r in rows] == ["confirmed"] * 100 + ["waitlisted"] * 400
    assert [r.arrival for r in rows] == list(range(1, 501))
    assert [r.created_at for r in rows] == sorted(r.created_at for r in rows)
    assert len({r.email.lower() for r in rows}) == 500
    # What each caller was told is what the database holds.
    told = {pk: (status, position) for pk, status, position in results}
    waiting = [r for r in rows if r.status == Status.WAITLISTED]
    assert [told[r.pk] for r in waiting] == [("waitlisted", p) for p in range(1, 401)]
    assert sorted(p for _, s, p in results if s == "waitlisted") == list(range(1, 401))
    assert OutgoingEmail.objects.count() == 500
    assert len(mail.outbox) == 500


def test_five_identical_submissions_give_one_registration_and_one_mail(make_event):
    event = make_event(capacity=10)
    body = json.dumps(
        {
            "first_name": "Sanne",
            "last_name": "de Wit",
            "email": "sanne.dewit@linie.test",
            "organisation": "Woonstichting De Linie",
            "role": "huismeester",
            "attends_all_parts": True,
            "accept_terms": True,
            "billing_address": "Postbus 12, 1000 AA Amsterdam",
        }
    )

    def submit(_):
        return (
            Client()
            .post(
                f"/api/v1/events/{event.slug}/registrations", body, content_type="application/json"
            )
            .status_code
        )

    codes = run_concurrently(submit, list(range(5)), workers=5)

    assert sorted(codes) == [201, 409, 409, 409, 409]
    assert Registration.objects.filter(event=event).count() == 1
    assert OutgoingEmail.objects.filter(to="sanne.dewit@linie.test").count() == 1
    assert [m.to for m in mail.outbox] == [["sanne.dewit@linie.test"]]


def test_racing_cancellations_promote_exactly_the_first_waiting(make_event):
    event = make_event(capacity=100)
    for n in range(160):
        register_one(event, n)
    confirmed = confirmed_pks(event)
    leaving = random.Random(7).sample(confirmed, 20)

    run_concurrently(
        lambda pk: services.cancel_registration(registration_id=pk), leaving, workers=20
    )

    waiting_order = list(
        Registration.objects.filter(event=event, arrival__gt=100).order_by("arrival")
    )
    assert [r.status for r in waiting_order] == ["offered"] * 20 + ["waitlisted"] * 40
    assert count_seats(event) == Seats(100, 80, 20, 40)


def test_racing_offers_and_new_registrations_never_overbook(make_event):
    event = make_event(capacity=30)
    for n in range(50):
        register_one(event, n)
    confirmed = confirmed_pks(event)

    def act(item):
        kind, value = item
        if kind == "cancel":
            services.cancel_registration(registration_id=value)
        else:
            register_one(event, value)

    work = [("cancel", pk) for pk in confirmed[:10]] + [("new", n) for n in range(100, 130)]
    random.Random(3).shuffle(work)
    run_concurrently(act, work, workers=40)

    seats = count_seats(event)
    assert seats.taken == 30
    first_waiting = list(
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .exclude(status=Status.CONFIRMED)
        .order_by("arrival")
    )
    # Offers went to the earliest arrivals; everyone after them still waits.
    assert [r.status for r in first_waiting][:10] == ["offered"] * 10
    assert all(r.status == "waitlisted" for r in first_waiting[10:])

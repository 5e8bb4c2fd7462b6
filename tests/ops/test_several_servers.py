"""Two app servers and two workers on one PostgreSQL, as docs/deploy.md describes (issue 8).

A burst of registrations goes through both servers; one worker is killed while it sends; at the
end the seats are exact and every mail reached the SMTP server under its one Message-ID.
"""

import json
import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from tests.factories import requires_postgres
from tests.ops.conftest import free_port, process_env, wait_for
from wijkactie.core.models import OutgoingEmail, WorkerHeartbeat
from wijkactie.core.sending import UNCERTAIN_HANDOVER, send_due_emails
from wijkactie.events.models import Registration

pytestmark = [pytest.mark.postgres, requires_postgres(), pytest.mark.django_db(transaction=True)]

PEOPLE = 60
SEATS = 20


def post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_servers_two_workers_one_killed_mid_send(make_event, inbox, processes, settings):
    event = make_event(capacity=SEATS, price_excl_vat=0)
    env = process_env(inbox.port, WIJKACTIE_SIGNIN_CHECK_RATE="5/h")
    ports = [free_port(), free_port()]
    for port in ports:
        processes.gunicorn(env, port)
    first = processes.worker(env, "--interval", "0.2")
    processes.worker(env, "--interval", "0.2")

    def register(n: int) -> int:
        port = ports[n % 2]
        return post_json(
            f"http://127.0.0.1:{port}/api/v1/events/{event.slug}/registrations",
            {
                "first_name": f"Deelnemer{n}",
                "last_name": "Test",
                "email": f"deelnemer{n}@corporatie{n % 5}.test",
                "organisation": f"Corporatie {n % 5}",
                "role": "gebiedsconsulent",
                "attends_all_parts": True,
                "accept_terms": True,
            },
        )

    # The SMTP server is slow, so the first worker is surely mid-send when it is killed.
    killed = []

    def slow_then_kill(received: int):
        time.sleep(0.05)
        if received == 10 and not killed:
            first.send_signal(signal.SIGKILL)
            killed.append(received)

    inbox.on_data = slow_then_kill
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(register, range(PEOPLE)))
    assert statuses == [201] * PEOPLE

    def settled() -> bool:
        return (
            not OutgoingEmail.objects.filter(
                status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.RETRY]
            ).exists()
            and not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).exists()
        )

    wait_for(settled, what="every mail handed over", timeout=120, every=0.5)
    assert killed, "the first worker was never killed"
    assert first.poll() == -signal.SIGKILL
    # Rate limits count across every process of both servers (the shared database cache).
    guesses = [
        get(f"http://127.0.0.1:{ports[n % 2]}/account/inloggen/MQ/gok-{n}/") for n in range(8)
    ]
    assert guesses == [400] * 6 + [429] * 2
    # The surviving worker keeps /readyz green on both servers.
    assert [get(f"http://127.0.0.1:{port}/readyz") for port in ports] == [200, 200]

    # A mail the killed worker had handed over waits for the long recovery, same Message-ID.
    inbox.on_data = None
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
        }
    }
    with time_machine.travel(timezone.now() + UNCERTAIN_HANDOVER + timedelta(minutes=1)):
        send_due_emails()

    statuses = Registration.objects.filter(event=event).values_list("status", flat=True)
    assert sorted(set(statuses)) == ["confirmed", "waitlisted"]
    assert list(statuses).count("confirmed") == SEATS
    rows = list(OutgoingEmail.objects.values_list("message_id", "status"))
    assert len(rows) == PEOPLE
    assert {status for _, status in rows} == {OutgoingEmail.Status.SENT}
    # Every mail arrived, and any second copy carries the same Message-ID.
    assert set(inbox.message_ids()) == {message_id for message_id, _ in rows}
    assert len(inbox.message_ids()) - len(rows) <= 1


def test_the_worker_survives_a_database_outage(processes):
    """Finding: a 12 s PostgreSQL outage killed both workers for good."""
    db = connection.settings_dict
    name = db["NAME"]
    worker = processes.worker(process_env(), "--interval", "0.2")
    wait_for(lambda: WorkerHeartbeat.objects.exists(), what="a first heartbeat")
    # From the maintenance database: nobody may connect, and the worker's connections are cut.
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    )
    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
        [name, connection.connection.info.backend_pid],
    )
    try:
        time.sleep(3)
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()
    back = timezone.now()
    wait_for(
        lambda: WorkerHeartbeat.objects.filter(beat_at__gt=back).exists(),
        what="a heartbeat after the outage",
        timeout=90,
    )
    assert worker.poll() is None

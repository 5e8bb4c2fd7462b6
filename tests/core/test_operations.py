"""What an operator and an attacker found (issue 8): sign-in guessing, anonymisation, imports
that cannot hang, a worker that does not stop, SQLite by URL (secrets: test_production.py)."""

import io
import re
import threading
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.tasks import task_backends
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import register, requires_postgres
from tests.xlsx import xlsx_claiming
from wijkactie.core import jobs
from wijkactie.core.models import OutgoingEmail, WorkerHeartbeat
from wijkactie.core.sending import send_due_emails
from wijkactie.core.services import prune_task_results
from wijkactie.core.tasks import send_email_task
from wijkactie.events.models import Registration
from wijkactie.initiatives.imports import check_file
from wijkactie.site.management.commands import worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    settings.WIJKACTIE_SIGNIN_CHECK_RATE = "5/h"
    cache.clear()
    yield
    cache.clear()


def test_guessing_sign_in_links_is_rate_limited(client, limited, make_professional):
    """Finding: 150 guesses at the sign-in link check in 1.1 s."""
    answers = [client.get(f"/account/inloggen/MQ/guess-{n}/").status_code for n in range(8)]
    assert answers == [400] * 6 + [429] * 2


def test_the_limit_is_per_client_behind_a_trusted_proxy(client, limited, settings):
    settings.WIJKACTIE_TRUSTED_PROXIES = 1
    for n in range(6):
        client.get(f"/account/inloggen/MQ/x{n}/", headers={"X-Forwarded-For": "203.0.113.7"})
    blocked = client.get("/account/inloggen/MQ/y/", headers={"X-Forwarded-For": "203.0.113.7"})
    # The client cannot escape by writing its own address in front: the proxy's entry counts.
    spoofed = client.get(
        "/account/inloggen/MQ/y/", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}
    )
    other = client.get("/account/inloggen/MQ/y/", headers={"X-Forwarded-For": "198.51.100.9"})
    assert (blocked.status_code, spoofed.status_code, other.status_code) == (429, 429, 400)


def test_guessing_join_codes_is_rate_limited(client, limited):
    """Finding: GET /g/?code= was not limited (join codes have about 30 bits)."""
    answers = [client.get("/g/", {"code": f"ZZZZZ{n}"}).status_code for n in range(7)]
    assert answers[-1] == 429
    assert client.get("/g/ABCDEF/").status_code == 429


def test_erasing_a_person_frees_the_seat_and_closes_the_link(client, make_event, partner):
    """Finding: anonymised registrations kept a predictable working link and their seat."""
    event = make_event(capacity=1)
    seated = register(event, 1)
    waiting = register(event, 2)
    old_token = seated.manage_token
    call_command("personal_data", seated.email, "--erase", "--yes", stdout=io.StringIO())
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == "cancelled" and seated.anonymised_at is not None
    assert waiting.status == "offered"  # the seat went to the queue
    assert not re.fullmatch(r"geanonimiseerd-\d+", seated.manage_token)
    assert len(seated.manage_token) > 40
    for token in (old_token, seated.manage_token, f"geanonimiseerd-{seated.pk}"):
        assert client.get(f"/aanmelding/{token}/").status_code == 404
        assert client.post(f"/api/v1/registrations/{token}/cancel").status_code == 404


def test_retention_gives_anonymised_registrations_random_links(make_event, partner):
    from wijkactie.events.retention import purge_registrations  # noqa: PLC0415

    event = make_event(capacity=2)
    first, second = register(event, 1), register(event, 2)
    with time_machine.travel(event.ends_at + timedelta(days=400)):
        purge_registrations()
    tokens = set(Registration.objects.values_list("manage_token", flat=True))
    assert len(tokens) == 2
    assert not tokens & {f"geanonimiseerd-{first.pk}", f"geanonimiseerd-{second.pk}"}


def test_an_xlsx_that_claims_a_huge_sheet_is_read_as_it_is(themes):
    """Finding: a 4.7 kB XLSX whose <dimension> claims A1:XFD1048576 held a worker ~10 min."""
    content = xlsx_claiming("A1:XFD1048576")
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    from wijkactie.initiatives import imports  # noqa: PLC0415

    rows, problem = imports._cells("lijst.xlsx", content)
    header, first = next(rows), next(rows)
    # Rows are as wide as the header, not 16,384 cells; and they end where the data ends.
    assert (header, first, problem) == (["naam", "fase"], ["Speeltuin", "2"], "")
    assert next(rows, None) is None
    checked = check_file("lijst.xlsx", content)
    assert (checked.total, checked.errors) == (1, [])


def test_an_import_has_a_row_limit(themes, settings):
    settings.WIJKACTIE_IMPORT_MAX_ROWS = 3
    content = "naam;fase\n" + "".join(f"Initiatief {n};2\n" for n in range(4))
    assert "meer dan 3 rijen" in check_file("lijst.csv", content.encode())
    assert check_file("lijst.csv", content.encode()[: content.index("Initiatief 3")]).total == 3


def test_an_upload_has_a_size_limit(fleur_client, settings):
    settings.WIJKACTIE_IMPORT_MAX_BYTES = 1024
    upload = io.BytesIO(b"naam;fase\n" + b"x;1\n" * 500)
    upload.name = "groot.csv"
    response = fleur_client.post("/initiatieven/importeren/", {"file": upload})
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()


def test_sqlite_by_url_keeps_wal_immediate_and_the_timeout(monkeypatch):
    """Finding: DATABASE_URL=sqlite:///… lost IMMEDIATE, WAL and the timeout (260 of 300 500s)."""
    from wijkactie import settings as wijkactie_settings  # noqa: PLC0415

    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/wijkactie-url.sqlite3")
    options = wijkactie_settings._database()["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]


def failing_step():
    raise RuntimeError("kapot")


@pytest.mark.django_db(transaction=True)
def test_a_failing_step_does_not_stop_the_worker(monkeypatch, make_event, partner):
    """Finding: the worker exited on any exception and nothing restarted it."""
    event = make_event(capacity=2)
    register(event, 1)
    OutgoingEmail.objects.update(status="retry", next_attempt_at=timezone.now())
    registry = {"broken": jobs.Job("broken", failing_step), **jobs._registry}
    monkeypatch.setattr(jobs, "_registry", registry)
    command = worker.Command()
    assert command.round() is True
    assert OutgoingEmail.objects.get().status == "sent"  # the steps after it still ran
    beat = WorkerHeartbeat.objects.get()
    assert "broken: RuntimeError: kapot" in beat.last_error


def database_away():
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_is_reported_and_survived(monkeypatch):
    monkeypatch.setattr(jobs, "_registry", {"mail": jobs.Job("mail", database_away)})
    command = worker.Command()
    assert command.round() is False  # the loop backs off, and goes on
    monkeypatch.setattr(jobs, "_registry", {})
    assert command.round() is True


@pytest.mark.django_db(transaction=True)  # the worker closes connections as a process does
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    WIJKACTIE_MAIL_TASK_ON_COMMIT=False,
)
def test_the_worker_runs_the_database_task_queue(
    make_event, partner, django_capture_on_commit_callbacks
):
    """Finding: the worker never ran django-tasks-db's queue (1,022 rows stayed READY).
    A registration's mail needs no task row with that queue: the worker's round sends the
    outbox (one write transaction less per mail)."""
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, 1)
    assert not DBTaskResult.objects.exists()
    assert send_due_emails() == 1
    register(event, 2)
    send_email_task.enqueue(email_id=OutgoingEmail.objects.get(to__startswith="deelnemer2").pk)
    assert DBTaskResult.objects.ready().count() == 1
    worker.Command().run_queue()
    assert DBTaskResult.objects.ready().count() == 0
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    # Finished rows do not pile up: a week later the hourly step removes them.
    assert prune_task_results() == 0
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert prune_task_results() == 1
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes connections as a process does
def test_readyz_reports_a_stale_worker(client):
    """Finding: /healthz kept answering 200 while both workers were dead."""
    assert client.get("/readyz").status_code == 503
    worker.Command().round()
    assert client.get("/readyz").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"worker stale")
    assert client.get("/healthz").status_code == 200


def test_a_seat_held_by_an_erased_person_is_credited(make_event):
    """A paid seat whose person is erased: cancelled first, so the worker credits the invoice."""
    from wijkactie.invoices.models import Invoice  # noqa: PLC0415
    from wijkactie.invoices.services import issue_due_invoices  # noqa: PLC0415

    event = make_event(capacity=2)
    paying = register(event, 1, organisation="Andere Corporatie", domain="andere.test")
    assert issue_due_invoices() == 1
    call_command("personal_data", paying.email, "--erase", "--yes", stdout=io.StringIO())
    assert issue_due_invoices() == 1
    assert list(Invoice.objects.order_by("sequence").values_list("kind", flat=True)) == [
        Invoice.Kind.INVOICE,
        Invoice.Kind.CREDIT,
    ]
    assert Registration.objects.get(pk=paying.pk).status == "cancelled"


def test_every_app_registers_its_jobs():
    names = [job.name for job in jobs.registered()]
    for name in ("mail", "offers", "scheduled mails", "invoices", "geocoding", "imports"):
        assert name in names
    assert {"retention registrations", "task results"} <= {
        job.name for job in jobs.registered() if job.every == jobs.HOURLY
    }


@pytest.mark.django_db(transaction=True)  # the worker closes connections as a process does
def test_an_hourly_job_runs_once_an_hour_however_many_workers(monkeypatch):
    """Issue 21: "hourly" meant once per worker process, so N workers ran it N times an hour."""
    ran = []
    monkeypatch.setattr(jobs, "_registry", {})
    jobs.register("each round", lambda: ran.append("round"))
    jobs.register("hourly", lambda: ran.append("hourly"), every=jobs.HOURLY)
    first, second = worker.Command(), worker.Command()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first.round()
        second.round()
        assert (ran.count("round"), ran.count("hourly")) == (2, 1)
        clock.shift(timedelta(minutes=59))
        second.round()
        first.round()
        assert (ran.count("round"), ran.count("hourly")) == (4, 1)
        clock.shift(timedelta(minutes=1))
        second.round()
        first.round()
        assert (ran.count("round"), ran.count("hourly")) == (6, 2)


@requires_postgres()
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # eight threads, eight connections
def test_of_workers_racing_for_an_hourly_job_exactly_one_wins():
    job = jobs.Job("race", lambda: None, every=jobs.HOURLY)
    start, won = threading.Barrier(8), []

    def worker_thread():
        try:
            start.wait()
            won.append(jobs.claim(job))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker_thread) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 7 + [True]

import logging
import os
import socket
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.tasks import task_backends
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from wijkactie.actie.retention import purge_actie_data
from wijkactie.core.checks import refuse_without_secret_key
from wijkactie.core.models import WorkerHeartbeat
from wijkactie.core.services import send_due_emails
from wijkactie.events.reminders import send_final_programmes
from wijkactie.events.retention import purge_personal_data
from wijkactie.events.services import expire_offers
from wijkactie.initiatives.inventory import check_waiting_imports
from wijkactie.initiatives.retention import purge_initiatives_data
from wijkactie.initiatives.services import geocode_pending
from wijkactie.invoices.services import issue_due_invoices

PURGE_EVERY = 3600  # seconds
MAX_BACKOFF = 60.0  # seconds between tries while the database is away
TASK_RESULTS_KEPT = timedelta(days=7)

logger = logging.getLogger(__name__)


def prune_task_results() -> int:
    """Finished rows of the task queue go after a week, so the table does not grow forever."""
    now = timezone.now()
    deleted, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lte=now - TASK_RESULTS_KEPT).delete()
    )
    WorkerHeartbeat.objects.filter(beat_at__lte=now - timedelta(days=1)).delete()
    return deleted


# What the worker does every round, and every hour; each step returns how much it did.
STEPS = [
    ("offers", expire_offers),
    ("mail", send_due_emails),
    # A few at a time: PDOK's fair use asks for a gentle pace.
    ("geocoding", lambda: geocode_pending(limit=5)),
    ("final programmes", send_final_programmes),
    ("invoices", issue_due_invoices),
    ("imports", check_waiting_imports),
]
HOURLY_STEPS = [
    ("retention registrations", purge_personal_data),
    ("retention actie", purge_actie_data),
    ("retention initiatives", purge_initiatives_data),
    ("task results", prune_task_results),
]


class Command(BaseCommand):
    help = (
        "The background worker: runs queued tasks (django-tasks-db) and, every interval, sends "
        "mails that are due for a (re)try, passes expired waiting-list offers on, mails the final "
        "programme a week ahead, issues invoices and credit invoices, and geocodes initiatives "
        "that waited for PDOK; every hour it deletes or anonymises personal data past its "
        "retention period. A failing step is logged and the next one runs; while the database is "
        "away the worker waits longer each time and carries on when it is back. Every round it "
        "writes a heartbeat that /readyz reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument("--once", action="store_true", help="One round, then stop.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker_id = get_random_string(32)
        self.started_at = timezone.now()
        self.last_purge = None

    def handle(self, *args, interval: float, once: bool, **options):
        refuse_without_secret_key()
        backoff = interval
        while True:
            healthy = self.round()
            if once:
                return
            # Wait longer after each round that found the database away, up to a minute.
            backoff = interval if healthy else min(max(backoff, 1.0) * 2, MAX_BACKOFF)
            time.sleep(backoff)

    def round(self) -> bool:
        """Run every step once; returns False when the database could not be reached."""
        close_old_connections()
        steps = [("tasks", self.run_queue), *STEPS]
        if self.last_purge is None or time.monotonic() - self.last_purge >= PURGE_EVERY:
            steps += HOURLY_STEPS
            self.last_purge = time.monotonic()
        errors = []
        database_away = False
        for name, step in steps:
            try:
                done = step()
            except (OperationalError, InterfaceError) as exc:
                database_away = True
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                logger.warning("worker: database unavailable during %s: %s", name, exc)
                close_old_connections()
                break  # the other steps need the database too; try again next round
            except Exception as exc:  # one failing step must not stop the others
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                logger.exception("worker: step %s failed", name)
            else:
                if done:
                    logger.info("worker: %s: %s", name, done)
        self.beat("\n".join(errors))
        return not database_away

    def run_queue(self) -> int:
        if not isinstance(task_backends["default"], DatabaseBackend):
            return 0
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=200,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        ).run()
        return 0

    def beat(self, error: str) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": self.started_at,
                    "beat_at": timezone.now(),
                    "last_error": error[:2000],
                },
            )
        except DatabaseError:
            logger.warning("worker: could not write the heartbeat")
            close_old_connections()

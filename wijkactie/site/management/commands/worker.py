import logging
import os
import socket
import time
from functools import partial

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.tasks import task_backends
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db import DatabaseBackend

from wijkactie.core import jobs
from wijkactie.core.checks import refuse_without_secret_key
from wijkactie.core.models import WorkerHeartbeat

MAX_BACKOFF = 60.0  # seconds between tries while the database is away

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "The background worker: runs queued tasks (django-tasks-db) and the periodic jobs the "
        "apps registered (core.jobs: mail due for a (re)try, expired offers, final programmes, "
        "invoices, geocoding, imports; once an hour for all workers together, the retention of "
        "personal data). A failing job is "
        "logged and the next one runs; while the database is away the worker waits longer each "
        "time and carries on when it is back. Every round it writes a heartbeat that /readyz reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument("--once", action="store_true", help="One round, then stop.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker_id = get_random_string(32)
        self.started_at = timezone.now()

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
        steps = [("tasks", self.run_queue)]
        steps += [(job.name, partial(self.run_job, job)) for job in jobs.registered()]
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

    @staticmethod
    def run_job(job: jobs.Job) -> int | None:
        """The job, when its interval has passed since any worker last started it."""
        return job.run() if jobs.claim(job) else None

    def run_queue(self) -> int:
        """The queued tasks, through django-tasks-db's own command: all that are ready, then back."""
        if not isinstance(task_backends["default"], DatabaseBackend):
            return 0
        call_command(
            "db_worker",
            queue_name="*",
            batch=True,
            interval=0,
            max_tasks=200,
            worker_id=self.worker_id,
            startup_delay=False,
            reload=False,
            verbosity=1,
        )
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

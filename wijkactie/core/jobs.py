"""Periodic jobs: each app registers its own, the worker runs what is registered.

After pretalx's `periodic_task` with a minimum interval: an app's `ready()` calls `register()`
for each job it owns (sending mail, passing offers on, invoicing, retention …). The worker knows
no app; it runs every registered job whose interval has passed, one after the other, and a job
that fails is logged without stopping the others. A job returns how much it did (for the log).

The interval is the site's, not a worker's: `claim()` records a job's start in the database, so
with three workers an hourly job still runs once an hour (one worker wins each hour). Jobs of
every round are safe to run side by side (each takes its own locks) and are not recorded.

    from wijkactie.core import jobs
    jobs.register("invoices", issue_due_invoices)                  # every round
    jobs.register("retention", purge_old_data, every=jobs.HOURLY)  # at most once an hour
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

EVERY_ROUND = timedelta(0)
HOURLY = timedelta(hours=1)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], int | None]
    every: timedelta = EVERY_ROUND


_registry: dict[str, Job] = {}


def register(name: str, run: Callable[[], int | None], *, every: timedelta = EVERY_ROUND) -> None:
    """Add a job (registering the same name again replaces it, so a reload is harmless)."""
    _registry[name] = Job(name, run, every)


def registered() -> list[Job]:
    """The jobs in the order they were registered (the apps' order in INSTALLED_APPS)."""
    return list(_registry.values())


NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def claim(job: Job) -> bool:
    """True when `job` is due and this caller is the one to run it now: an atomic compare-and-set
    on its JobRun row (one UPDATE; on PostgreSQL and SQLite only one of two callers racing for the
    same hour sees its row changed)."""
    from wijkactie.core.models import JobRun  # noqa: PLC0415 - the registry loads before models

    if not job.every:
        return True
    now = timezone.now()
    JobRun.objects.get_or_create(name=job.name, defaults={"started_at": NEVER})
    due = JobRun.objects.filter(name=job.name, started_at__lte=now - job.every)
    return due.update(started_at=now) == 1

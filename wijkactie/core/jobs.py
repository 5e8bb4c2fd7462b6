"""Periodic jobs: each app registers its own, the worker runs what is registered.

After pretalx's `periodic_task` with a minimum interval: an app's `ready()` calls `register()`
for each job it owns (sending mail, passing offers on, invoicing, retention …). The worker knows
no app; it runs every registered job whose interval has passed, one after the other, and a job
that fails is logged without stopping the others. A job returns how much it did (for the log).

    from wijkactie.core import jobs
    jobs.register("invoices", issue_due_invoices)                  # every round
    jobs.register("retention", purge_old_data, every=jobs.HOURLY)  # at most once an hour
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

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

"""What a registration does while it holds the event's lock: statements and template renders
inside the capacity service's transaction, and after it (the mail, rendered by the sender).

    .venv/bin/python bench/locked_work.py

Counts, not timings: they are the same on every machine. Run it on two commits to compare.
"""

import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inprocess import start  # noqa: E402

start()

from django.db import connection  # noqa: E402
from django.template import Template  # noqa: E402
from django.utils import timezone  # noqa: E402

from wijkactie.events import services  # noqa: E402
from wijkactie.events.models import Event  # noqa: E402

work: list[tuple[str, bool]] = []
render = Template.render


def counting_render(self, context=None):
    work.append(("render", connection.in_atomic_block))
    return render(self, context)


def counting_execute(execute, sql, params, many, context):
    work.append(("sql", connection.in_atomic_block))
    return execute(sql, params, many, context)


Template.render = counting_render
begin = timezone.now() + timedelta(days=30)
event = Event.objects.create(
    slug=f"bench-{time.time_ns()}",
    title="Bench",
    starts_at=begin,
    ends_at=begin + timedelta(hours=4),
    location_kind="online",
    capacity=1000,
    price_excl_vat=Decimal("125"),
    is_published=True,
)


def register(n: int) -> None:
    person = services.Person(
        first_name="Bench",
        name_prefix="",
        last_name=f"{n}",
        email=f"p{n}@linie.test",
        role="anders",
    )
    services.register_for_event(
        event_id=event.pk,
        organisation_name="Woonstichting Bench",
        people=[person],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address="Postbus 1",
    )


register(0)  # warm caches
work.clear()
with connection.execute_wrapper(counting_execute):
    register(1)
for kind in ("sql", "render"):
    inside = sum(1 for k, locked in work if k == kind and locked)
    after = sum(1 for k, locked in work if k == kind and not locked)
    print(f"{kind:6}  inside the locked transaction: {inside:3}   after it: {after:3}")

"""Helpers that make test data through the services, for any test to import (the fixtures are in
tests/conftest.py, which imports these too)."""

from datetime import time

import pytest
from django.db import connection

from wijkactie.events import services
from wijkactie.events.models import ProgrammePart
from wijkactie.events.services import Person

STAFF_PASSWORD = "een-lang-wachtwoord-2026"  # noqa: S105 - the test accounts' password


def add_parts(event, *names, kind=ProgrammePart.Kind.SESSION):
    """Programme parts named `names`, two hours apart from 10.00."""
    for position, name in enumerate(names):
        ProgrammePart.objects.create(
            event=event,
            position=position,
            starts_at=time(10 + 2 * position),
            ends_at=time(11 + 2 * position),
            kind=kind,
            label=name,
        )


def person(n: int, domain: str = "linie.test", **fields) -> Person:
    values = {
        "first_name": f"Deelnemer{n}",
        "name_prefix": "",
        "last_name": f"Achternaam{n}",
        "email": f"deelnemer{n}@{domain}",
        "role": "gebiedsconsulent",
    }
    values.update(fields)
    return Person(**values)


BILLING_ADDRESS = "Postbus 12, 1000 AA Amsterdam"


def register(
    event, n, *, organisation="Woonstichting De Linie", auto_confirm=False, **person_fields
):
    """Register person `n` alone through the capacity service; returns the registration."""
    (registration,) = services.register_for_event(
        event_id=event.pk,
        organisation_name=organisation,
        people=[person(n, **person_fields)],
        attends_all_parts=True,
        accepted_terms=True,
        auto_confirm=auto_confirm,
        billing_address=BILLING_ADDRESS,
    )
    return registration


def register_with_private_address(event, partner, n=1):
    """A partner's name typed with a gmail address: the registration waits for staff."""
    (registration,) = services.register_for_event(
        event_id=event.pk,
        organisation_name=partner.name,
        people=[person(n, domain="gmail.com")],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
    )
    return registration


def requires_postgres():
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (the PostgreSQL pass of ./test)"
    )

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone, translation

from tests.pdok import pdok_stand_in
from wijkactie.accounts.models import (
    Organisation,
    OrganisationDomain,
    PartnerPeriod,
    Professional,
    Verification,
)
from wijkactie.events import services
from wijkactie.events.models import Event, ProgrammePart
from wijkactie.events.services import Person


@pytest.fixture(autouse=True)
def _dutch_first():
    """Every test starts in Dutch, whatever language an earlier test's request left active."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.WIJKACTIE_PUBLIC_RATE_LIMIT = "0"


@pytest.fixture(autouse=True)
def _pages_read_fresh(settings):
    """Tests see every change at once; the one-second reuse of served pages has its own test
    (tests/events/test_pagecache.py)."""
    settings.WIJKACTIE_PAGE_FRESH_SECONDS = 0


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Uploaded materials go to the test's own directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "bestanden"


@pytest.fixture
def make_event(db):
    counter = iter(range(1, 10_000))

    def make(**fields) -> Event:
        n = next(counter)
        start = timezone.now() + timedelta(days=30)
        values = {
            "slug": f"bijeenkomst-{n}",
            "title": f"Bijeenkomst {n}",
            "starts_at": start,
            "ends_at": start + timedelta(hours=4),
            "location_kind": Event.LocationKind.ONLINE,
            "online_platform": "Microsoft Teams",
            "capacity": 3,
            "price_excl_vat": Decimal("125.00"),
            "contact_email": "team@wijkactie.test",
            "is_published": True,
        }
        values.update(fields)
        return Event.objects.create(**values)

    return make


@pytest.fixture
def partner(db) -> Organisation:
    organisation = Organisation.objects.create(name="Woonstichting De Linie", kind="corporatie")
    PartnerPeriod.objects.create(
        organisation=organisation, starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31)
    )
    OrganisationDomain.objects.create(organisation=organisation, domain="linie.test")
    return organisation


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


@pytest.fixture
def make_professional(db):
    """A professional; a confirmed member of the organisation unless `member=False`."""

    def make(
        email="fleur@linie.test",
        name="Fleur de Vries",
        organisation="Woonstichting De Linie",
        member=True,
    ):
        org, _ = Organisation.objects.get_or_create(name=organisation)
        user = get_user_model().objects.create_user(username=email, email=email)
        Professional.objects.create(
            user=user,
            organisation=org,
            name=name,
            verified_by=Verification.STAFF if member else "",
            verified_at=timezone.now() if member else None,
        )
        return user

    return make


@pytest.fixture
def fleur(make_professional):
    return make_professional()


@pytest.fixture
def fleur_client(client, fleur):
    client.force_login(fleur)
    return client


@pytest.fixture
def themes(db):
    """Tests with transaction=True flush the migration's themes; put them back."""
    from wijkactie.initiatives.themes import ensure_default_themes

    ensure_default_themes()


@pytest.fixture
def pdok(settings):
    """A local stand-in for PDOK Locatieserver (see tests/pdok.py)."""
    yield from pdok_stand_in(settings)


@pytest.fixture
def session(make_event):
    """Yesterday's online session with four confirmed people (tests/followup/reports.py)."""
    from tests.followup.reports import yesterday_session  # noqa: PLC0415 - imports this module

    return yesterday_session(make_event)


@pytest.fixture
def on_location(make_event):
    """A session on location with three confirmed people (tests/followup/reports.py)."""
    from tests.followup.reports import session_on_location  # noqa: PLC0415

    return session_on_location(make_event)

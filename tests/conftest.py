from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from tests.factories import STAFF_PASSWORD
from tests.pdok import pdok_stand_in
from wijkactie.accounts.models import (
    Organisation,
    OrganisationDomain,
    PartnerPeriod,
    Professional,
    Verification,
)
from wijkactie.events.models import Event, Programme


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
def programme(db) -> Programme:
    return Programme.objects.create(name="Werken aan leefbare wijken", slug="wijken")


@pytest.fixture
def organiser(programme, django_user_model):
    """Noor, an organiser of `programme` (programme staff, no administrator)."""
    user = django_user_model.objects.create_user(
        "noor@wijkactie.test", "noor@wijkactie.test", STAFF_PASSWORD, is_staff=True
    )
    programme.organisers.add(user)
    return user


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

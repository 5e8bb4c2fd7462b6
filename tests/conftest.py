import io
import logging
import os
from datetime import date, timedelta
from decimal import Decimal

import hypothesis
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

# CI searches the same examples every run (a landing neither fails nor passes by luck) and
# without deadlines (a loaded machine is not a slow program); a developer's run keeps exploring.
hypothesis.settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def _quick_passwords():
    """Passwords made in tests are hashed with MD5: PBKDF2's 1.2 million rounds cost a third of
    a second per user, in a hundred tests. The production hashers stay listed after it, so
    passwords from a process with the real settings still check here; the reverse does not
    hold: a user given a password in a test cannot sign in to a gunicorn started with the real
    settings (tests/ops), so such a test signs in by other means."""
    from django.conf import settings  # noqa: PLC0415
    from django.test import override_settings  # noqa: PLC0415

    quick = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=quick):
        yield


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
def _files_in_tmp(request, settings, tmp_path):
    """Uploaded materials go to the test's own directory, never to var/ (the demo's files are
    in the demo's own directory, see `demo`)."""
    if "demo" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "bestanden"


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data of ./run, loaded once per test process inside a transaction that is rolled
    back when the process ends. Each test that uses it runs in a savepoint of that transaction
    (pytest-django's `db`), so it sees the demo fresh and its own writes vanish.

    The transaction stays open from the first demo test to the end, so no test that commits for
    real (transaction=True, the browser) may run after it: `pytest_collection_modifyitems` puts
    the demo's tests last.
    """
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415
    from django.test import override_settings  # noqa: PLC0415

    files = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-bestanden"))
    files.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # a test's own block, as pytest-django's (see `commits`)
        outer.__enter__()
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    files.disable()


@pytest.fixture
def commits(db, monkeypatch):
    """The code under test commits as in production: the on_commit callbacks of its outermost
    transaction (the outbox handing a mail to the sender) run when that transaction ends, and at
    once when there is none; a rolled-back block's callbacks never run.

    The test itself still runs in a transaction that is rolled back afterwards: far cheaper than
    `transaction=True`, which empties every table after each test.
    """
    from django.db import transaction  # noqa: PLC0415
    from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: PLC0415

    def only_the_tests(connection):
        return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)

    def run_callbacks(connection):
        while connection.run_on_commit and only_the_tests(connection):
            _, callback, robust = connection.run_on_commit.pop(0)
            if not robust:
                callback()
                continue
            try:
                callback()
            except Exception:  # as Django's commit does for a robust callback
                logging.getLogger("django.db.backends.base").exception("on_commit %s", callback)

    exit_block, add_callback = transaction.Atomic.__exit__, BaseDatabaseWrapper.on_commit

    def exit_and_commit(self, exc_type, exc_value, traceback):
        exit_block(self, exc_type, exc_value, traceback)
        run_callbacks(transaction.get_connection(self.using))

    def on_commit(self, func, robust=False):
        add_callback(self, func, robust)
        run_callbacks(self)

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_commit)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)


@pytest.fixture
def demo(_demo_database, db):
    """The demo data of ./run (`seed_demo`), loaded once: see `_demo_database`."""


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


# Fixtures through which a test reaches the database (pytest lists the transitive ones too).
_DATABASE_FIXTURES = {
    "_django_db_helper",
    "db",
    "transactional_db",
    "django_db_setup",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


@pytest.hookimpl(trylast=True)  # after pytest-django has ordered them by kind
def pytest_collection_modifyitems(config, items):
    """Tests on the demo data run last (see `_demo_database`), in each process of
    pytest-xdist too: it hands every process its tests in collection order.

    The PostgreSQL pass of ./test runs only tests that reach the database: a test that touches
    no database (the ACTIE engine, parsers, the calendar and invoice writers) gives the same
    answer on both passes, so it runs once, in the SQLite pass.
    """
    from django.conf import settings  # noqa: PLC0415

    items.sort(key=lambda item: "demo" in getattr(item, "fixturenames", ()))
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    kept, pure = [], []
    for item in items:
        reaches = (
            item.get_closest_marker("django_db")
            or item.get_closest_marker("postgres")
            or _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if reaches else pure).append(item)
    if pure:
        config.hook.pytest_deselected(items=pure)
        items[:] = kept

"""Shared start of the in-process benchmarks: a fresh SQLite database in a temporary directory,
migrated, with one signed-in professional, and query counting kept across requests."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(organisation_name: str = "Woonstichting Bench"):
    """Returns (client, user, organisation). Call before importing anything from Django."""
    sys.path.insert(0, str(ROOT))
    os.environ["WIJKACTIE_VAR_DIR"] = tempfile.mkdtemp(prefix="wijkactie-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wijkactie.settings"
    os.environ["WIJKACTIE_PUBLIC_RATE_LIMIT"] = "0"
    os.environ.setdefault("WIJKACTIE_DEVELOPMENT", "1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import reset_queries
    from django.test import Client

    from wijkactie.accounts.models import Organisation, Professional

    # As in Django's own test runner: keep the query log across requests, so pages can be counted.
    request_started.disconnect(reset_queries)
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name=organisation_name)
    user = get_user_model().objects.create_user("bench@bench.test", "bench@bench.test")
    Professional.objects.create(
        user=user, organisation=organisation, name="Bench", verified_by="staff"
    )
    client = Client()
    client.force_login(user)
    return client, user, organisation

"""bin/backup and bin/restore, as docs/deploy.md tells an operator to use them (issue 8)."""

import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories import register, requires_postgres
from tests.ops.conftest import database_url

pytestmark = [pytest.mark.postgres, requires_postgres(), pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def test_a_backup_restores_into_a_new_database(make_event, partner, tmp_path):
    event = make_event(capacity=1)
    register(event, 1)
    register(event, 2)
    dump = tmp_path / "wijkactie.dump"
    env = {"DATABASE_URL": database_url(), "PATH": "/usr/bin:/bin"}
    subprocess.run([ROOT / "bin/backup", dump], env=env, check=True, capture_output=True)
    assert dump.stat().st_size > 0

    db = connection.settings_dict
    restored = f"{db['NAME']}_restored"
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
    admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{restored}"
        subprocess.run(
            [ROOT / "bin/restore", dump],
            env={**env, "DATABASE_URL": url},
            check=True,
            capture_output=True,
        )
        with psycopg.connect(url) as copy:
            rows = copy.execute(
                "SELECT status FROM events_registration ORDER BY arrival"
            ).fetchall()
            migrations = copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert rows == [("confirmed",), ("waitlisted",)]
        assert migrations > 10
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.close()

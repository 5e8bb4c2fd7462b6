"""Production settings, tried as an operator starts them (issue 8): each test starts
`python -m wijkactie` with a production environment on its own SQLite file, so none touches the
test database and they run once, in the SQLite pass of ./test."""

import os
import subprocess
import sys
import tempfile

from wijkactie.settings import DEVELOPMENT_SECRET_KEY


def clean_environment() -> dict:
    """As a fresh server would have it: none of this test run's own settings (the browser tests
    set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WIJKACTIE_", "DJANGO_ALLOW_ASYNC"))
    }


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "wijkactie", *args],
        env={**clean_environment(), **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "WIJKACTIE_SITE_URL": "https://wijkactie.example",
    "WIJKACTIE_ALLOWED_HOSTS": "wijkactie.example",
    "WIJKACTIE_SMTP_HOST": "127.0.0.1",
    # Its own file per test process: pytest-xdist runs these side by side.
    "DATABASE_URL": f"sqlite:///{tempfile.gettempdir()}/wijkactie-deploy-check-{os.getpid()}.sqlite3",
}


def test_production_refuses_to_start_without_a_secret_key():
    """Finding: with WIJKACTIE_SECRET_KEY unset production ran on the public default key."""
    web = subprocess.run(
        [sys.executable, "-c", "import wijkactie.wsgi"],
        env={**clean_environment(), **PRODUCTION},
        capture_output=True,
        text=True,
        check=False,
    )
    worker_run = manage("worker", "--once", env=PRODUCTION)
    deploy = manage("check", "--deploy", env=PRODUCTION)
    for result in (web, worker_run):
        assert result.returncode != 0
        assert "WIJKACTIE_SECRET_KEY is not set" in result.stderr
    assert deploy.returncode != 0 and "wijkactie.E003" in deploy.stderr
    # Commands that serve nobody still run (a random key nobody knows signs nothing useful).
    assert manage("makemigrations", "--check", "--dry-run", env=PRODUCTION).returncode == 0


def test_check_deploy_fails_on_the_development_key():
    result = manage(
        "check",
        "--deploy",
        env={**PRODUCTION, "WIJKACTIE_SECRET_KEY": DEVELOPMENT_SECRET_KEY},
    )
    assert result.returncode != 0
    assert "wijkactie.E001" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    key = "a-real-secret-" + "x7Qp" * 12
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "WIJKACTIE_SECRET_KEY": key},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_for_production(tmp_path):
    key = "a-real-secret-" + "x7Qp" * 12
    result = manage(
        "collectstatic",
        "--noinput",
        env={
            **PRODUCTION,
            "WIJKACTIE_SECRET_KEY": key,
            "WIJKACTIE_STATIC_ROOT": str(tmp_path),
            "WIJKACTIE_MANIFEST_STATIC": "1",
        },
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()


def test_demo_data_only_in_development():
    """The demo superuser (published password) never comes into a production database."""
    key = "a-real-secret-" + "x7Qp" * 12
    result = manage("seed_demo", env={**PRODUCTION, "WIJKACTIE_SECRET_KEY": key})
    assert result.returncode != 0
    assert "only in development" in result.stderr

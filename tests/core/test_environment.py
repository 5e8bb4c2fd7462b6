"""The environment variables are declared once (wijkactie/environment.py); the rest follows."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wijkactie import environment

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "wijkactie" / "settings.py"


def test_env_example_is_made_from_the_declaration():
    assert environment.ENV_EXAMPLE.read_text() == environment.env_example(), (
        "deploy/env.example drifted: run `python -m wijkactie.environment --write`"
    )


def test_readme_table_is_made_from_the_declaration():
    readme = environment.README.read_text()
    assert environment.readme_with_table(readme) == readme, (
        "the README's settings table drifted: run `python -m wijkactie.environment --write`"
    )
    for name in environment.VARIABLES:
        assert f"`{name}`" in readme


def _names_read_in_settings() -> set[str]:
    tree = ast.parse(SETTINGS.read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "env"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_settings_read_every_declared_variable_and_nothing_else():
    assert _names_read_in_settings() == set(environment.VARIABLES)


def test_no_code_reads_the_environment_around_the_declaration():
    """Only environment.py reads os.environ for settings; no WIJKACTIE_* name goes undeclared."""
    declared = set(environment.VARIABLES)
    for path in (ROOT / "wijkactie").rglob("*.py"):
        if path.name == "environment.py":
            continue
        text = path.read_text()
        assert not re.search(r"os\.environ(\.get)?[\[(]\s*[\"']WIJKACTIE_", text), path
        assert not re.search(r"os\.getenv\(", text), path
        for name in re.findall(r"[\"'](WIJKACTIE_[A-Z_]+)[\"']", text):
            # A settings name (WIJKACTIE_SELLER) may be read; an environment name must be declared.
            if path == SETTINGS:
                assert name in declared, f"{path}: {name} is not declared in environment.py"


def test_the_removed_vat_rate_is_not_read_anywhere():
    """Invoices take the rate from each event's fee (0 % or 21 %), never from the environment."""
    for path in (ROOT / "wijkactie").rglob("*.py"):
        assert "WIJKACTIE_VAT_RATE" not in path.read_text(), path


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("WIJKACTIE_SMTP_PORT", "2525", 2525),
        ("WIJKACTIE_IMPORT_MAX_ROWS", "20_000", 20_000),
        ("WIJKACTIE_AXES", "off", False),
        ("WIJKACTIE_AXES", "", True),  # empty is the default
        ("WIJKACTIE_GEOCODER_TIMEOUT", "1.5", 1.5),
        ("WIJKACTIE_ALLOWED_HOSTS", " a.nl, b.nl ,", ["a.nl", "b.nl"]),
        ("WIJKACTIE_VAR_DIR", "/srv/x", Path("/srv/x")),
    ],
)
def test_values_are_read_as_their_declared_type(name, raw, expected):
    assert environment.read(name, environ={name: raw}) == expected


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("WIJKACTIE_SMTP_PORT", "abc"),
        ("WIJKACTIE_AXES", "maybe"),
        ("WIJKACTIE_GEOCODER_TIMEOUT", "drie"),
    ],
)
def test_a_wrong_value_names_the_variable(name, raw):
    with pytest.raises(ImproperlyConfigured, match=name):
        environment.read(name, environ={name: raw})


def test_an_undeclared_name_cannot_be_read():
    with pytest.raises(KeyError):
        environment.read("WIJKACTIE_VAT_RATE", environ={})


def test_the_app_refuses_to_start_on_a_wrong_value(tmp_path):
    """Not a traceback deep in smtplib at the first mail: one line at start naming the variable."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "wijkactie", "check"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "WIJKACTIE_DEVELOPMENT": "1",
            "WIJKACTIE_VAR_DIR": str(tmp_path),
            "WIJKACTIE_SMTP_PORT": "abc",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "WIJKACTIE_SMTP_PORT='abc' is not a valid int" in result.stderr

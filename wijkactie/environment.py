"""Every environment variable wijkactie reads, declared once: name, type, default, meaning.

`settings.py` reads each one through `read()`, which refuses a name not declared here and a value
that is not of the declared type (naming the variable). `deploy/env.example` and the table in the
README's "Production settings" are made from this table:

    python -m wijkactie.environment --write

and `tests/core/test_environment.py` fails when either has drifted from it. This module imports
nothing from the apps: settings read it before Django is set up.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Variable:
    name: str
    kind: type  # str, bool, int, float or list (comma-separated)
    default: object
    meaning: str
    # Shown in the README when the default is computed or long ("on when the site is https").
    default_text: str = ""
    # The line in deploy/env.example; empty: listed there commented out with its default.
    example: str = ""


def _v(name, kind, default, meaning, *, default_text="", example=""):
    return Variable(name, kind, default, meaning, default_text, example)


SECTIONS: dict[str, list[Variable]] = {
    "The site": [
        _v(
            "WIJKACTIE_SECRET_KEY",
            str,
            "",
            "Signs sessions and sign-in links. Required outside development: without it the web server and the worker refuse to start and `check --deploy` fails, as it does on the development key.",
            default_text="none",
            example="change-me-to-50-random-characters",
        ),
        _v(
            "WIJKACTIE_SITE_URL",
            str,
            "http://127.0.0.1:8000",
            "The address in mails and calendar files; an `https://` address turns on the https redirect, secure cookies and HSTS.",
            example="https://bijeenkomsten.example.nl",
        ),
        _v(
            "WIJKACTIE_ALLOWED_HOSTS",
            list,
            ["127.0.0.1", "localhost", "testserver"],
            "Host names this site answers to, comma-separated.",
            example="bijeenkomsten.example.nl",
        ),
        _v(
            "WIJKACTIE_CSRF_TRUSTED_ORIGINS",
            list,
            [],
            "Origins allowed to post forms, comma-separated (behind a proxy: the site's https address).",
            example="https://bijeenkomsten.example.nl",
        ),
        _v(
            "WIJKACTIE_DEVELOPMENT",
            bool,
            False,
            "Development only (`./run` and `./test` set it): allows the development key and the demo data.",
        ),
        _v("WIJKACTIE_DEBUG", bool, False, "Django's debug pages. Never in production."),
        _v("WIJKACTIE_LOG_LEVEL", str, "WARNING", "Level of the log on standard error."),
        _v(
            "WIJKACTIE_VAR_DIR",
            Path,
            None,
            "Where the SQLite database, written mails and uploaded files live by default.",
            default_text="`var/` beside the code",
        ),
        _v(
            "WIJKACTIE_FILES_DIR",
            Path,
            None,
            "Uploaded terugblik materials; no URL serves this directory, every download checks who asks.",
            default_text="`bestanden/` in the var directory",
        ),
        _v(
            "WIJKACTIE_STATIC_ROOT",
            str,
            "",
            "Where `collectstatic` puts the static files.",
            example="/srv/wijkactie/var/static",
        ),
        _v(
            "WIJKACTIE_MANIFEST_STATIC",
            bool,
            False,
            "Serve hashed, compressed static files (after `collectstatic`).",
            example="1",
        ),
    ],
    "Database, cache and worker": [
        _v(
            "DATABASE_URL",
            str,
            "",
            "The database, e.g. `postgres://user:pass@host/wijkactie`.",
            default_text="SQLite in the var directory",
            example="postgres://wijkactie:secret@db.internal:5432/wijkactie",
        ),
        _v(
            "WIJKACTIE_TEST_DATABASE_NAME",
            str,
            "",
            "Name of the database the tests create (`./test` sets it for its throwaway PostgreSQL cluster).",
            default_text="Django's `test_` name",
        ),
        _v(
            "WIJKACTIE_REDIS_URL",
            str,
            "",
            "Redis as the shared cache (rate limits, geocoder answers); by default the database is the cache, shared by every process and server.",
        ),
        _v(
            "WIJKACTIE_TASKS_BACKEND",
            str,
            "",
            "`database`: tasks and mail go through the database and `python -m wijkactie worker` runs them; otherwise they run in the web process.",
            default_text="in-process",
            example="database",
        ),
        _v(
            "WIJKACTIE_WORKER_STALE_SECONDS",
            int,
            120,
            "`/readyz` answers 503 when no worker wrote a heartbeat for this long.",
        ),
        _v(
            "WIJKACTIE_PAGE_FRESH_SECONDS",
            float,
            1.0,
            "How long a served anonymous page is reused without reading the database.",
        ),
    ],
    "Mail": [
        _v(
            "WIJKACTIE_SMTP_HOST",
            str,
            "",
            "The SMTP server; without one, mail goes to files in `var/mail/`.",
            example="smtp.example.nl",
        ),
        _v("WIJKACTIE_SMTP_PORT", int, 587, "Its port.", example="587"),
        _v(
            "WIJKACTIE_SMTP_USER", str, "", "User name at the SMTP server.", example="bijeenkomsten"
        ),
        _v("WIJKACTIE_SMTP_PASSWORD", str, "", "Its password.", example="secret"),
        _v("WIJKACTIE_SMTP_STARTTLS", bool, True, "Use STARTTLS."),
        _v(
            "WIJKACTIE_MAIL_BACKEND",
            str,
            "",
            "`console`: without an SMTP host, print mail instead of writing files.",
        ),
        _v(
            "WIJKACTIE_FROM_EMAIL",
            str,
            "Werken aan leefbare wijken <bijeenkomsten@wijkactie.nl>",
            "Sender of every mail.",
            example="Werken aan leefbare wijken <bijeenkomsten@example.nl>",
        ),
        _v(
            "WIJKACTIE_CONTACT_EMAIL",
            str,
            "leefbarewijken@wijkactie.nl",
            "The programme's address shown on pages and in mails.",
        ),
    ],
    "Security and limits": [
        _v(
            "WIJKACTIE_BEHIND_PROXY",
            bool,
            False,
            "Believe the proxy's `X-Forwarded-Proto` (the proxy ends TLS).",
            example="1",
        ),
        _v(
            "WIJKACTIE_TRUSTED_PROXIES",
            int,
            0,
            "How many proxies add to `X-Forwarded-For`; limits are keyed on the address the outermost one saw.",
            example="1",
        ),
        _v(
            "WIJKACTIE_SECURE_COOKIES",
            bool,
            None,
            "Cookies only over https.",
            default_text="on when the site URL is https",
        ),
        _v(
            "WIJKACTIE_SSL_REDIRECT",
            bool,
            None,
            "Redirect http to https (not `/healthz` and `/readyz`).",
            default_text="on when the site URL is https, outside development",
        ),
        _v(
            "WIJKACTIE_HSTS_SECONDS",
            int,
            None,
            "How long browsers keep to https.",
            default_text="one year when the site URL is https, else 0",
        ),
        _v(
            "WIJKACTIE_HSTS_SUBDOMAINS",
            bool,
            None,
            "HSTS for subdomains too.",
            default_text="as the https redirect",
        ),
        _v(
            "WIJKACTIE_HSTS_PRELOAD",
            bool,
            None,
            "Ask to be on the browsers' HSTS preload list.",
            default_text="as the https redirect",
        ),
        _v(
            "WIJKACTIE_AXES",
            bool,
            True,
            "Lock an account and address after 10 failed passwords for 15 minutes (django-axes).",
        ),
        _v(
            "WIJKACTIE_PUBLIC_RATE_LIMIT",
            str,
            "30/m",
            "Per-address limit on public forms and endpoints; `0` switches it off.",
        ),
        _v(
            "WIJKACTIE_SIGNIN_CHECK_RATE",
            str,
            "10/m",
            "Per-address limit on failed sign-in links and unknown join codes.",
        ),
        _v("WIJKACTIE_SIGNIN_LINK_MINUTES", int, 30, "How long an e-mailed sign-in link works."),
        _v("WIJKACTIE_IMPORT_MAX_ROWS", int, 20_000, "Most data rows in one initiatives import."),
        _v(
            "WIJKACTIE_IMPORT_MAX_BYTES",
            int,
            5 * 1024 * 1024,
            "Largest initiatives import file, in bytes.",
        ),
    ],
    "Invoices and the organiser": [
        _v(
            "WIJKACTIE_SELLER_NAME",
            str,
            "Stichting Werken aan Leefbare Wijken (demo)",
            "The supplier on every invoice (art. 35a Wet OB).",
        ),
        _v("WIJKACTIE_SELLER_ADDRESS", str, "Voorbeeldstraat 1, 2511 AA Den Haag", "Its address."),
        _v("WIJKACTIE_SELLER_KVK", str, "00000000", "Its KvK number."),
        _v("WIJKACTIE_SELLER_VAT_ID", str, "NL000000000B00", "Its btw-id."),
        _v(
            "WIJKACTIE_SELLER_IBAN",
            str,
            "NL00 BANK 0000 0000 00",
            "The account invoices are paid to.",
        ),
        _v(
            "WIJKACTIE_SELLER_EMAIL",
            str,
            "facturen@wijkactie.nl",
            "Address for questions about invoices.",
        ),
        _v("WIJKACTIE_PAYMENT_DAYS", int, 30, "Payment term of an invoice, in days."),
        _v(
            "WIJKACTIE_VAT_EXEMPTION_NOTE",
            str,
            "Vrijgesteld van btw (art. 11 lid 1 sub o Wet OB 1968)",
            "The text on an invoice line at 0 % btw.",
        ),
        _v(
            "WIJKACTIE_ORGANISER_NAME",
            str,
            "Programma Werken aan leefbare wijken",
            "Who runs the site, in every page's footer.",
        ),
        _v(
            "WIJKACTIE_ORGANISER_ADDRESS",
            str,
            "Voorbeeldstraat 1, 2511 AA Den Haag",
            "Its address.",
        ),
        _v(
            "WIJKACTIE_ORGANISER_EMAIL",
            str,
            None,
            "Its address for mail.",
            default_text="the contact address",
        ),
        _v("WIJKACTIE_ORGANISER_PHONE", str, "", "Its telephone number."),
        _v("WIJKACTIE_ORGANISER_LOGO", str, "", "A static file or an https URL of its logo."),
    ],
    "Geocoder": [
        _v(
            "WIJKACTIE_PDOK_URL",
            str,
            "https://api.pdok.nl/bzk/locatieserver/search/v3_1",
            "Base URL of PDOK Locatieserver.",
        ),
        _v("WIJKACTIE_GEOCODER_TIMEOUT", float, 3.0, "Its timeout in seconds."),
        _v(
            "WIJKACTIE_CBS_YEAR",
            int,
            0,
            "The year of the CBS wijk and buurt division PDOK serves; 0 is this year.",
        ),
    ],
}

VARIABLES: dict[str, Variable] = {v.name: v for section in SECTIONS.values() for v in section}

_UNSET = object()


def parse(variable: Variable, raw: str):
    """The value of `raw` as the variable's type; ImproperlyConfigured naming it otherwise."""
    kind = variable.kind
    try:
        if kind is bool:
            text = raw.strip().lower()
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            raise ValueError("not one of 1/0, true/false, yes/no, on/off")
        if kind is int:
            return int(raw.replace("_", "").strip())
        if kind is float:
            return float(raw.strip())
        if kind is list:
            return [item.strip() for item in raw.split(",") if item.strip()]
        if kind is Path:
            return Path(raw)
        return raw
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{variable.name}={raw!r} is not a valid {kind.__name__} ({error})."
        ) from None


def read(name: str, default=_UNSET, environ=os.environ):
    """The typed value of the declared variable `name`, or its default when unset or empty.

    `default` replaces the declared default where that is computed from other settings.
    """
    variable = VARIABLES[name]  # a KeyError here: declare the variable above first
    raw = environ.get(name, "")
    if raw.strip() == "" and variable.kind is not str:
        raw = ""
    if raw == "":
        return variable.default if default is _UNSET else default
    return parse(variable, raw)


def check(environ=os.environ) -> None:
    """Refuse a wrong value of any declared variable, also of one only read on some paths."""
    for name in VARIABLES:
        read(name, environ=environ)


def _shown(variable: Variable) -> str:
    if variable.default_text:
        return variable.default_text
    value = variable.default
    if variable.kind is bool:
        return "on" if value else "off"
    if variable.kind is list:
        return f"`{','.join(value)}`" if value else "none"
    if value == "":
        return "none"
    return f"`{value}`"


def readme_table() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for section, variables in SECTIONS.items():
        lines.append(f"| **{section}** | | |")
        for v in variables:
            lines.append(f"| `{v.name}` | {_shown(v)} | {v.meaning} |")
    return "\n".join(lines) + "\n"


# Development and test switches: never in a production environment file.
NOT_IN_PRODUCTION = {"WIJKACTIE_DEVELOPMENT", "WIJKACTIE_DEBUG", "WIJKACTIE_TEST_DATABASE_NAME"}


def env_example() -> str:
    lines = [
        "# /etc/wijkactie/env — read by both units. Never commit the real file.",
        "# Made by `python -m wijkactie.environment --write` from wijkactie/environment.py;",
        '# the README\'s "Production settings" say what each variable does.',
    ]
    for section, variables in SECTIONS.items():
        lines += ["", f"# {section}"]
        for v in variables:
            if v.name in NOT_IN_PRODUCTION:
                continue
            if v.example:
                lines.append(f"{v.name}={v.example}")
            else:
                value = v.default
                if v.kind is bool and value is not None:
                    value = "1" if value else "0"
                elif v.kind is list:
                    value = ",".join(value)
                elif value is None:
                    value = ""
                shown = f"  (default: {v.default_text.replace('`', '')})" if v.default_text else ""
                lines.append(f"# {v.name}={value}{shown}")
    return "\n".join(lines) + "\n"


ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ENV_EXAMPLE = ROOT / "deploy" / "env.example"
TABLE_START = "<!-- settings table: made by `python -m wijkactie.environment --write` -->"
TABLE_END = "<!-- end of the settings table -->"


def readme_with_table(readme: str) -> str:
    before, rest = readme.split(TABLE_START, 1)
    _, after = rest.split(TABLE_END, 1)
    return f"{before}{TABLE_START}\n{readme_table()}{TABLE_END}{after}"


def main(argv: list[str]) -> int:
    if argv[1:] != ["--write"]:
        print("usage: python -m wijkactie.environment --write", file=sys.stderr)
        return 2
    ENV_EXAMPLE.write_text(env_example())
    README.write_text(readme_with_table(README.read_text()))
    print(f"wrote {ENV_EXAMPLE.relative_to(ROOT)} and the table in {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""System checks for a deployment: `python -m wijkactie check --deploy` fails on these."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = (
    "WIJKACTIE_SECRET_KEY is not set. Production needs its own secret key, e.g. "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`; for development set "
    "WIJKACTIE_DEVELOPMENT=1 (./run and ./test do)."
)


def refuse_without_secret_key() -> None:
    """The web server and the worker do not start on a key nobody set."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(MISSING_KEY)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING:
        return [Error(MISSING_KEY, id="wijkactie.E003")]
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "The development SECRET_KEY is in use: anyone can forge sign-in links with it.",
                hint="Set WIJKACTIE_SECRET_KEY to a long random value of your own.",
                id="wijkactie.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_development_mode(app_configs, **kwargs):
    if settings.DEVELOPMENT:
        return [
            Error(
                "Development mode is on (WIJKACTIE_DEVELOPMENT or WIJKACTIE_DEBUG).",
                hint="Production runs without both.",
                id="wijkactie.E002",
            )
        ]
    return []

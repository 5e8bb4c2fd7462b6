"""System checks for a deployment: `python -m wijkactie check --deploy` fails on these."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
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

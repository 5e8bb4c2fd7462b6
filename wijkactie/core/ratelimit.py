"""Public endpoints are rate limited per client address (django-ratelimit on the default cache).

WIJKACTIE_PUBLIC_RATE_LIMIT sets the limit, e.g. `30/m`; `0` switches it off (benchmarks). The
default cache is per process: run one gunicorn process with threads, or set WIJKACTIE_REDIS_URL so
every process shares one count.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def public_rate(group, request) -> str | None:
    rate = settings.WIJKACTIE_PUBLIC_RATE_LIMIT.strip()
    return None if rate in {"", "0"} else rate


def rate_limited_response(request, *, json: bool = False):
    message = _("Te veel verzoeken vanaf dit adres. Probeer het over een minuut opnieuw.")
    if json:
        return JsonResponse({"detail": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)

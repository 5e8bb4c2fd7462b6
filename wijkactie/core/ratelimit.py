"""Rate limits for public endpoints and sign-in (django-ratelimit), shared by every process.

The counts live in the default cache, which is Django's database cache unless WIJKACTIE_REDIS_URL
points at Redis: every gunicorn process and every server behind the proxy counts together.
WIJKACTIE_PUBLIC_RATE_LIMIT sets the limit for public forms and the API, e.g. `30/m`;
WIJKACTIE_SIGNIN_CHECK_RATE the limit on failed sign-in links and unknown join codes;
`0` switches a limit off (benchmarks). Behind a reverse proxy, WIJKACTIE_TRUSTED_PROXIES says how
many proxies add themselves to X-Forwarded-For, so the limit is keyed on the real client.
"""

import ipaddress

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 (an address, not a bind: no address was given)


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the address that the
    outermost of them saw (the N-th from the right in X-Forwarded-For). Addresses further left
    were written by the client itself and prove nothing. Always a valid address: rate limits
    and the login lockout store it."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "") or UNKNOWN_CLIENT
    trusted = settings.WIJKACTIE_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < trusted:
        return remote
    return _valid(forwarded[-trusted]) or remote


def _rate(value: str) -> str | None:
    value = value.strip()
    return None if value in {"", "0"} else value


def public_rate(group, request) -> str | None:
    return _rate(settings.WIJKACTIE_PUBLIC_RATE_LIMIT)


def public_limit(*, method=ALL):
    """The public rate limit of a view, declared once: over the limit the view is not run and the
    person gets 429 with a Dutch message (JSON under /api/, see `ratelimited_view`)."""
    return ratelimit(key="ip", rate=public_rate, method=method, block=True)


def secret_check_rate(group, request) -> str | None:
    """Guessing a sign-in link or a join code: a few tries a minute per client."""
    return _rate(settings.WIJKACTIE_SIGNIN_CHECK_RATE)


def guessing_blocked(request, group: str) -> bool:
    """Whether this client failed too often lately at guessing a secret (a sign-in link, a join
    code). Only failures count: a whole workshop room behind one address can still join."""
    return is_ratelimited(request, group=group, key="ip", rate=secret_check_rate, increment=False)


def count_failed_guess(request, group: str) -> None:
    is_ratelimited(request, group=group, key="ip", rate=secret_check_rate, increment=True)


RATE_LIMITED = gettext_noop(
    "Te veel verzoeken vanaf dit adres. Probeer het over een minuut opnieuw."
)


def rate_limited_response(request, *, json: bool = False):
    message = _(RATE_LIMITED)
    if json:
        return JsonResponse({"detail": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)


def ratelimited_view(request, exception=None):
    """What RatelimitMiddleware shows when a view raised `Ratelimited`."""
    return rate_limited_response(request, json=request.path.startswith("/api/"))

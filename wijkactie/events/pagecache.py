"""Anonymous visitors get the event page and the agenda from a cache of rendered HTML.

Rendering is what these pages cost (the registration form alone is ~30 widget templates); the
queries are cheap. So every request still reads what the page shows — the event with its seat
counters, status, programme and speakers, the organisation names — and the key is a fingerprint
of exactly that plus the language: when anything shown changes (a seat taken, the event full, a
speaker renamed, the registration closed), the key changes and the page is rendered anew. Nothing
needs invalidating, so a per-process memory cache is correct on any number of servers.

On top of that, a page served is reused for the same path and language for
`WIJKACTIE_PAGE_FRESH_SECONDS` (default 1 second) without reading anything: on invitation day
hundreds of visitors a second then cost one read per process per second, and a change (the last
seat taken) shows within that second.

The CSRF token differs per visitor: the cached HTML holds a placeholder that each request
replaces with its own token (`get_token`, which also sets the cookie when needed).
Signed-in people, requests with a query string and visitors with a message to show take the
normal path.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

PLACEHOLDER = "csrf-" + secrets.token_hex(16)  # per process; never sent as it is


def cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.GET
        and not request.user.is_authenticated
        and not len(get_messages(request))  # counting does not mark them shown
    )


def fingerprint(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def recent(request) -> HttpResponse | None:
    """The page as served for this path and language less than the fresh seconds ago, or None.
    Call only for a `cacheable` request."""
    if not settings.WIJKACTIE_PAGE_FRESH_SECONDS:
        return None
    html = caches["pages"].get(_recent_key(request))
    return None if html is None else _with_token(request, html)


def render_cached(request, template: str, make_context, *, key: str) -> HttpResponse:
    """The page, rendered (from `make_context()`, called only then) once per `key` and language,
    with this visitor's token."""
    cache = caches["pages"]
    cache_key = f"{template}:{get_language()}:{key}"
    html = cache.get(cache_key)
    if html is None:
        html = render_to_string(template, {**make_context(), "csrf_token": PLACEHOLDER}, request)
        cache.set(cache_key, html)
    if settings.WIJKACTIE_PAGE_FRESH_SECONDS:
        cache.set(_recent_key(request), html, settings.WIJKACTIE_PAGE_FRESH_SECONDS)
    return _with_token(request, html)


def _recent_key(request) -> str:
    return f"recent:{get_language()}:{request.path}"


def _with_token(request, html: str) -> HttpResponse:
    return HttpResponse(html.replace(PLACEHOLDER, get_token(request)))


def model_values(obj) -> tuple:
    return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)

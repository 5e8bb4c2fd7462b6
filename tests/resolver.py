"""Every URL pattern the site has, read from Django's URL resolver (for the tests that must
cover every route, not a list someone remembered)."""

from collections.abc import Callable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, Callable]]:
    """(route, view) for every pattern, e.g. ("beheer/bijeenkomsten/<slug:slug>/", view)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def staff_routes() -> list[tuple[str, Callable]]:
    return [(route, view) for route, view in routes() if route.startswith("beheer/")]

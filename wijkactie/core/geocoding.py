"""Addresses to coordinates and CBS neighbourhood codes, through PDOK Locatieserver.

PDOK's recommended flow: `suggest` finds the best matching object for what was typed, `lookup`
returns its details (WGS84 centroid, buurtcode, buurtnaam, gemeentenaam). Both calls have a short
timeout; answers are cached. When PDOK cannot be reached, `GeocoderUnavailable` is raised and the
caller saves anyway: an initiative is geocoded later by the worker, an event's venue at its next
save in the editor.

WIJKACTIE_PDOK_URL points tests at a local stand-in with PDOK-shaped responses.
"""

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

POINT = re.compile(r"POINT\(\s*([-0-9.]+)\s+([-0-9.]+)\s*\)")
CACHE_SECONDS = 30 * 24 * 3600


class GeocoderUnavailable(Exception):
    """PDOK did not answer in time or answered with an error."""


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str
    neighbourhood: str
    neighbourhood_code: str
    municipality: str
    code_year: int
    pdok_id: str


def _get(path: str, params: dict) -> dict:
    url = f"{settings.WIJKACTIE_PDOK_URL.rstrip('/')}/{path}?{urllib.parse.urlencode(params)}"
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise GeocoderUnavailable(f"refusing non-https geocoder URL {url}")
    try:
        with urllib.request.urlopen(url, timeout=settings.WIJKACTIE_GEOCODER_TIMEOUT) as response:  # noqa: S310 (checked above)
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise GeocoderUnavailable(str(error)) from error


def geocode(address: str) -> Place | None:
    """The place for an address, or None when PDOK knows no such address.

    Raises GeocoderUnavailable when PDOK cannot be asked right now.
    """
    query = " ".join(address.split())
    if not query:
        return None
    key = "pdok:" + hashlib.sha256(query.casefold().encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return Place(**cached) if cached else None
    found = _get("suggest", {"q": query, "rows": 1}).get("response", {}).get("docs", [])
    if not found:
        cache.set(key, {}, CACHE_SECONDS)
        return None
    docs = _get("lookup", {"id": found[0]["id"]}).get("response", {}).get("docs", [])
    match = POINT.match(docs[0].get("centroide_ll", "")) if docs else None
    if not match:
        cache.set(key, {}, CACHE_SECONDS)
        return None
    doc = docs[0]
    place = Place(
        latitude=float(match.group(2)),
        longitude=float(match.group(1)),
        label=doc.get("weergavenaam", query),
        neighbourhood=doc.get("buurtnaam", ""),
        neighbourhood_code=doc.get("buurtcode", ""),
        municipality=doc.get("gemeentenaam", ""),
        # PDOK serves the current CBS division; the code is only meaningful with its year.
        code_year=settings.WIJKACTIE_CBS_YEAR or timezone.localdate().year,
        pdok_id=doc.get("id", found[0]["id"]),
    )
    cache.set(key, asdict(place), CACHE_SECONDS)
    return place

"""The register's map data as GeoJSON, in the site's API (gathered by site/api.py)."""

from django.http import HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema

from wijkactie.core.api import ERRORS, invalid, schema_from_form
from wijkactie.core.ratelimit import public_limit
from wijkactie.initiatives.forms import InitiativeFilterForm
from wijkactie.initiatives.models import Initiative
from wijkactie.initiatives.views.public import filtered

router = Router(tags=["initiatieven"])

InitiativeFilters = schema_from_form(
    InitiativeFilterForm, "InitiativeFilters", all_optional=True, base=Schema
)


class Point(Schema):
    type: str = "Point"
    coordinates: list[float]


class FeatureProperties(Schema):
    name: str
    phase: int
    status: str
    themes: list[str]
    url: str


class Feature(Schema):
    type: str = "Feature"
    geometry: Point
    properties: FeatureProperties


class FeatureCollection(Schema):
    type: str = "FeatureCollection"
    features: list[Feature]


@router.get(
    "/initiatives.geojson",
    url_name="initiatives_geojson",
    response={200: FeatureCollection, **ERRORS},
    summary="Initiatieven op de kaart (GeoJSON), met de filters van de lijst",
)
@public_limit()
def initiatives_geojson(request, response: HttpResponse, filters: Query[InitiativeFilters]):
    """The initiatives the requester may see. Two queries however many initiatives: the
    positioned rows as tuples, and their themes."""
    form, qs = filtered(request)
    if form.errors:
        raise invalid(form)
    positioned = qs.filter(latitude__isnull=False)
    rows = list(positioned.values_list("pk", "name", "phase", "latitude", "longitude", "status"))
    themes: dict[int, list[str]] = {}
    through = Initiative.themes.through.objects.filter(
        initiative_id__in=positioned.values("pk")
    ).values_list("initiative_id", "theme__name")
    for initiative_id, name in through:
        themes.setdefault(initiative_id, []).append(name)
    base = reverse("initiatives:detail", args=[0]).removesuffix("0/")
    response["Vary"] = "Cookie"  # what someone may see depends on who they are
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": {
                    "name": name,
                    "phase": phase,
                    "status": status,
                    "themes": sorted(themes.get(pk, [])),
                    "url": f"{base}{pk}/",
                },
            }
            for pk, name, phase, lat, lon, status in rows
        ],
    }

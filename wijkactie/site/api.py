"""The site's JSON API, version 1: one NinjaAPI that gathers the apps' routers, with one error
shape and a schema generated from the code at /api/v1/openapi.json (docs at /api/v1/docs)."""

from ninja import NinjaAPI

from wijkactie.core.api import JsonObjectParser, install_error_handlers
from wijkactie.events.api import router as events_router
from wijkactie.initiatives.api import router as initiatives_router

api = NinjaAPI(
    title="wijkactie API",
    version="1",
    description=(
        "Bijeenkomsten en aanmeldingen van het programma, en de kaart van bewonersinitiatieven. "
        "Staff-endpoints vragen een API-sleutel: `Authorization: Token <sleutel>`. "
        'Fouten hebben altijd de vorm `{"detail": ..., "errors": {veld: [meldingen]}}`.'
    ),
    urls_namespace="api",
    parser=JsonObjectParser(),
    docs_url=None,
)
install_error_handlers(api)
api.add_router("", events_router)
api.add_router("", initiatives_router)

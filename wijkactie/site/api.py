"""The site's JSON API, version 1: one NinjaAPI that gathers the apps' routers, with one error
shape and a schema generated from the code at /api/v1/openapi.json. There is no browsable docs page
(`docs_url=None`): django-ninja's Swagger UI loads its scripts from a CDN, which the site's content
policy refuses; clients read the schema, and README.md says where it is."""

from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext
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


def _json_method_not_allowed(view):
    """django-ninja answers a wrong method with a plain-text 405; here it gets the error shape."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            answer = JsonResponse({"detail": gettext("Methode niet toegestaan.")}, status=405)
            answer["Allow"] = response.get("Allow", "")
            return answer
        return response

    return wrapper


def urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_method_not_allowed(pattern.callback)
    return patterns, app_name, namespace

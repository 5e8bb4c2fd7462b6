"""The site's own error pages (400, 403, 404, 500 and 503), in the visitor's language; under
/api/ the API's JSON error shape. A server error page is rendered without the request's context:
whatever failed (often the database) is not asked again."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

OUTAGE = (OperationalError, InterfaceError)  # the database cannot be reached, not a wrong query
RETRY_AFTER_SECONDS = 30


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Niet gevonden.")}, status=404)
    return page_not_found(request, exception)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Het verzoek is niet te lezen.")}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Dit mag u niet.")}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """The form's security token did not match (an old tab, a blocked cookie): say what to do."""
    message = _(
        "Het formulier was verlopen of uw browser blokkeert cookies voor deze site. Laad de "
        "pagina opnieuw en verstuur het nog eens."
    )
    return render(request, "403.html", {"reason": message}, status=403)


def server_error(request):
    """500, or 503 with Retry-After while the database cannot be reached."""
    exception = sys.exc_info()[1]
    outage = isinstance(exception, OUTAGE)
    status = 503 if outage else 500
    if outage:
        title = _("Even niet bereikbaar")
        message = _("De database is even niet bereikbaar. Probeer het zo opnieuw.")
    else:
        title = _("Er ging iets mis")
        message = _(
            "Probeer het later opnieuw. Uw gegevens zijn niet verloren gegaan als u een "
            "bevestiging heeft ontvangen."
        )
    if _is_api(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        page = loader.get_template("503.html" if outage else "500.html").render(
            {"title": title, "message": message, "language": get_language() or "nl"}
        )
        response = HttpResponse(page, status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils import timezone

from wijkactie.accounts.access import is_administrator
from wijkactie.core.models import WorkerHeartbeat
from wijkactie.events.views.public import page
from wijkactie.site import api, errors

# The "api" namespace is the NinjaAPI of site/api.py, which gathers the apps' routers; every
# /beheer/ route is the programme office's (office/urls.py).


handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.not_found
handler500 = errors.server_error


def _administrators_only(request) -> bool:
    """Django admin is for administrators (superusers); programme staff work in /beheer/."""
    return is_administrator(request.user)


admin.site.has_permission = _administrators_only


def healthz(request):
    """Liveness: the process answers. Readiness (database, worker) is /readyz."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; answer, not a logged 404."""
    return redirect(static("favicon.svg"), permanent=True)


def readyz(request):
    """200 when the database answers and a worker wrote a heartbeat recently; 503 otherwise,
    with the reason, so a load balancer or monitor can tell."""
    stale_after = timedelta(seconds=settings.WIJKACTIE_WORKER_STALE_SECONDS)
    try:
        last_beat = (
            WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        )
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    if last_beat is None or last_beat < timezone.now() - stale_after:
        return HttpResponse("worker stale", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz),
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", favicon),
    path("readyz", readyz),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("beheer/", include("wijkactie.office.urls")),
    path("api/v1/", api.urls()),
    path("privacy/", page, {"name": "privacy"}, name="privacy"),
    path("voorwaarden/", page, {"name": "voorwaarden"}, name="terms"),
    path("toegankelijkheid/", page, {"name": "toegankelijkheid"}, name="accessibility"),
    path("account/", include("wijkactie.accounts.urls")),
    path("", include("wijkactie.actie.urls")),
    path("", include("wijkactie.initiatives.urls")),
    path("", include("wijkactie.followup.public_urls")),
    path("", include("wijkactie.events.urls")),
]

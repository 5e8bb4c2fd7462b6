from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from wijkactie.accounts.staff import urlpatterns as accounts_staff_urlpatterns
from wijkactie.events.urls import api_urlpatterns, staff_urlpatterns
from wijkactie.events.views.public import page
from wijkactie.initiatives.urls import staff_urlpatterns as initiatives_staff_urlpatterns


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("beheer/", include(staff_urlpatterns)),
    path("beheer/", include(initiatives_staff_urlpatterns)),
    path("beheer/", include(accounts_staff_urlpatterns)),
    path("api/v1/", include(api_urlpatterns)),
    path("privacy/", page, {"name": "privacy"}, name="privacy"),
    path("voorwaarden/", page, {"name": "voorwaarden"}, name="terms"),
    path("toegankelijkheid/", page, {"name": "toegankelijkheid"}, name="accessibility"),
    path("account/", include("wijkactie.accounts.urls")),
    path("", include("wijkactie.actie.urls")),
    path("", include("wijkactie.initiatives.urls")),
    path("", include("wijkactie.events.urls")),
]

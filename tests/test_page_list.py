"""tests/pages.py holds every page a person can open: the tests that visit every page (the Nu
HTML Checker, axe in the browser, Dutch without English, machine-readable values) read it, so a
new page that is not added there would be checked by none of them. Here the URL resolver says
which pages exist."""

from django.contrib.auth import get_user_model
from django.urls import resolve

from tests.pages import professional_pages, public_pages, staff_pages
from tests.resolver import routes
from wijkactie.actie.demo import DEMO_EMAIL

DOWNLOAD = "a file to download, not a page"
ACTION = "an action: POST only, it answers with a redirect"
# Routes the every-page tests do not visit, with the reason.
NOT_PAGES = {
    "aanmelding/<token:token>/certificaat.pdf": DOWNLOAD,
    "aanmelding/<token:token>/materiaal/<int:pk>/": DOWNLOAD,
    "bijeenkomsten/<slug:slug>/materiaal/<int:pk>/": DOWNLOAD,
    "bijeenkomsten/<slug:slug>/agenda.ics": DOWNLOAD,
    "beheer/bijeenkomsten/<slug:slug>/accreditatie.csv": DOWNLOAD,
    "actie/gedeeld/<token:token>/pdf/": DOWNLOAD,
    "actie/groepen/<uuid:public_id>/pdf/": DOWNLOAD,
    "actie/scans/<uuid:public_id>/pdf/": DOWNLOAD,
    "actie/snel/pdf/": DOWNLOAD,
    "beheer/bijeenkomsten/<slug:slug>/deelnemers.<str:fmt>": DOWNLOAD,
    "beheer/bijeenkomsten/<slug:slug>/evaluatie.<str:fmt>": DOWNLOAD,
    "beheer/facturen/<code:number>.pdf": DOWNLOAD,
    "initiatieven/export.<str:fmt>": DOWNLOAD,
    "account/inloggen/<token:uidb64>/<token:token>/": "a sign-in link: it signs in and redirects",
    "account/leden/<int:pk>/bevestigen/": ACTION,
    "account/uitloggen/": ACTION,
    "account/wachtwoord/": ACTION,
    "actie/groepen/<uuid:public_id>/sluiten/": ACTION,
    "actie/scans/<uuid:public_id>/keuze/": ACTION,
    "actie/scans/<uuid:public_id>/opnieuw/": ACTION,
    "beheer/aanmeldingen/<int:pk>/partnerschap/": ACTION,
    "beheer/api-sleutels/<int:pk>/intrekken/": ACTION,
    "beheer/bijeenkomsten/<slug:slug>/aanwezigheid/iedereen/<int:part_id>/": ACTION,
    "beheer/bijeenkomsten/<slug:slug>/middag/mailen/": ACTION,
    "beheer/bijeenkomsten/<slug:slug>/middag/verplaatsen/": ACTION,
    "beheer/bijeenkomsten/<slug:slug>/publiceren/": ACTION,
    "beheer/mail/<int:pk>/opnieuw/": ACTION,
    "beheer/organisaties/<int:pk>/bevestigen/": ACTION,
    "beheer/organisaties/<int:pk>/domeinen/": ACTION,
    "beheer/organisaties/<int:pk>/kvk/": ACTION,
    "beheer/organisaties/<int:pk>/partnerperiodes/": ACTION,
    "beheer/organisaties/domeinen/<int:pk>/verwijderen/": ACTION,
    "beheer/organisaties/partnerperiodes/<int:pk>/verwijderen/": ACTION,
    "beheer/professionals/<int:pk>/bevestigen/": ACTION,
    "i18n/setlang/": ACTION,
    "actie/groepen/<uuid:public_id>/live/": "a fragment the group page reloads (htmx)",
    # A group participant's pages need the participant's own session (made by joining with the
    # code): axe reads both in tests/e2e/test_actie.py::test_group_session_with_three_participants.
    "g/<code:code>/gebied/<str:area_id>/": "a participant's page, checked in that browser test",
    "g/<code:code>/klaar/": "a participant's page, checked in that browser test",
    "favicon.ico": "an image",
    "healthz": "for the load balancer: plain text",
    "readyz": "for the load balancer: plain text",
}


def page_routes() -> set[str]:
    return {route for route, _view in routes() if not route.startswith(("admin/", "api/"))}


def test_every_page_of_the_site_is_in_the_list_of_pages(demo):
    fleur = get_user_model().objects.get(email=DEMO_EMAIL)
    listed = public_pages() + staff_pages() + professional_pages(fleur)
    covered = {resolve(path.partition("?")[0]).route for path in listed}
    assert sorted(page_routes() - covered - set(NOT_PAGES)) == []
    assert set(NOT_PAGES) <= page_routes() and not set(NOT_PAGES) & covered  # no stale entry

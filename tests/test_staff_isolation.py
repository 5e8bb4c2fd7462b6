"""Programme isolation, walked from the URL resolver rather than from a list someone remembered:
every /beheer/ route is tried by an organiser of another programme (a 404, as for something that
does not exist) and by the event's own organiser (the page, a redirect or a refused method).

A new staff route fails `test_every_staff_route_is_classified` until it is put in one of the
groups below, so a view that forgets its access check cannot slip by unseen.
"""

import pytest
from django.test import Client
from django.utils import timezone

from tests import resolver
from tests.factories import add_parts, register
from wijkactie.core.models import OutgoingEmail
from wijkactie.events.checkin import checkin_code
from wijkactie.events.models import EventMessage, Programme, ProgrammeVersion
from wijkactie.followup.models import AttendanceImport
from wijkactie.invoices.services import issue_invoice

# Routes for administrators only: an organiser gets 403 (what they are is no secret).
ADMINISTRATORS = {
    "beheer/mail/",
    "beheer/organisaties/",
    "beheer/organisaties/<int:pk>/domeinen/",
    "beheer/organisaties/<int:pk>/partnerperiodes/",
    "beheer/organisaties/partnerperiodes/<int:pk>/verwijderen/",
    "beheer/organisaties/domeinen/<int:pk>/verwijderen/",
    "beheer/organisaties/<int:pk>/bevestigen/",
    "beheer/organisaties/<int:pk>/kvk/",
    "beheer/professionals/<int:pk>/bevestigen/",
    "beheer/api-sleutels/",
    "beheer/api-sleutels/<int:pk>/intrekken/",
}
# Routes that hold no one programme's data: every staff member shares them (the editorial
# review of cases and the register of initiatives are the programme office's common work).
SHARED = {
    "beheer/inloggen/",
    "beheer/",
    "beheer/bijeenkomsten/nieuw/",
    "beheer/casussen/",
    "beheer/casussen/<int:pk>/",
    "beheer/initiatieven/dubbel/",
}


def staff_routes() -> list[str]:
    return [route for route, _view in resolver.staff_routes()]


def of_one_event(route: str) -> bool:
    return route not in ADMINISTRATORS | SHARED


def session(event, n: int) -> dict:
    """One of everything a staff URL can name, for `event`: {converter name or the URL segment
    before it: value}."""
    add_parts(event, "ochtenddeel")
    registration = register(event, n, organisation=f"Gemeente {n}")
    invoice = issue_invoice(registration_ids=[registration.pk])
    message = EventMessage.objects.create(event=event, subject="Bericht", body="Tekst")
    version = ProgrammeVersion.objects.create(
        event=event, number=n, snapshot={}, created_at=timezone.now()
    )
    report = AttendanceImport.objects.create(
        event=event, filename="rapport.csv", report={"rows": [], "unmatched": []}
    )
    mail = OutgoingEmail.objects.filter(object_ref=f"events.registration:{registration.pk}")
    return {
        "slug": event.slug,
        "part_id": event.parts.get().pk,
        "code": checkin_code(registration),
        "aanmeldingen": registration.pk,
        "berichten": message.pk,
        "wijziging": version.number,
        "teams": report.pk,
        "facturen": invoice.number,
        "mail": mail.first().pk,
        "deelnemers.": "csv",
        "evaluatie.": "xlsx",
    }


def url(route: str, values: dict) -> str:
    """The route with each <converter:name> filled from `values`: by its name (slug, code), else
    by the URL segment before it (berichten/<int:pk>/ is a message); 1 for anything else."""
    path, rest = "/", route
    while "<" in rest:
        before, _sep, rest = rest.partition("<")
        spec, _sep, rest = rest.partition(">")
        name = spec.split(":")[-1]
        segment = before.rstrip("/").rsplit("/", 1)[-1]
        path += f"{before}{values.get(name) or values.get(segment) or 1}"
    return path + rest


@pytest.fixture
def world(make_event, organiser, django_user_model):
    """Two programmes with one session each; Noor organises the first, Sam the second."""
    own = make_event(programme=Programme.objects.get(), capacity=5)
    other_programme = Programme.objects.create(name="Ander programma", slug="ander")
    theirs = make_event(programme=other_programme, capacity=5)
    sam = django_user_model.objects.create_user("sam", "sam@wijkactie.test", is_staff=True)
    other_programme.organisers.add(sam)
    noor, sam_client = Client(), Client()
    noor.force_login(organiser)
    sam_client.force_login(sam)
    return {"noor": noor, "own": session(own, 1), "theirs": session(theirs, 2), "sam": sam_client}


def test_every_staff_route_is_classified():
    routes = staff_routes()
    assert len(routes) > 40  # the walk found the staff routes of every app
    assert set(ADMINISTRATORS | SHARED) <= set(routes)  # no stale entry
    assert [r for r in routes if of_one_event(r) and "<" not in r] == []


def test_another_programmes_organiser_gets_404_on_every_route_of_an_event(world):
    sam, noor_values = world["sam"], world["own"]
    leaked = []
    for route in filter(of_one_event, staff_routes()):
        path = url(route, noor_values)
        for method in (sam.get, sam.post):
            status = method(path).status_code
            if status not in (404, 405):
                leaked.append(f"{method.__name__.upper()} {path}: {status}")
            elif (
                status == 405
                and method(url(route, {**noor_values, "slug": "x"})).status_code != 405
            ):
                leaked.append(f"{method.__name__.upper()} {path}: 405 tells it exists")
    assert leaked == []


def test_an_event_of_ones_own_with_an_object_of_another_is_404(world):
    """Noor's own event in the URL, Sam's registration, message or report after it."""
    noor, own, theirs = world["noor"], world["own"], world["theirs"]
    probed, leaked = 0, []
    for route in filter(of_one_event, staff_routes()):
        if "<slug:slug>" not in route or route.count("<") - route.count("<str:fmt>") < 2:
            continue
        path = url(route, {**theirs, "slug": own["slug"]})
        probed += 1
        for method in (noor.get, noor.post):
            if method(path).status_code not in (404, 405):
                leaked.append(f"{method.__name__.upper()} {path}")
    assert probed >= 5 and leaked == []


def test_the_events_own_organiser_reaches_every_route_of_it(world):
    noor, own = world["noor"], world["own"]
    refused = []
    for route in filter(of_one_event, staff_routes()):
        path = url(route, own)
        status = noor.get(path).status_code
        if status == 405:  # a POST-only action: it must not answer "not found" to its owner
            status = noor.post(path).status_code
        if status not in (200, 302, 400):
            refused.append(f"{path}: {status}")
    assert refused == []


def test_administrator_routes_are_refused_to_organisers(world):
    noor = world["noor"]
    for route in ADMINISTRATORS:
        assert noor.get(url(route, {})).status_code == 403, route

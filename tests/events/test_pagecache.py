"""Anonymous event page and agenda from the page cache: each visitor's own working CSRF token,
their language, and the page changes the moment what it shows changes."""

import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.events.test_public import register_via_form
from tests.factories import BILLING_ADDRESS, add_parts, register
from wijkactie.events import pagecache
from wijkactie.events.models import Registration


def token_in(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_each_visitor_gets_a_working_token_of_their_own(make_event):
    event = make_event(capacity=5)
    add_parts(event, "ochtenddeel", "middagdeel")
    caches["pages"].clear()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    page_two = second.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert pagecache.PLACEHOLDER not in page_one + page_two
    assert token_in(page_one) != token_in(page_two)
    # The second page came from the cache and still works for its own visitor.
    response = second.post(
        f"/bijeenkomsten/{event.slug}/",
        {
            "csrfmiddlewaretoken": token_in(page_two),
            "first_name": "Anouk",
            "last_name": "de Vries",
            "email": "anouk@linie.test",
            "role": "gebiedsconsulent",
            "organisation": "Woonstichting De Linie",
            "attends_all_parts": "on",
            "accept_terms": "on",
            "billing_address": BILLING_ADDRESS,
            "collega-TOTAL_FORMS": "0",
            "collega-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Registration.objects.filter(email="anouk@linie.test").exists()


def test_the_page_says_full_as_soon_as_the_last_seat_is_taken(client, make_event):
    event = make_event(capacity=1)
    caches["pages"].clear()
    assert "Vol — wachtlijst" not in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert "Vol — wachtlijst" not in client.get("/").content.decode()
    register(event, 1)
    assert "Vol — wachtlijst" in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert "Vol — wachtlijst" in client.get("/").content.decode()


def test_a_served_page_is_reused_for_one_second_and_then_read_again(client, make_event, settings):
    settings.WIJKACTIE_PAGE_FRESH_SECONDS = 1
    event = make_event(capacity=1)
    caches["pages"].clear()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(f"/bijeenkomsten/{event.slug}/")
        client.get("/")
        register(event, 1)
        with CaptureQueriesContext(connection) as reads:
            page = Client().get(f"/bijeenkomsten/{event.slug}/").content.decode()
            agenda = Client().get("/").content.decode()
        assert len(reads) == 0  # served as it was a moment ago, nothing read
        assert "Vol — wachtlijst" not in page + agenda
        assert token_in(page) and pagecache.PLACEHOLDER not in page  # still a token of its own
        clock.shift(1.1)
        assert "Vol — wachtlijst" in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
        assert "Vol — wachtlijst" in client.get("/").content.decode()


def test_a_changed_programme_and_another_language_get_their_own_page(client, make_event):
    event = make_event()
    caches["pages"].clear()
    dutch = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    add_parts(event, "Verdieping in de casus")
    assert "Verdieping in de casus" not in dutch
    assert "Verdieping in de casus" in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    english = client.get(f"/bijeenkomsten/{event.slug}/", headers={"accept-language": "en"})
    assert english.content.decode() != dutch and 'lang="en"' in english.content.decode()


def test_a_render_is_reused_for_the_next_anonymous_visitor(client, make_event):
    event = make_event()
    caches["pages"].clear()
    client.get(f"/bijeenkomsten/{event.slug}/")
    pages = []

    def on_render(sender, template, **kwargs):
        if template.name in ("events/detail.html", "events/agenda.html"):
            pages.append(template.name)

    template_rendered.connect(on_render)
    try:
        Client().get(f"/bijeenkomsten/{event.slug}/")
        Client().get("/")
        Client().get("/")
    finally:
        template_rendered.disconnect(on_render)
    assert pages == ["events/agenda.html"]  # only the agenda's first view was rendered


def test_form_errors_are_never_cached(client, make_event):
    event = make_event()
    caches["pages"].clear()
    response = register_via_form(client, event, email="geen-adres")
    assert response.status_code == 400
    assert "geen-adres" not in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()

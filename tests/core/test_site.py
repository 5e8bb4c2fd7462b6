"""What every page carries (favicon, organiser in the footer) and the development mail folder."""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import OperationalError, connection
from django.test import Client

from wijkactie.core.mailfiles import EmailBackend


def test_every_page_links_a_favicon_and_names_the_organiser(client, db, settings):
    settings.WIJKACTIE_ORGANISER = {
        "name": "Programmabureau Leefbare Wijken",
        "address": "Kerkstraat 5, 3511 AB Utrecht",
        "email": "info@leefbarewijken.test",
        "phone": "030 123 45 67",
        "logo": "favicon.svg",
    }
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert "Programmabureau Leefbare Wijken" in page
    assert "Kerkstraat 5, 3511 AB Utrecht" in page
    assert 'href="mailto:info@leefbarewijken.test"' in page
    assert 'href="tel:0301234567"' in page
    assert 'class="logo"' in page and 'alt="Programmabureau Leefbare Wijken"' in page


def test_favicon_ico_is_answered_not_a_404(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_the_mail_folder_holds_one_named_file_per_message(tmp_path):
    backend = EmailBackend(file_path=str(tmp_path), alias="default")
    messages = [
        EmailMessage("Bevestiging van uw aanmelding", "Hallo", to=["anouk@corp.example"]),
        EmailMessage("Bevestiging van uw aanmelding", "Hallo", to=["anouk@corp.example"]),
        EmailMessage("Inloggen", "Link", to=["bram@corp.example"]),
    ]
    assert backend.send_messages(messages) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 3
    assert all(name.endswith(".eml") for name in names)
    assert sum("-anouk@corp.example-bevestiging-van-uw-aanmelding" in n for n in names) == 2
    assert any("-bram@corp.example-inloggen" in n for n in names)
    assert all(name[:8].isdigit() and name[8] == "-" for name in names)
    assert (tmp_path / names[0]).read_bytes().count(b"Subject:") == 1


@pytest.mark.parametrize("language", ["nl", "en"])
def test_error_pages_are_the_sites_own_in_the_visitors_language(client, db, language):
    """Finding: the 403 page was Django's bare English one. 400, 403, 404 and 500 are the
    site's pages (with its header and the language switch), in the visitor's language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    words = {"nl": "Geen toegang", "en": "No access"}[language]
    staff = Client()
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    staff.force_login(get_user_model().objects.create_user("programma", is_staff=True))
    forbidden = staff.get("/beheer/api-sleutels/")
    assert forbidden.status_code == 403
    page = forbidden.content.decode()
    assert f'<html lang="{language}"' in page and words in page and 'class="site-header' in page
    csrf = Client(enforce_csrf_checks=True)
    csrf.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    refused = csrf.post("/account/inloggen/", {"email": "a@b.test"})
    assert refused.status_code == 403
    assert f'<html lang="{language}"' in refused.content.decode()
    assert "CSRF" not in refused.content.decode()
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404 and f'<html lang="{language}"' in missing.content.decode()


def test_a_server_error_page_is_the_sites_and_the_api_answers_json(db):
    client = Client(raise_request_exception=False)
    with database_away():
        page = client.get("/programmas/bestaat/")
        api = client.get("/api/v1/events")
    assert page.status_code == 503
    assert "<h1>" in page.content.decode() and "opnieuw" in page.content.decode()
    assert page["Retry-After"]
    assert api.status_code == 503 and api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "De database is even niet bereikbaar. Probeer het zo opnieuw."}


@contextmanager
def database_away():
    """Every statement fails as it does when the server cannot be reached (Django's hook around
    the driver, on either database)."""

    def unreachable(execute, sql, params, many, context):
        raise OperationalError("connection to server failed: Connection refused")

    with connection.execute_wrapper(unreachable):
        yield

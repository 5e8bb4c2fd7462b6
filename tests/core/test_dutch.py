"""Dutch screens without English leftovers from Django's defaults (issue 9)."""

import functools
import gettext
import re
from pathlib import Path

import django
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from tests.pages import professional_pages, public_pages, staff_pages
from wijkactie.actie.demo import DEMO_EMAIL

DJANGO = Path(django.__file__).parent
CATALOGUES = [
    DJANGO / "conf/locale/{}/LC_MESSAGES/django.mo",
    DJANGO / "contrib/admin/locale/{}/LC_MESSAGES/django.mo",
    DJANGO / "contrib/auth/locale/{}/LC_MESSAGES/django.mo",
]


@functools.cache
def catalogue(language: str) -> dict:
    """Django's own messages in `language` (core, admin, auth), as one mapping."""
    merged = {}
    for path in CATALOGUES:
        with open(str(path).format(language), "rb") as handle:
            merged.update(gettext.GNUTranslations(handle)._catalog)
    return merged


def english_strings() -> set[str]:
    """Every message Django can show (from its English catalogues), plural forms included."""
    found = set()
    for key in catalogue("en"):
        if isinstance(key, tuple):
            continue  # plural entries also appear under their singular key
        if key:
            found.add(key)
    return found


def dutch_in_django(msgid: str) -> bool:
    return msgid in catalogue("nl") or (msgid, 0) in catalogue("nl")


def test_every_django_string_has_dutch_even_where_djangos_catalogue_lacks_it():
    missing = []
    with translation.override("nl"):
        for msgid in english_strings():
            if msgid.strip(" ,") == "" or dutch_in_django(msgid):
                continue
            if translation.gettext(msgid) == msgid:
                missing.append(msgid)
    assert missing == []
    with translation.override("nl"):
        assert translation.gettext("- Select an option -") == "- Maak een keuze -"


# Django's English strings long enough to be recognised in a page's text.
def leftovers(text: str, candidates: list[str]) -> list[str]:
    return [c for c in candidates if c in text]


@pytest.fixture
def candidates():
    return sorted(
        s
        for s in english_strings()
        if " " in s and len(s) >= 12 and "%" not in s and "{" not in s and "\n" not in s
    )


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_no_page_shows_djangos_english(client, admin_client, demo, candidates):
    fleur = Client()
    fleur_user = get_user_model().objects.get(email=DEMO_EMAIL)
    fleur.force_login(fleur_user)
    pages = [(client, p) for p in public_pages()] + [(admin_client, p) for p in staff_pages()]
    pages += [(fleur, p) for p in professional_pages(fleur_user)]
    pages += [
        (admin_client, "/admin/events/registration/"),
        (admin_client, "/admin/events/event/"),
        (admin_client, "/admin/initiatives/initiative/"),
    ]
    for who, path in pages:
        response = who.get(path, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        assert leftovers(text, candidates) == [], path
        assert "Select an option" not in text, path
        assert not re.search(r"\bSearch \w+", text), path
        assert not re.search(r"\b(event|organisation|registration)\b", text, re.I), path

"""Every page of the demo site on a 320 px phone: nothing scrolls sideways (WCAG 1.4.10) and
axe finds no A/AA violation. Visitors, a signed-in professional and staff each see their pages."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.e2e.axe import assert_accessible
from tests.pages import professional_pages, public_pages, staff_pages
from wijkactie.actie.demo import DEMO_EMAIL

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context


# The innermost elements that stick out to the right, to say what to fix.
TOO_WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 320)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))"""


def check(context, base: str, paths: list[str]) -> None:
    page = context.new_page()
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px: {page.evaluate(TOO_WIDE)}"
        assert_accessible(page)
    page.close()


def test_every_page_fits_a_320_px_phone_and_passes_axe(live_server, browser):
    call_command("seed_demo", stdout=io.StringIO())
    User = get_user_model()
    visitor = browser.new_context(viewport={"width": 320, "height": 800})
    check(visitor, live_server.url, public_pages())
    fleur = User.objects.get(email=DEMO_EMAIL)
    check(signed_in(browser, live_server, fleur), live_server.url, professional_pages(fleur))
    staff = User.objects.get(username="beheer")
    check(signed_in(browser, live_server, staff), live_server.url, staff_pages())

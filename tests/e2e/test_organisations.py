"""Staff confirm organisations, memberships and partnerships in a real browser (issue 8)."""

from tests.e2e.axe import assert_accessible
from tests.e2e.steps import staff_login
from tests.factories import register_with_private_address
from wijkactie.accounts.models import Professional


def test_staff_confirm_a_member_and_a_partnership_and_make_an_api_key(
    live_server,
    page,
    make_event,
    partner,
    make_professional,
    staff_user,  # noqa: F811
):
    base = live_server.url
    staff_user.is_superuser = True  # organisations are an administrator's work
    staff_user.save()
    daan = make_professional(email="daan@gmail.com", name="Daan Visser", member=False)
    event = make_event(title="Sociaal beheer", capacity=5)
    register_with_private_address(event, partner)
    staff_login(page, base, "/beheer/organisaties/")
    page.get_by_role("heading", name="Organisaties", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Bevestig Daan Visser").click()
    page.get_by_text("Daan Visser hoort nu bij Woonstichting De Linie.").wait_for()
    assert Professional.objects.get(user=daan).verified_by == "staff"

    page.goto(f"{base}/beheer/bijeenkomsten/{event.slug}/")
    page.get_by_role("heading", name="Partnerschap te controleren").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Partner: gratis voor Deelnemer1 Achternaam1").click()
    page.get_by_text("Bevestigd als partner: deelname is gratis.").wait_for()

    page.goto(f"{base}/beheer/api-sleutels/")
    page.get_by_label("Waarvoor is deze sleutel?").fill("Website")
    page.get_by_role("button", name="Sleutel maken").click()
    page.get_by_text("Kopieer hem nu").wait_for()
    assert_accessible(page)

    # On a phone: the page never scrolls sideways; wide tables scroll in their own region.
    page.set_viewport_size({"width": 320, "height": 800})
    for path in (
        "/beheer/organisaties/",
        "/beheer/api-sleutels/",
        f"/beheer/bijeenkomsten/{event.slug}/",
        "/beheer/",
    ):
        page.goto(f"{base}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert_accessible(page)

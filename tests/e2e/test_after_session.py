"""After the session in a real browser (issue 13): a person who was there answers the
evaluation from the link in their mail, once; the organiser reads the results (grade
distribution, counts, the chart's data table) on a page that passes axe; the public page has
become the terugblik."""

import re

import pytest
from django.core import mail as django_mail
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.steps import staff_login
from tests.factories import STAFF_PASSWORD
from tests.followup.test_evaluation import attend
from wijkactie.events.models import Programme
from wijkactie.followup import evaluation, recap
from wijkactie.followup.models import EvaluationAnswer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_participant_evaluates_once_and_the_organiser_reads_the_results(
    live_server, page, session, django_user_model
):
    event, people = session
    attend(event, people["anouk"], "ochtenddeel", "middagdeel")
    attend(event, people["karim"], "ochtenddeel")
    attend(event, people["sanne"])
    assert evaluation.send_evaluations() == 2
    # The link as Karim got it: the outbox keeps no evaluation link once the mail is sent.
    (link,) = [
        found.group(0)
        for m in django_mail.outbox
        if m.to == [people["karim"].email]
        and (found := re.search(r"https?://\S+/evaluatie/\S+/", m.body))
    ]
    base = live_server.url

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(base + link[link.index("/evaluatie/") :])
    expect(page.get_by_text("zonder uw naam", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.locator("#foutmeldingen")).to_be_focused()  # the grade is required
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("Welk rapportcijfer")).get_by_label("8").check()
    page.get_by_label("Wat kan beter?").fill("Meer tijd voor de casussen")
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_role("heading", name="Dank u wel!")).to_be_visible()
    page.goto(base + link[link.index("/evaluatie/") :])
    expect(page.get_by_role("heading", name="Al ingevuld")).to_be_visible()
    assert EvaluationAnswer.objects.count() == 1

    programme = Programme.objects.create(name="Werken aan leefbare wijken", slug="wijken")
    type(event).objects.filter(pk=event.pk).update(programme=programme)
    organiser = django_user_model.objects.create_user(
        "noor@wijkactie.test", "noor@wijkactie.test", STAFF_PASSWORD, is_staff=True
    )
    programme.organisers.add(organiser)
    page.set_viewport_size({"width": 1280, "height": 900})
    staff_login(
        page, base, f"/beheer/bijeenkomsten/{event.slug}/evaluatie/", username=organiser.username
    )
    expect(page.get_by_text("1 antwoord; gemiddeld cijfer 8,0.").first).to_be_visible()
    stats = page.locator("dl.stats")
    expect(stats).to_contain_text("Uitgenodigd2")
    expect(stats).to_contain_text("Respons50%")
    page.get_by_text("De cijfers als tabel").first.click()
    table = page.get_by_role("table", name="Rapportcijfers")
    expect(table.get_by_role("row", name="8 1")).to_be_visible()
    expect(page.get_by_text("Meer tijd voor de casussen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Terugblik").first.click()
    page.get_by_label("Verslag").fill("We leerden **veel** over Animo.")
    page.get_by_label("Terugblik tonen op de pagina").check()
    page.get_by_role("button", name="Terugblik opslaan").click()
    expect(page.get_by_text("De terugblik is opgeslagen.")).to_be_visible()
    assert_accessible(page)
    assert recap.published_recap(event) is not None
    page.goto(f"{base}/bijeenkomsten/{event.slug}/")
    expect(page.get_by_role("heading", name="Terugblik")).to_be_visible()
    expect(page.locator(".recap strong")).to_have_text("veel")
    assert_accessible(page)

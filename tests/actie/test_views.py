"""The professional's scan through the test client: flow, result, sharing, privacy, queries."""

import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from tests.actie.conftest import full_answers
from wijkactie.accounts.signin import signin_tokens
from wijkactie.actie import services
from wijkactie.actie.content import registry
from wijkactie.actie.models import Scan, ScanShare, ShareLink
from wijkactie.initiatives.models import Initiative


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/actie/scans/nieuw/")
    assert response.status_code == 302
    assert response["Location"] == "/account/inloggen/?next=%2Factie%2Fscans%2Fnieuw%2F"


def test_whole_flow_start_answer_review_result(fleur_client, fleur):
    response = fleur_client.post(
        "/actie/scans/nieuw/",
        {
            "level": "professional",
            "name": "Buurtmoestuin",
            "neighbourhood": "Lombok",
            "phase": "1",
            "origin": "bewoners",
        },
    )
    scan = Scan.objects.get()
    assert response["Location"] == f"/actie/scans/{scan.public_id}/start/"
    assert scan.initiative.organisation == fleur.professional.organisation

    response = fleur_client.post(response["Location"], {"intuitive_approach": "blauw"})
    assert response["Location"] == f"/actie/scans/{scan.public_id}/gebied/A/"
    response = fleur_client.get(response["Location"])
    assert response.status_code == 200
    assert "Stap 2 van 7" in response.content.decode()

    fleur_client.post(
        f"/actie/scans/{scan.public_id}/gebied/A/",
        {"A1": "sociaal", "A2": "1", "A3": "2", "A4": "?", "note_A3": "Kerngroep van drie"},
    )
    scan.refresh_from_db()
    assert scan.answers == {"A1": "sociaal", "A2": 1, "A3": 2, "A4": None}
    assert scan.notes == {"A3": "Kerngroep van drie"}

    review = fleur_client.get(f"/actie/scans/{scan.public_id}/overzicht/").content.decode()
    assert "Nog 30 vragen niet beantwoord" in review
    assert "C1. Kent de groep andere buurtbewoners" in review

    response = fleur_client.post(f"/actie/scans/{scan.public_id}/overzicht/")
    assert response["Location"] == f"/actie/scans/{scan.public_id}/"
    page = fleur_client.get(response["Location"]).content.decode()
    assert "Het initiatief rust op weinig schouders" in page
    assert "Vooral sociale motieven" in page
    assert "Kerngroep van drie" in page
    assert '<title id="profiel-titel">ACTIE-profiel</title>' in page
    assert "Onvoldoende ingevuld" in page  # Contacten has no answers


def test_htmx_autosave_returns_a_status_and_saves(fleur_client, fleur, make_scan):
    scan = make_scan(fleur, answers={}, completed=False)
    response = fleur_client.post(
        f"/actie/scans/{scan.public_id}/gebied/C/", {"C1": "4"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content.decode().startswith("Opgeslagen om ")
    scan.refresh_from_db()
    assert scan.answers == {"C1": 4}


def test_bad_input_gets_400_and_keeps_what_was_typed(fleur_client, fleur, make_scan):
    scan = make_scan(fleur, answers={}, completed=False)
    response = fleur_client.post(
        f"/actie/scans/{scan.public_id}/gebied/T/",
        {"T1": "7", "T2": "3", "note_T2": "x" * 1001},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Controleer de volgende punten" in body
    assert "Gebruik maximaal 1000 tekens." in body
    assert '<input type="radio" name="T2" value="3" id="id_T2_2" checked>' in body
    assert '<a href="#id_T1">' in body
    assert 'id="id_T1" tabindex="-1"' in body
    scan.refresh_from_db()
    assert scan.answers == {}


def test_hostile_note_is_stored_inertly_and_shown_escaped(fleur_client, fleur, make_scan):
    scan = make_scan(fleur)
    fleur_client.post(
        f"/actie/scans/{scan.public_id}/gebied/E/",
        {"E1": "2", "note_E1": "<script>alert(1)</script>"},
    )
    scan.refresh_from_db()
    assert scan.notes["E1"] == "<script>alert(1)</script>"
    page = fleur_client.get(f"/actie/scans/{scan.public_id}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_new_scan_form_errors_are_marked(fleur_client):
    response = fleur_client.post(
        "/actie/scans/nieuw/", {"level": "professional", "name": "", "phase": "9"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul de naam van het initiatief in." in body
    assert "Kies wie het initiatief nam." in body
    assert Scan.objects.count() == 0


def test_organisation_level_scan_has_no_intuition_step_and_no_approach(fleur_client, fleur):
    response = fleur_client.post("/actie/scans/nieuw/", {"level": "organisatie"})
    scan = Scan.objects.get()
    assert scan.initiative is None
    assert response["Location"] == f"/actie/scans/{scan.public_id}/gebied/A/"
    fleur_client.post(response["Location"], {"OA1": "1", "OA2": "1", "OA3": "2"})
    page = fleur_client.get(f"/actie/scans/{scan.public_id}/").content.decode()
    assert "Maak ruimte voor eigen doelen" in page
    assert "Voorgestelde benadering" not in page


def test_choice_is_recorded(fleur_client, fleur, make_scan):
    scan = make_scan(fleur)
    response = fleur_client.post(
        f"/actie/scans/{scan.public_id}/keuze/",
        {
            "chosen_approach": "rood",
            "rationale": "De groep is net gestart",
            "next_checkin": "2027-03-01",
        },
    )
    assert response.status_code == 302
    scan.refresh_from_db()
    assert (scan.chosen_approach, scan.rationale, str(scan.next_checkin)) == (
        "rood",
        "De groep is net gestart",
        "2027-03-01",
    )
    bad = fleur_client.post(
        f"/actie/scans/{scan.public_id}/keuze/",
        {"chosen_approach": "groen", "next_checkin": "morgen"},
    )
    assert bad.status_code == 400
    assert "Vul een datum in" in bad.content.decode()


def test_pdf_contains_the_advice_points_and_the_discussion_version_drops_notes(
    fleur_client, fleur, make_scan
):
    scan = make_scan(fleur, answers=full_answers(A3=1, T7=4))
    services.save_answers(target=scan, answers={}, notes={"A3": "Alleen Ans en Piet trekken"})
    full = pdf_text(fleur_client.get(f"/actie/scans/{scan.public_id}/pdf/"))
    assert "Het initiatief rust op weinig schouders" in full
    assert "Je neemt werk over" in full
    assert "Alleen Ans en Piet trekken" in full
    discussion = pdf_text(fleur_client.get(f"/actie/scans/{scan.public_id}/pdf/?versie=bespreek"))
    assert "Bespreekversie" in discussion
    assert "Het initiatief rust op weinig schouders" in discussion
    assert "Alleen Ans en Piet trekken" not in discussion
    one_area = pdf_text(fleur_client.get(f"/actie/scans/{scan.public_id}/pdf/?gebied=T"))
    assert "Je neemt werk over" in one_area
    assert "Het initiatief rust op weinig schouders" not in one_area


def test_share_with_a_named_colleague(fleur_client, fleur, make_scan, make_professional):
    client = Client()
    scan = make_scan(fleur)
    colleague = make_professional("sam@linie.test", "Sam Bakker")
    response = fleur_client.post(
        f"/actie/scans/{scan.public_id}/delen/",
        {"action": "colleague", "collega-email": "Sam@Linie.test"},
    )
    assert response.status_code == 302
    assert ScanShare.objects.filter(scan=scan, user=colleague).exists()

    unknown = fleur_client.post(
        f"/actie/scans/{scan.public_id}/delen/",
        {"action": "colleague", "collega-email": "niemand@linie.test"},
    )
    assert unknown.status_code == 400
    assert "Er is geen account met dit e-mailadres" in unknown.content.decode()

    client.force_login(colleague)
    page = client.get(f"/actie/scans/{scan.public_id}/")
    assert page.status_code == 200
    assert "heeft deze scan met je gedeeld" in page.content.decode()
    # read-only: the colleague cannot change, share or delete
    assert client.post(f"/actie/scans/{scan.public_id}/gebied/A/", {"A2": "1"}).status_code == 404
    assert client.post(f"/actie/scans/{scan.public_id}/verwijderen/").status_code == 404


def test_share_link_expires_and_can_be_revoked(fleur_client, fleur, make_scan, time_machine):
    client = Client()
    scan = make_scan(fleur)
    services.save_answers(target=scan, answers={}, notes={"C1": "privé notitie"})
    response = fleur_client.post(
        f"/actie/scans/{scan.public_id}/delen/", {"action": "link", "link-days": "7"}
    )
    body = response.content.decode()
    url = body.split('id="nieuwe-link" type="text" readonly value="')[1].split('"')[0]
    path = url.removeprefix("http://testserver")

    shared = client.get(path)
    assert shared.status_code == 200
    assert "privé notitie" not in shared.content.decode()
    assert "Alleen-lezen bespreekversie" in shared.content.decode()
    shared_pdf = pdf_text(client.get(path + "pdf/"))
    assert "Bespreekversie" in shared_pdf and "privé notitie" not in shared_pdf

    time_machine.move_to(ShareLink.objects.get().expires_at, tick=False)
    assert client.get(path).status_code == 404

    time_machine.move_to(ShareLink.objects.get().created_at, tick=False)
    link = ShareLink.objects.get()
    fleur_client.post(
        f"/actie/scans/{scan.public_id}/delen/", {"action": "revoke", "link": link.pk}
    )
    assert client.get(path).status_code == 404


def test_rescan_timeline_and_comparison(fleur_client, fleur, make_scan):
    first = make_scan(fleur, answers=full_answers(value=2, A3=1), origin="organisatie")
    response = fleur_client.post(f"/actie/scans/{first.public_id}/opnieuw/")
    second = Scan.objects.exclude(pk=first.pk).get()
    assert second.initiative == first.initiative
    assert second.answers == first.answers
    assert response["Location"] == f"/actie/scans/{second.public_id}/start/"
    services.save_answers(target=second, answers=full_answers(value=4))
    services.complete_scan(scan=second)

    timeline = fleur_client.get(f"/actie/initiatieven/{first.initiative_id}/").content.decode()
    # Newest first, numbered in the order they were made; same-day scans differ by time.
    second_at, first_at = (timezone.localtime(s.created_at) for s in (second, first))
    newest = f"Scan 2: {second_at.day} {date_format(second_at, 'F Y')} om {second_at:%H.%M} uur"
    oldest = f"Scan 1: {first_at.day} {date_format(first_at, 'F Y')} om {first_at:%H.%M} uur"
    assert newest in timeline and oldest in timeline
    assert timeline.index(newest) < timeline.index(oldest)
    assert '<li value="2">' in timeline and '<li value="1">' in timeline
    assert timeline.count("Door jou") == 2
    assert "Wat veranderde ten opzichte van de vorige scan" in timeline

    comparison = fleur_client.get(
        f"/actie/scans/{second.public_id}/vergelijk/{first.public_id}/"
    ).content.decode()
    assert "Het initiatief rust op weinig schouders" in comparison  # resolved
    assert "beter" in comparison
    assert (
        "Voorgestelde benadering veranderd: van Rood – stimulerend naar Wit – coproductie."
        in comparison
    )


def test_delete_for_good(fleur_client, fleur, make_scan):
    scan = make_scan(fleur)
    services.create_share_link(scan=scan, days=7, include_notes=False)
    response = fleur_client.post(f"/actie/scans/{scan.public_id}/verwijderen/")
    assert response["Location"] == "/actie/scans/"
    assert not Scan.objects.exists()
    assert not ShareLink.objects.exists()
    assert Initiative.objects.count() == 1


def _scan_urls(scan):
    pid = scan.public_id
    return [
        ("get", f"/actie/scans/{pid}/"),
        ("get", f"/actie/scans/{pid}/start/"),
        ("post", f"/actie/scans/{pid}/start/"),
        ("get", f"/actie/scans/{pid}/gebied/A/"),
        ("post", f"/actie/scans/{pid}/gebied/A/"),
        ("get", f"/actie/scans/{pid}/overzicht/"),
        ("post", f"/actie/scans/{pid}/overzicht/"),
        ("post", f"/actie/scans/{pid}/keuze/"),
        ("get", f"/actie/scans/{pid}/pdf/"),
        ("get", f"/actie/scans/{pid}/pdf/?versie=bespreek"),
        ("get", f"/actie/scans/{pid}/delen/"),
        ("post", f"/actie/scans/{pid}/delen/"),
        ("get", f"/actie/scans/{pid}/verwijderen/"),
        ("post", f"/actie/scans/{pid}/verwijderen/"),
        ("post", f"/actie/scans/{pid}/opnieuw/"),
        ("get", f"/actie/scans/{pid}/vergelijk/{pid}/"),
        ("get", f"/actie/initiatieven/{scan.initiative_id}/"),
    ]


def test_every_scan_url_is_404_for_another_user(fleur, make_scan, make_professional, client):
    from wijkactie.actie.urls import urlpatterns

    scan = make_scan(fleur)
    # A colleague at another organisation, signed in with a full profile.
    other = make_professional("kees@andere.test", "Kees", organisation="Gemeente Elders")
    client.force_login(other)
    urls = _scan_urls(scan)
    # Every URL of the app that takes a scan or an initiative is in the list above.
    scan_routes = {
        str(p.pattern)
        for p in urlpatterns
        if "<uuid:" in str(p.pattern) and "/scans/" in str(p.pattern)
    }
    scan_routes |= {str(p.pattern) for p in urlpatterns if "initiatieven" in str(p.pattern)}
    covered = {resolve(url.split("?")[0]).route for _, url in urls}
    assert scan_routes <= covered, scan_routes - covered
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    scan.refresh_from_db()
    assert scan.answers == full_answers()


def test_a_colleague_of_the_same_organisation_does_not_see_an_unshared_scan(
    fleur, make_scan, make_professional, client
):
    scan = make_scan(fleur)
    client.force_login(make_professional("sam@linie.test", "Sam"))
    assert client.get(f"/actie/scans/{scan.public_id}/").status_code == 404
    assert client.get(f"/actie/scans/{scan.public_id}/pdf/").status_code == 404
    # the initiative page is the organisation's, but the scan is not listed
    page = client.get(f"/actie/initiatieven/{scan.initiative_id}/")
    assert page.status_code == 200
    assert "Nog geen scans die je mag zien." in page.content.decode()


@pytest.mark.parametrize("scans", [1, 12])
def test_result_page_queries_do_not_grow(fleur_client, fleur, make_scan, scans, make_professional):
    scan = make_scan(fleur, answers=full_answers(value=1))
    for i in range(scans - 1):
        other = make_scan(fleur, name=f"Initiatief {i}")
        services.share_with_colleague(
            scan=other, email=make_professional(f"c{i}@linie.test", f"C{i}").email
        )
        services.share_with_colleague(scan=scan, email=f"c{i}@linie.test")
    with CaptureQueriesContext(connection) as queries:
        response = fleur_client.get(f"/actie/scans/{scan.public_id}/")
    assert response.status_code == 200
    assert len(queries) == 4, [q["sql"][:60] for q in queries]


def test_sign_in_by_link(client, fleur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/inloggen/", {"email": "Fleur@Linie.test", "next": "/actie/scans/"}
        )
    assert response.status_code == 200
    assert "Kijk in je mail" in response.content.decode()
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/account/inloggen/" in line)
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200  # a mail scanner's GET does not sign in
    assert "_auth_user_id" not in client.session
    response = client.post(path)
    assert response["Location"] == "/actie/scans/"
    assert client.session["_auth_user_id"] == str(fleur.pk)
    client.logout()
    assert client.post(path).status_code == 400  # used once


def test_sign_in_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post("/account/inloggen/", {"email": "onbekend@linie.test"})
    assert response.status_code == 200
    assert "Kijk in je mail" in response.content.decode()
    assert mail.outbox == []


def test_sign_up_creates_a_professional_and_mails_a_link(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/aanmelden/",
            {
                "name": "Noor Amrani",
                "email": "noor@wijkteam.test",
                "organisation": "Sociaal Wijkteam Noord",
            },
        )
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["noor@wijkteam.test"]
    from wijkactie.accounts.models import Professional

    professional = Professional.objects.get()
    assert professional.organisation.needs_review
    assert not professional.user.has_usable_password()


def test_sign_in_link_expires(
    client, fleur, monkeypatch, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/inloggen/", {"email": "fleur@linie.test"})
    path = next(
        line for line in mail.outbox[0].body.splitlines() if "/account/inloggen/" in line
    ).removeprefix("http://127.0.0.1:8000")
    # Django's token clock is a naive datetime.now(); move that clock, not the whole process.
    later = datetime.now() + timedelta(minutes=settings.WIJKACTIE_SIGNIN_LINK_MINUTES, seconds=5)
    monkeypatch.setattr(signin_tokens, "_now", lambda: later)
    assert client.post(path).status_code == 400


def test_the_tool_speaks_english_on_request_and_keeps_the_instrument_dutch(
    fleur_client, fleur, make_scan
):
    scan = make_scan(fleur, answers=full_answers(A3=1))
    fleur_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = fleur_client.get(f"/actie/scans/{scan.public_id}/").content.decode()
    assert "Result of the scan" in page
    assert "Suggested approach" in page
    # The instrument's content is versioned Dutch text; it is not machine-translated.
    assert "Het initiatief rust op weinig schouders" in page


@pytest.mark.parametrize("count", [1, 3])
def test_scan_list_and_timeline_queries_do_not_grow(fleur_client, fleur, make_scan, count):
    scans = [make_scan(fleur, name="Buurtkamer") for _ in range(count)]
    initiative = scans[0].initiative
    Scan.objects.filter(pk__in=[s.pk for s in scans]).update(initiative=initiative)
    with CaptureQueriesContext(connection) as listing:
        assert fleur_client.get("/actie/scans/").status_code == 200
    with CaptureQueriesContext(connection) as timeline:
        page = fleur_client.get(f"/actie/initiatieven/{initiative.pk}/")
    assert page.content.decode().count("Door jou") == count
    # session, user, professional, then own scans and shared scans; or the initiative (with
    # its organisation) and its scans
    assert (len(listing), len(timeline)) == (5, 5)


def test_sign_in_links_to_one_address_are_capped(
    client, fleur, monkeypatch, django_capture_on_commit_callbacks
):
    # Each request a few seconds later, so each asks for a different link.
    clock = iter(datetime.now() + timedelta(seconds=3 * i) for i in range(100))
    monkeypatch.setattr(signin_tokens, "_now", lambda: next(clock))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(7):
            assert (
                client.post("/account/inloggen/", {"email": "fleur@linie.test"}).status_code == 200
            )
    assert len(mail.outbox) == 5


def test_the_intro_counts_the_questions_of_the_instrument(client, db):
    """Issue 9: "Kijk met vijf vragen" — the scan has 34 questions in five areas."""
    page = client.get("/actie/").content.decode()
    total = len(registry().current.levels["professional"].questions)
    assert total == 34
    assert f"Kijk met {total} vragen in vijf delen" in page
    assert "vijf vragen" not in page

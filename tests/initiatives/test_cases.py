"""Practice cases: contribution with the personal-data check, editorial workflow, knowledge page."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wijkactie.initiatives import services
from wijkactie.initiatives.models import PracticeCase, Theme

pytestmark = pytest.mark.usefixtures("commits")

VALID = {
    "kind": "vraagstuk",
    "title": "Moestuin op corporatiegrond",
    "situation": "Vier bewoners willen een moestuin op een braakliggend stuk grond van de corporatie.",
    "question": "Hoe regelen we beheer en aansprakelijkheid zonder de bewoners te overvragen?",
    "neighbourhood": "Lunetten",
    "municipality": "Utrecht",
    "contributor_name": "Fleur de Vries",
    "contributor_organisation": "Woonstichting De Linie",
    "contributor_email": "Fleur@Linie.test",
    "may_use_in_session": "on",
    "may_publish": "on",
}


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user(
        "redactie", "redactie@wijkactie.test", "x", is_staff=True
    )
    client = Client()
    client.force_login(user)
    return client


def submit(client, **changes) -> object:
    data = {**VALID, **changes}
    return client.post("/casussen/insturen/?bijeenkomst=", data)


def test_contribute_and_follow_through_review_to_publication(client, staff, make_event):
    event = make_event(title="Corporaties en bewonersinitiatieven")
    data = {**VALID, "themes": [Theme.objects.get(slug="groen").pk]}
    response = client.post(f"/casussen/insturen/?bijeenkomst={event.slug}", data)
    case = PracticeCase.objects.get()
    assert response["Location"] == f"/casussen/volg/{case.follow_token}/"
    assert (case.contributor_email, case.submitted_from, case.status) == (
        "fleur@linie.test",
        event,
        "nieuw",
    )
    assert case.contributor_organisation.needs_review
    assert mail.outbox[-1].subject == "Ontvangen: je casus 'Moestuin op corporatiegrond'"
    assert f"/casussen/volg/{case.follow_token}/" in mail.outbox[-1].body

    staff.post(f"/beheer/casussen/{case.pk}/", {"action": "review"})
    staff.post(
        f"/beheer/casussen/{case.pk}/",
        {"action": "accept", "accept-event": event.pk, "accept-for_publication": "on"},
    )
    case.refresh_from_db()
    assert (case.status, case.accepted_event, case.accepted_for_publication) == (
        "geaccepteerd",
        event,
        True,
    )
    assert (
        "We gebruiken hem in de bijeenkomst 'Corporaties en bewonersinitiatieven'."
        in mail.outbox[-1].body
    )
    assert client.get("/casussen/").content.decode().count("Moestuin op corporatiegrond") == 0

    staff.post(f"/beheer/casussen/{case.pk}/", {"action": "publish"})
    case.refresh_from_db()
    assert case.status == "gepubliceerd" and case.published_at
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Ontvangen",
        "In behandeling",
        "Geaccepteerd",
        "Gepubliceerd",
    ]
    listing = client.get(
        f"/casussen/?q=moestuin&theme={Theme.objects.get(slug='groen').pk}"
    ).content.decode()
    assert "Moestuin op corporatiegrond" in listing
    detail = client.get(f"/casussen/{case.pk}/").content.decode()
    assert (
        "Fleur" not in detail and "fleur@linie.test" not in detail
    )  # the contributor is not published
    follow = client.get(f"/casussen/volg/{case.follow_token}/").content.decode()
    assert "Gepubliceerd" in follow


def test_decline_needs_a_reason_and_mails_it(client, staff):
    submit(client)
    case = PracticeCase.objects.get()
    empty = staff.post(f"/beheer/casussen/{case.pk}/", {"action": "decline", "decline-reason": " "})
    assert empty.status_code == 400
    staff.post(
        f"/beheer/casussen/{case.pk}/",
        {"action": "decline", "decline-reason": "Lijkt te veel op een eerdere casus."},
    )
    case.refresh_from_db()
    assert case.status == "afgewezen"
    assert "Lijkt te veel op een eerdere casus." in mail.outbox[-1].body
    assert staff.post(f"/beheer/casussen/{case.pk}/", {"action": "publish"}).status_code == 400


def test_acceptance_respects_the_contributors_permissions(client, staff, make_event):
    event = make_event()
    submit(client, may_use_in_session="", may_publish="")
    case = PracticeCase.objects.get()
    response = staff.post(
        f"/beheer/casussen/{case.pk}/", {"action": "accept", "accept-event": event.pk}
    )
    assert response.status_code == 400
    assert "geen toestemming voor gebruik in een bijeenkomst" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "nieuw"


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        (
            "situation",
            "Mevrouw Jansen (j.jansen@gmail.com) trekt het initiatief.",
            "een e-mailadres",
        ),
        ("question", "Bel haar op 06-12345678.", "een telefoonnummer"),
        (
            "situation",
            "Het gaat om de bewoner van de Kastanjelaan 12.",
            "een straat met huisnummer",
        ),
    ],
)
def test_personal_data_is_caught_and_the_text_is_kept(client, field, text, found):
    response = submit(client, **{field: text})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Dit lijkt {found} te bevatten" in body
    assert text.split("(")[0].strip()[:20] in body
    assert PracticeCase.objects.count() == 0
    # someone who checked (a community centre's address) can confirm and send
    confirmed = submit(client, **{field: text, "no_personal_data": "on"})
    assert confirmed.status_code == 302


def test_hostile_input_is_stored_inertly_and_shown_escaped(client, staff):
    submit(client, title="<img src=x onerror=alert(1)>")
    case = PracticeCase.objects.get()
    assert case.title == "<img src=x onerror=alert(1)>"
    page = staff.get(f"/beheer/casussen/{case.pk}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("count", [1, 3])
def test_knowledge_page_queries_do_not_grow(client, count):
    for i in range(count):
        case = services.submit_case(
            data={**VALID, "title": f"Casus {i}", "may_use_in_session": True, "may_publish": True},
            themes=Theme.objects.all()[:2],
        )
        services.accept_case(case=case, actor=None, event=None, for_publication=True)
        services.publish_case(case=case, actor=None)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/casussen/").content.decode()
    assert body.count("Casus ") >= count
    assert len(queries) == 4, [
        q["sql"][:70] for q in queries
    ]  # themes (filter), count, page, themes


def test_case_form_in_english_on_request(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/casussen/insturen/").content.decode()
    assert "Join in and contribute!" in page
    assert "No personal data of residents." in page


@pytest.mark.parametrize("count", [1, 3])
def test_staff_case_list_queries_do_not_grow(client, staff, count):
    for i in range(count):
        submit(client, title=f"Casus {i}")
    with CaptureQueriesContext(connection) as queries:
        body = staff.get("/beheer/casussen/").content.decode()
    assert body.count("/beheer/casussen/") >= count
    # session, user, the counts per status, the cases with organisation and event
    assert len(queries) == 4, [q["sql"][:70] for q in queries]


def test_staff_redact_a_case_the_original_stays_and_the_contributor_is_told(client, staff):
    submit(
        client,
        situation="Mevrouw Jansen van nummer 12 trekt de groep; vier bewoners willen een moestuin.",
    )
    case = PracticeCase.objects.get()
    page = staff.get(f"/beheer/casussen/{case.pk}/").content.decode()
    assert "Tekst aanpassen" in page
    mail.outbox.clear()
    redacted = "Een bewoner trekt de groep; vier bewoners willen een moestuin."
    response = staff.post(
        f"/beheer/casussen/{case.pk}/",
        {
            "action": "edit",
            "edit-title": case.title,
            "edit-situation": redacted,
            "edit-question": case.question,
            "edit-neighbourhood": case.neighbourhood,
            "edit-note": "We hebben de naam van een bewoner weggehaald.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.situation == redacted
    (original,) = case.revisions.all()
    assert original.situation.startswith("Mevrouw Jansen van nummer 12")
    history = staff.get(f"/beheer/casussen/{case.pk}/").content.decode()
    assert "Oorspronkelijke tekst van de inbrenger" in history and "Mevrouw Jansen" in history
    (message,) = mail.outbox
    assert message.to == ["fleur@linie.test"]
    assert "We hebben de naam van een bewoner weggehaald." in message.body
    assert "Was: Mevrouw Jansen van nummer 12" in message.body
    assert f"Nu: {redacted}" in message.body
    # Nothing changed: nothing written, nobody mailed.
    same = staff.post(
        f"/beheer/casussen/{case.pk}/",
        {
            "action": "edit",
            "edit-title": case.title,
            "edit-situation": redacted,
            "edit-question": case.question,
            "edit-neighbourhood": case.neighbourhood,
            "edit-note": "Niets",
        },
    )
    assert same.status_code == 400
    assert case.revisions.count() == 1 and len(mail.outbox) == 1


def test_an_edit_without_a_note_is_refused_and_keeps_the_text(client, staff):
    submit(client)
    case = PracticeCase.objects.get()
    response = staff.post(
        f"/beheer/casussen/{case.pk}/",
        {
            "action": "edit",
            "edit-title": "Nieuwe titel",
            "edit-situation": "Korter.",
            "edit-question": case.question,
            "edit-neighbourhood": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Schrijf kort wat je veranderde" in page and "Korter." in page
    case.refresh_from_db()
    assert case.title == VALID["title"] and not case.revisions.exists()


def test_a_case_sent_in_english_gets_its_mails_in_english(client, staff):
    """Finding: the case mails were rendered without the recipient's language."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    submit(client)
    case = PracticeCase.objects.get()
    assert case.language == "en"
    assert mail.outbox[-1].subject == "Received: your case 'Moestuin op corporatiegrond'"
    staff.post(f"/beheer/casussen/{case.pk}/", {"action": "review"})  # staff work in Dutch
    assert mail.outbox[-1].subject == "In review: your case 'Moestuin op corporatiegrond'"

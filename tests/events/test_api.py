import json

import pytest
from django.contrib.auth.models import User

from tests.factories import add_parts
from wijkactie.accounts.services import create_api_token
from wijkactie.events.models import Event, Programme, Registration, Role


def post(client, url, data, **headers):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", headers=headers)


def payload(**overrides):
    data = {
        "first_name": "Karim",
        "last_name": "El Amrani",
        "email": "karim@rivierstad.test",
        "organisation": "Wooncorporatie Rivierstad",
        "role": "sociaal_beheerder",
        "attends_all_parts": True,
        "accept_terms": True,
        "billing_address": "Postbus 12, 1000 AA Amsterdam",
    }
    data.update(overrides)
    return data


@pytest.fixture
def token(programme):
    """An organiser of the programme (programme staff, no administrator)."""
    user = User.objects.create_user("organisator", is_staff=True)
    programme.organisers.add(user)
    return create_api_token(user=user, days=30)


def test_register_returns_201_with_status_prices_and_manage_url(client, make_event):
    event = make_event(capacity=1)
    first = post(client, f"/api/v1/events/{event.slug}/registrations", payload())
    second = post(
        client,
        f"/api/v1/events/{event.slug}/registrations",
        payload(email="b@rivierstad.test", auto_confirm_from_waitlist=True),
    )
    assert first.status_code == 201
    body = first.json()
    assert (body["status"], body["waitlist_position"]) == ("confirmed", None)
    assert (body["price_excl_vat"], body["price_incl_vat"]) == ("125.00", "151.25")
    assert body["manage_url"].startswith("http://127.0.0.1:8000/aanmelding/")
    assert (second.json()["status"], second.json()["waitlist_position"]) == ("waitlisted", 1)
    assert Registration.objects.get(email="b@rivierstad.test").auto_confirm is True


def test_bad_input_gets_400_with_per_field_messages(client, make_event):
    event = make_event()
    response = post(
        client,
        f"/api/v1/events/{event.slug}/registrations",
        payload(email="nope", role="koning", first_name="x" * 10_000, accept_terms=False),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"email", "role", "first_name", "accept_terms"}
    assert errors["first_name"] == ["Gebruik maximaal 100 tekens."]


def test_not_attending_all_parts_is_refused(client, make_event):
    event = make_event()
    add_parts(event, "ochtenddeel", "middagdeel")
    response = post(
        client, f"/api/v1/events/{event.slug}/registrations", payload(attends_all_parts=False)
    )
    assert response.status_code == 400
    assert "attends_all_parts" in response.json()["errors"]


@pytest.mark.parametrize("body", ["{niet json", "[1, 2]", '"tekst"'])
def test_malformed_json_gets_400(client, make_event, body):
    event = make_event()
    assert post(client, f"/api/v1/events/{event.slug}/registrations", body).status_code == 400


def test_duplicate_email_gets_409_revealing_nothing(client, make_event):
    event = make_event()
    post(client, f"/api/v1/events/{event.slug}/registrations", payload())
    response = post(client, f"/api/v1/events/{event.slug}/registrations", payload())
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Voor dit e-mailadres bestaat al een aanmelding voor deze bijeenkomst."
    }


def test_cancel_by_token(client, make_event):
    event = make_event()
    created = post(client, f"/api/v1/events/{event.slug}/registrations", payload()).json()
    token = created["manage_url"].rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/api/v1/registrations/{token}/cancel").json()["status"] == "cancelled"
    assert client.post(f"/api/v1/registrations/{token}/cancel").status_code == 409
    assert client.post("/api/v1/registrations/onbekend/cancel").status_code == 404


def test_event_list_and_detail_with_counts_and_status(client, demo):
    events = client.get("/api/v1/events").json()["events"]
    seed = next(e for e in events if e["slug"] == "corporaties-en-bewonersinitiatieven")
    assert (seed["capacity"], seed["confirmed"], seed["waiting"], seed["status"]) == (
        40,
        40,
        3,
        "full",
    )
    assert [p["starts_at"] for p in seed["parts"]] == ["10:30", "12:00", "13:00"]
    assert seed["parts"][0]["speakers"][0] == {
        "name": "Femke Bax",
        "organisation": "Platform31",
        "topic": "",
    }
    assert client.get("/api/v1/events/corporaties-en-bewonersinitiatieven").json() == seed
    assert client.get("/api/v1/events/bestaat-niet").status_code == 404


def test_staff_endpoints_need_a_token(client, make_event):
    event = make_event()
    assert post(client, "/api/v1/events", {}).status_code == 401
    assert client.get(f"/api/v1/events/{event.slug}/registrations").status_code == 401
    assert post(client, "/api/v1/events", {}, HTTP_AUTHORIZATION="Token fout").status_code == 401


def test_staff_creates_updates_and_lists(client, token):
    auth = {"Authorization": f"Token {token}"}
    created = post(
        client,
        "/api/v1/events",
        {
            "slug": "nieuw",
            "title": "Nieuwe sessie",
            "starts_at": "2027-02-01T10:00:00+01:00",
            "ends_at": "2027-02-01T12:00:00+01:00",
            "capacity": 1,
            "price_excl_vat": "0",
            "location_kind": "online",
            "programme": "wijken",
        },
        **auth,
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "open"
    assert created.json()["programme_name"] == "Werken aan leefbare wijken"
    bad = post(client, "/api/v1/events", {"slug": "x", "capacity": -1}, **auth)
    assert bad.status_code == 400 and {"title", "starts_at", "capacity"} <= set(
        bad.json()["errors"]
    )
    post(client, "/api/v1/events/nieuw/registrations", payload())
    post(client, "/api/v1/events/nieuw/registrations", payload(email="twee@rivierstad.test"))
    patched = client.patch(
        "/api/v1/events/nieuw",
        json.dumps({"capacity": 2}),
        content_type="application/json",
        headers=auth,
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["offered"] == 1
    too_low = client.patch(
        "/api/v1/events/nieuw",
        json.dumps({"capacity": 0}),
        content_type="application/json",
        headers=auth,
    )
    assert too_low.status_code == 400 and "capacity" in too_low.json()["errors"]
    rows = client.get("/api/v1/events/nieuw/registrations", headers=auth).json()["registrations"]
    assert [(r["email"], r["status"]) for r in rows] == [
        ("karim@rivierstad.test", "confirmed"),
        ("twee@rivierstad.test", "offered"),
    ]
    assert Event.objects.get(slug="nieuw").capacity == 2


def test_programme_staff_reach_only_their_programmes_events(client, token, make_event):
    auth = {"Authorization": f"Token {token}"}
    other = Programme.objects.create(name="Ander programma", slug="ander")
    theirs = make_event(programme=other)
    loose = make_event()  # no programme: administrators only
    for event in (theirs, loose):
        listed = client.get(f"/api/v1/events/{event.slug}/registrations", headers=auth)
        patched = client.patch(
            f"/api/v1/events/{event.slug}",
            json.dumps({"capacity": 9}),
            content_type="application/json",
            headers=auth,
        )
        assert (listed.status_code, patched.status_code) == (404, 404)
        event.refresh_from_db()
        assert event.capacity == 3
    refused = post(
        client,
        "/api/v1/events",
        {
            "slug": "elders",
            "title": "Elders",
            "starts_at": "2027-02-01T10:00:00+01:00",
            "ends_at": "2027-02-01T12:00:00+01:00",
            "capacity": 1,
            "price_excl_vat": "0",
            "location_kind": "online",
            "programme": "ander",
        },
        **auth,
    )
    assert refused.status_code == 400 and "programme" in refused.json()["errors"]
    assert not Event.objects.filter(slug="elders").exists()


def test_public_endpoints_are_rate_limited(client, make_event, settings):
    settings.WIJKACTIE_PUBLIC_RATE_LIMIT = "3/m"
    event = make_event()
    codes = [client.get(f"/api/v1/events/{event.slug}").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_the_schema_is_made_from_the_code_that_serves_it(client, db):
    """Finding: the hand-written schema documented 10 of the 26 fields the API accepted, and
    called `attends_all_parts` required. Now each body schema is made from the form that
    validates it, so it cannot drift."""
    from wijkactie.events.api import ApiRegistrationForm, EventApiForm

    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/events",
        "/api/v1/events/{slug}",
        "/api/v1/events/{slug}/registrations",
        "/api/v1/registrations/{token}/cancel",
        "/api/v1/initiatives.geojson",
    } <= set(schema["paths"])
    bodies = schema["components"]["schemas"]
    assert set(bodies["EventCreate"]["properties"]) == set(EventApiForm().fields)
    assert set(bodies["EventUpdate"]["properties"]) == set(EventApiForm().fields)
    assert "required" not in bodies["EventUpdate"]
    registration = bodies["RegistrationIn"]
    assert set(registration["properties"]) == set(ApiRegistrationForm().fields)
    assert "attends_all_parts" not in registration["required"]
    assert registration["properties"]["role"]["enum"] == list(Role.values)
    assert registration["properties"]["first_name"]["maxLength"] == 100


def test_one_declared_limit_answers_429_in_json_for_the_api_and_html_for_forms(
    client, make_event, settings
):
    settings.WIJKACTIE_PUBLIC_RATE_LIMIT = "2/m"
    event = make_event()
    answers = [post(client, f"/api/v1/events/{event.slug}/registrations", {}) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 429]
    assert answers[-1].json()["detail"].startswith("Te veel verzoeken")
    pages = [client.post(f"/bijeenkomsten/{event.slug}/", {}) for _ in range(3)]
    assert pages[-1].status_code == 429
    assert "Te veel verzoeken vanaf dit adres" in pages[-1].content.decode()
    assert client.get(f"/bijeenkomsten/{event.slug}/").status_code == 200  # reading stays open


def test_an_unknown_event_or_path_answers_the_apis_json_404(client, db, token):
    for url, detail in (
        ("/api/v1/events/bestaat-niet/registrations", "Bijeenkomst niet gevonden."),
        ("/api/v1/bestaat-niet", "Niet gevonden."),
    ):
        response = client.get(url, headers={"Authorization": f"Token {token}"})
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": detail}
    page = client.get("/bestaat-niet/")
    assert page.status_code == 404 and "text/html" in page["Content-Type"]


def test_a_wrong_method_answers_405_in_the_error_shape(client, db):
    response = client.put("/api/v1/registrations/abc/cancel")
    assert response.status_code == 405
    assert response.json() == {"detail": "Methode niet toegestaan."}
    assert response["Allow"] == "POST"


def test_the_published_schema_is_valid_openapi(client, db):
    """Finding: `vat_rate` had a string default on an integer type; schemathesis did not notice,
    an independent validator does."""
    from openapi_spec_validator import validate

    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    bodies = schema["components"]["schemas"]
    for body in ("EventCreate", "EventUpdate"):
        for field in ("price_excl_vat", "vat_rate"):
            assert bodies[body]["properties"][field]["type"] == "string", (body, field)


def test_money_in_the_api_is_a_decimal_string_in_and_out(client, token):
    """Finding: the API refused a price of 12.50 ("Verwacht een geheel getal") while the editor
    and the API's own output use decimals."""
    auth = {"Authorization": f"Token {token}"}
    event = {
        "slug": "decimaal",
        "title": "Sessie",
        "starts_at": "2027-02-01T10:00:00+01:00",
        "ends_at": "2027-02-01T12:00:00+01:00",
        "capacity": 10,
        "location_kind": "online",
        "programme": "wijken",
    }
    created = post(client, "/api/v1/events", {**event, "price_excl_vat": "12.50"}, **auth)
    assert created.status_code == 201, created.content
    assert created.json()["price_excl_vat"] == "12.50"
    assert created.json()["price_incl_vat"] == "15.13"
    patched = client.patch(
        "/api/v1/events/decimaal",
        json.dumps({"vat_rate": "9.00"}),
        content_type="application/json",
        headers=auth,
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["price_incl_vat"] == "13.63"
    bad = post(client, "/api/v1/events", {**event, "slug": "x", "price_excl_vat": "12,50"}, **auth)
    assert bad.status_code == 400 and "price_excl_vat" in bad.json()["errors"]


def test_an_api_registration_takes_its_language(client, make_event):
    """Finding: the API took no `language`, so API registrants always got Dutch mail."""
    event = make_event()
    created = post(
        client,
        f"/api/v1/events/{event.slug}/registrations",
        payload(language="en"),
    )
    assert created.status_code == 201, created.content
    assert Registration.objects.get(pk=created.json()["id"]).language == "en"
    dutch = post(
        client,
        f"/api/v1/events/{event.slug}/registrations",
        payload(email="twee@rivierstad.test"),
    )
    assert Registration.objects.get(pk=dutch.json()["id"]).language == "nl"
    bad = post(
        client,
        f"/api/v1/events/{event.slug}/registrations",
        payload(email="drie@rivierstad.test", language="fr"),
    )
    assert bad.status_code == 400 and "language" in bad.json()["errors"]


@pytest.mark.parametrize("query", ["phase=99", "status=bogus", "theme=999999"])
def test_an_unknown_map_filter_value_is_a_400(client, db, query):
    """Finding: `phase=99` or `status=bogus` answered 200 with the unfiltered list."""
    response = client.get(f"/api/v1/initiatives.geojson?{query}")
    assert response.status_code == 400
    field = query.split("=")[0]
    assert field in response.json()["errors"]
    page = client.get(f"/initiatieven/?{query}")
    assert page.status_code == 400
    assert client.get("/api/v1/initiatives.geojson?phase=2").status_code == 200


def test_a_new_start_through_the_api_moves_the_programme_as_the_editor_does(
    client, token, admin_client, make_event, programme
):
    """Finding: changing the start through the API moved the event but left the parts behind
    (start 14:00, the page and the .ics still said 13.00-...)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from wijkactie.events.ical import event_calendar

    amsterdam = ZoneInfo("Europe/Amsterdam")
    start = datetime(2027, 3, 2, 13, 0, tzinfo=amsterdam)
    event = make_event(programme=programme, starts_at=start, ends_at=start.replace(hour=17))
    add_parts(event, "middagdeel")  # 10.00-11.00 from the helper; set it to the afternoon
    event.parts.update(starts_at=time(13), ends_at=time(15))
    auth = {"Authorization": f"Token {token}"}
    moved = client.patch(
        f"/api/v1/events/{event.slug}",
        json.dumps({"starts_at": "2027-03-02T14:00:00+01:00"}),
        content_type="application/json",
        headers=auth,
    )
    assert moved.status_code == 200, moved.content
    assert [(p["starts_at"], p["ends_at"]) for p in moved.json()["parts"]] == [("14:00", "16:00")]
    assert "14.00" in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert b"DTSTART;TZID=Europe/Amsterdam:20270302T140000" in event_calendar(
        Event.objects.get(pk=event.pk)
    )
    too_late = client.patch(
        f"/api/v1/events/{event.slug}",
        json.dumps({"starts_at": "2027-03-02T16:00:00+01:00"}),
        content_type="application/json",
        headers=auth,
    )
    assert too_late.status_code == 400 and "starts_at" in too_late.json()["errors"]
    assert event.parts.get().starts_at == time(14)


def test_the_api_asks_about_an_address_at_a_verified_domain_as_the_form_does(
    client, make_event, partner
):
    event = make_event(capacity=10)
    url = f"/api/v1/events/{event.slug}/registrations"
    asked = post(client, url, payload(email="jan.pol@linie.test", organisation="De Linie Wonen"))
    assert asked.status_code == 400 and "organisation_choice" in asked.json()["errors"]
    assert "Woonstichting De Linie" in asked.json()["errors"]["organisation_choice"][0]
    filed = post(
        client,
        url,
        payload(
            email="jan.pol@linie.test",
            organisation="De Linie Wonen",
            organisation_choice="domain",
        ),
    )
    assert filed.status_code == 201 and filed.json()["price_excl_vat"] == "0.00"

"""Hostile input on every public form and API field: never a 5xx (issue 8).

Runs in both passes of ./test, so on SQLite and on PostgreSQL. Each endpoint gets the same
strategies: overlong, empty, unicode of every plane, right-to-left and emoji, NUL and control
characters, HTML and SQL-ish text; the JSON API also gets wrong types, lone surrogates, huge
numbers, infinities and deep nesting.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkactie.accounts.forms import ProfileForm, SignUpForm
from wijkactie.accounts.services import create_api_token
from wijkactie.events.api import ApiRegistrationForm, EventApiForm
from wijkactie.events.forms import ColleagueForm, RegistrationForm
from wijkactie.initiatives.forms import (
    CaseFilterForm,
    CaseForm,
    InitiativeFilterForm,
    InitiativeForm,
)

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31mrood",
    "regel\nregel",
    "tab\tin\tnaam",
    "\u202eredro\u202c",  # right-to-left override
    "مرحبا بالعالم",
    "👩🏽‍🚀🏳️‍🌈",
    "İ" * 20,
    "ß" * 200,
    "<script>alert(1)</script>",
    "' OR 1=1; --",
    "Robert'); DROP TABLE events_registration;--",
    "${jndi:ldap://x}",
    '=HYPERLINK("x")',
    "a" * 10_000,
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "0x10",
    "2026-02-30T25:61:00",
    "javascript:alert(1)",
    "//evil.example/",
]
# Everything a browser can send in a form (no lone surrogates: they cannot be encoded).
form_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1000, max_size=3000),
)
json_scalar = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),  # includes lone surrogates, sent as \\udXXX escapes
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
json_value = st.recursive(
    json_scalar,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
# Derandomised: the same examples in every run, so CI never fails by chance; a new strategy or
# example list is how to look further.
FUZZ = settings(
    derandomize=True,
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields(*forms, extra=()) -> list[str]:
    """The fields of the forms behind an endpoint, read from the forms themselves: a field added
    to a form is fuzzed without anyone listing it here."""
    return sorted({name for form in forms for name in form.base_fields} | set(extra))


COLLEAGUE = [f"collega-0-{name}" for name in ColleagueForm.base_fields]
REGISTRATION_FIELDS = fields(
    RegistrationForm, extra=["collega-TOTAL_FORMS", "collega-INITIAL_FORMS", *COLLEAGUE]
)
API_REGISTRATION_FIELDS = fields(ApiRegistrationForm)
CASE_FIELDS = fields(CaseForm)
INITIATIVE_FIELDS = fields(InitiativeForm)
ACCOUNT_FIELDS = fields(SignUpForm, ProfileForm, extra=["next"])
LIST_PARAMS = fields(InitiativeFilterForm, CaseFilterForm, extra=["pagina"])
EVENT_FIELDS = fields(EventApiForm)


def assert_no_server_error(response, what):
    assert response.status_code < 500, (what, response.status_code)


@pytest.fixture
def event(make_event, partner):
    return make_event(capacity=2)


@given(data=st.fixed_dictionaries({}, optional={f: form_text for f in REGISTRATION_FIELDS}))
@FUZZ
def test_registration_form(client, event, data):
    response = client.post(f"/bijeenkomsten/{event.slug}/", data)
    assert_no_server_error(response, data)


@given(data=st.fixed_dictionaries({}, optional={f: form_text for f in CASE_FIELDS}))
@FUZZ
def test_case_form(client, themes, data):
    assert_no_server_error(client.post("/casussen/insturen/", data), data)


@given(data=st.fixed_dictionaries({}, optional={f: form_text for f in INITIATIVE_FIELDS}))
@FUZZ
def test_initiative_form(fleur_client, themes, data):
    assert_no_server_error(fleur_client.post("/initiatieven/nieuw/", data), data)


@given(data=st.fixed_dictionaries({}, optional={f: form_text for f in ACCOUNT_FIELDS}))
@FUZZ
def test_account_forms(client, fleur_client, data):
    assert_no_server_error(client.post("/account/aanmelden/", data), data)
    assert_no_server_error(client.post("/account/inloggen/", data), data)
    assert_no_server_error(fleur_client.post("/account/", data), data)


@given(value=form_text, other=form_text)
@FUZZ
def test_lists_filters_and_codes(client, themes, value, other):
    for name in LIST_PARAMS:
        params = {name: value, "pagina": other}
        assert_no_server_error(client.get("/initiatieven/", params), params)
        assert_no_server_error(client.get("/api/v1/initiatives.geojson", params), params)
        assert_no_server_error(client.get("/casussen/", params), params)
    assert_no_server_error(client.get("/g/", {"code": value}), value)
    assert_no_server_error(client.post("/g/", {"code": value}), value)
    assert_no_server_error(client.get("/actie/snel/", {"A2": value, "niveau": other}), value)


@given(body=st.dictionaries(st.sampled_from(API_REGISTRATION_FIELDS), json_value))
@FUZZ
def test_api_registration(client, event, body):
    response = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        json.dumps(body),
        content_type="application/json",
    )
    assert_no_server_error(response, body)


@given(body=st.dictionaries(st.sampled_from(EVENT_FIELDS), json_value))
@FUZZ
def test_staff_api_events(client, event, admin_user, body):
    headers = {"Authorization": f"Token {create_api_token(user=admin_user, days=30)}"}
    for method, url in (("post", "/api/v1/events"), ("patch", f"/api/v1/events/{event.slug}")):
        response = getattr(client, method)(
            url, json.dumps(body), content_type="application/json", headers=headers
        )
        assert_no_server_error(response, (method, body))


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 50_000 + b"]" * 50_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b'{"first_name": "\\ud800"}',
        b'{"\\udc00": 1}',
        b"\xff\xfe",
        b'{"capacity": 1e999}',
        b"NaN",
    ],
)
def test_api_refuses_broken_json_with_400(client, event, raw):
    response = client.post(
        f"/api/v1/events/{event.slug}/registrations", raw, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_staff_api_starts_at_as_integer_is_a_400(client, admin_user):
    """Finding: `starts_at` as an integer gave a 500."""
    headers = {"Authorization": f"Token {create_api_token(user=admin_user, days=30)}"}
    body = {
        "slug": "x",
        "title": "X",
        "starts_at": 1700000000,
        "ends_at": 1700003600,
        "capacity": 10,
        "location_kind": "online",
    }
    response = client.post(
        "/api/v1/events", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert "starts_at" in response.json()["errors"]


def test_a_long_lower_cased_prefix_is_refused_not_a_database_error(client, event):
    """Finding: 'İ'×20 grew past its column when lower-cased (a DataError on PostgreSQL)."""
    response = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        json.dumps(
            {
                "first_name": "A",
                "name_prefix": "İ" * 20,
                "last_name": "B",
                "email": "a@b.test",
                "organisation": "C",
                "role": "anders",
                "accept_terms": True,
                "attends_all_parts": True,
                "billing_address": "Postbus 1",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "name_prefix" in response.json()["errors"]


def test_control_characters_and_surrogates_are_refused_in_the_api(client, event):
    """Finding: the API did not clean organisation and billing fields."""
    body = {
        "first_name": "A",
        "last_name": "B",
        "email": "a@b.test",
        "organisation": "Corporatie\x07",
        "role": "anders",
        "accept_terms": True,
        "attends_all_parts": True,
        "billing_address": "Postbus 1\ud800",
    }
    response = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"organisation", "billing_address"}


def test_staff_moving_someone_to_an_absurd_group_is_a_message(admin_client, event):
    """Finding: an OverflowError on a staff initiatives page."""
    response = admin_client.post(
        f"/beheer/bijeenkomsten/{event.slug}/middag/verplaatsen/",
        {"registration": "9" * 40, "group": "9" * 40},
    )
    assert response.status_code in (302, 400)


def test_staff_resend_never_redirects_off_site(
    admin_client, event, django_capture_on_commit_callbacks
):
    """Finding: an open redirect through next= on the resend button (`javascript:` gave a 500)."""
    from tests.factories import register  # noqa: PLC0415
    from wijkactie.core.models import OutgoingEmail  # noqa: PLC0415

    register(event, 1)
    mail = OutgoingEmail.objects.first()
    for target in ("javascript:alert(1)", "https://evil.example/", "//evil.example/"):
        response = admin_client.post(f"/beheer/mail/{mail.pk}/opnieuw/", {"next": target})
        assert response.status_code == 302
        assert response["Location"] == "/beheer/mail/"
    response = admin_client.post(
        f"/beheer/mail/{mail.pk}/opnieuw/", {"next": f"/beheer/bijeenkomsten/{event.slug}/"}
    )
    assert response["Location"] == f"/beheer/bijeenkomsten/{event.slug}/"


def test_exports_never_fail_on_stored_text(admin_client, event):
    """Finding: one control character in a name made the staff XLSX export answer 500."""
    from tests.factories import register  # noqa: PLC0415
    from wijkactie.events.models import Registration  # noqa: PLC0415

    registration = register(event, 1)
    Registration.objects.filter(pk=registration.pk).update(
        first_name="Bel\x07la", last_name="\x1b[31m"
    )
    for fmt in ("csv", "xlsx"):
        response = admin_client.get(f"/beheer/bijeenkomsten/{event.slug}/deelnemers.{fmt}")
        assert response.status_code == 200, fmt
    assert Client().get("/healthz").status_code == 200


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_moment_outside_any_plan_is_a_400_not_an_overflow(client, admin_user, moment):
    """Finding (schemathesis): year 1 at +01:00 does not fit in UTC: a 500 on saving."""
    headers = {"Authorization": f"Token {create_api_token(user=admin_user, days=30)}"}
    body = {
        "slug": "x",
        "title": "X",
        "starts_at": moment,
        "ends_at": moment,
        "capacity": 1,
        "location_kind": "online",
        "price_excl_vat": "0",
    }
    response = client.post(
        "/api/v1/events", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["errors"]["starts_at"] == ["Kies een moment tussen 2000 en 2100."]


def test_a_theme_number_no_row_can_have_is_an_invalid_choice(fleur_client, client, themes):
    """Finding (hypothesis): a 30-digit theme id overflowed SQLite's INTEGER: a 500."""
    huge = "9" * 30
    response = fleur_client.post("/initiatieven/nieuw/", {"name": "Buurttuin", "themes": [huge]})
    assert response.status_code in (200, 400)
    assert "themes" in response.context["form"].errors
    # An unknown filter value is a 400 (issue 20), never a 500.
    assert client.get("/api/v1/initiatives.geojson", {"theme": huge}).status_code == 400
    assert client.get("/initiatieven/", {"theme": huge}).status_code == 400

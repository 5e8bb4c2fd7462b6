"""schemathesis against the generated /api/v1/openapi.json: every answer conforms to the schema
(status code, content type, body) and no input gives a 5xx. Bounded examples per operation, so
this stays within a minute."""

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import add_parts
from wijkactie.accounts.services import create_api_token

SLUG = "schema-sessie"


OPERATIONS = [
    ("/api/v1/events", "GET"),
    ("/api/v1/events", "POST"),
    ("/api/v1/events/{slug}", "GET"),
    ("/api/v1/events/{slug}", "PATCH"),
    ("/api/v1/events/{slug}/registrations", "GET"),
    ("/api/v1/events/{slug}/registrations", "POST"),
    ("/api/v1/registrations/{token}/cancel", "POST"),
    ("/api/v1/initiatives.geojson", "GET"),
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_connection():
    """Calls go through the WSGI app in this thread; as Django's test client does, keep the
    request signals from closing the test's database connection (and its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_key(db):
    return create_api_token(
        user=User.objects.create_user("api-organisator", is_staff=True), days=30
    )


def test_every_operation_of_the_schema_is_tested(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    documented = {(path, method.upper()) for path, item in paths.items() for method in item}
    assert documented == set(OPERATIONS)


# Operations that take no input a schema can call invalid (no body, no query, a free-text path
# value): schemathesis cannot make negative examples for them.
NOTHING_TO_NEGATE = {
    ("/api/v1/events", "GET"),
    ("/api/v1/events/{slug}", "GET"),
    ("/api/v1/registrations/{token}/cancel", "POST"),
}
CASES = [(path, method, GenerationMode.POSITIVE) for path, method in OPERATIONS] + [
    (path, method, GenerationMode.NEGATIVE)
    for path, method in OPERATIONS
    if (path, method) not in NOTHING_TO_NEGATE
]


@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_the_api_answers_as_its_schema_says(
    db, keep_connection, make_event, settings, staff_key, path, method, mode
):
    """Valid and invalid input alike: never a 5xx, every answer as documented."""
    settings.WIJKACTIE_PUBLIC_RATE_LIMIT = "100000/m"
    add_parts(make_event(slug=SLUG, capacity=2), "ochtenddeel", "middagdeel")
    from wijkactie.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operation = schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def call(case):
        if "slug" in (case.path_parameters or {}):
            case.path_parameters["slug"] = SLUG  # a real event, so the bodies reach the forms
        response = case.call(headers={"Authorization": f"Token {staff_key}"})
        case.validate_response(response, checks=CHECKS)

    call()

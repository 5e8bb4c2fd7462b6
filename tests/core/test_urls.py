"""What a URL can carry is checked before the database sees it (issue 20): a NUL byte in a token
was a server error on PostgreSQL on eight anonymous paths, where SQLite answered 404."""

import pytest

TOKEN_PATHS = [
    "/aanmelding/%00/",
    "/aanmelding/a%00b/certificaat.pdf",
    "/aanmelding/a%00b/materiaal/1/",
    "/evaluatie/%00/",
    "/casussen/volg/%00/",
    "/g/a%00b/",
    "/g/a%00b/klaar/",
    "/certificaat/WA-%00/",
    "/actie/gedeeld/%00/",
    "/actie/gedeeld/%00/pdf/",
    "/account/inloggen/%00/%00/",
]


@pytest.mark.parametrize("path", TOKEN_PATHS)
def test_a_nul_byte_in_a_token_is_a_404_on_every_database(client, db, path):
    assert client.get(path).status_code == 404


def test_a_nul_byte_in_the_api_cancel_token_is_a_404_in_the_apis_shape(client, db):
    response = client.post("/api/v1/registrations/a%00b/cancel")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_nul_byte_in_a_staff_code_is_a_404(admin_client):
    assert admin_client.get("/beheer/inchecken/a%00b/").status_code == 404
    assert admin_client.get("/beheer/facturen/2026-%00.pdf").status_code == 404

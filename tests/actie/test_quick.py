"""The anonymous quick scan: a result and a PDF, and nothing stored."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader


def _writes(queries):
    return [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_quick_scan_shows_the_result_and_stores_nothing(client, db):
    data = {
        "niveau": "professional",
        "origin": "organisatie",
        "phase": "1",
        "intuitive_approach": "blauw",
        "A2": "1",
        "A3": "1",
        "A4": "1",
        "C1": "1",
        "C2": "?",
        "C3": "1",
        "C4": "1",
        "T1": "1",
        "T2": "1",
        "I1": "1",
        "T7": "4",
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/actie/snel/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rood – stimulerend" in body
    assert "Het initiatief rust op weinig schouders" in body
    assert "Je neemt werk over" in body
    assert "Je eerste neiging was Blauw" in body
    assert _writes(queries) == []
    assert not client.cookies.get("sessionid")


def test_quick_scan_pdf_from_the_same_answers(client, db):
    data = {"niveau": "professional", "A3": "1", "T7": "4"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/actie/snel/pdf/", data)
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Het initiatief rust op weinig schouders" in text
    assert "Je neemt werk over" in text
    assert _writes(queries) == []


def test_quick_scan_result_page_carries_the_answers_for_the_pdf(client, db):
    body = client.post(
        "/actie/snel/", {"niveau": "professional", "A3": "1", "C2": "?"}
    ).content.decode()
    assert '<input type="hidden" name="A3" value="1">' in body
    assert '<input type="hidden" name="C2" value="?">' in body


def test_quick_scan_organisation_level(client, db):
    page = client.get("/actie/snel/?niveau=organisatie").content.decode()
    assert "OA1. Laten onze doelen ruimte" in page
    assert "Wat is je eerste neiging?" not in page
    body = client.post("/actie/snel/", {"niveau": "organisatie", "OI2": "1"}).content.decode()
    assert "Mandaat laag in de lijn" in body


def test_quick_scan_bad_input_is_400_and_kept(client, db):
    response = client.post(
        "/actie/snel/", {"niveau": "professional", "A2": "5", "A3": "2", "phase": "8"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Controleer de volgende punten" in body
    assert '<input type="radio" name="A3" value="2" id="id_A3_1" checked>' in body

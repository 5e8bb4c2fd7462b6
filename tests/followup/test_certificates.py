"""Issue 22: a certificate an employer or an accreditation body accepts. On main it was a bare
A4 text page: no issuer, no date of issue, no signature line, no hours per part, no points."""

import csv
import io
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from tests.followup.test_evaluation import attend, pdf_text
from wijkactie.events.models import Programme
from wijkactie.followup import certificates


def _accredited(event):
    programme = Programme.objects.create(
        name="Werken aan leefbare wijken",
        slug="wijken",
        signatory_name="Jet de Boer",
        signatory_role="Programmamanager",
    )
    type(event).objects.filter(pk=event.pk).update(
        programme=programme,
        accreditation_register="Registerplein",
        accreditation_number="RP-2026-0412",
        accreditation_points_per_hour=Decimal(1),
    )
    event.refresh_from_db()
    return event


def test_a_certificate_with_an_accreditation_shows_issuer_signature_and_points(session, client):
    event, people = session
    event = _accredited(event)
    attend(event, people["anouk"], "ochtenddeel", "middagdeel")  # 3 net hours, lunch left out
    attend(event, people["karim"], "ochtenddeel")  # 1.5 net hours: 1 point
    anouk = client.get(reverse("followup:certificate", args=[people["anouk"].manage_token]))
    text = pdf_text(anouk.content)
    assert "Uitgegeven door Werken aan leefbare wijken" in text
    assert "Jet de Boer" in text and "Programmamanager" in text
    assert "Uitgegeven op" in text
    assert "Geaccrediteerd bij Registerplein, accreditatienummer RP-2026-0412: 3 punten." in text
    assert "In totaal 3 uur." in text
    karim = certificates.issue_certificate(registration_id=people["karim"].pk)
    assert (karim.hours, karim.points) == (Decimal("1.50"), Decimal(1))
    # Tagged (PDF/UA): a screen reader gets the headings, the table and the reading order.
    root = PdfReader(io.BytesIO(anouk.content)).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"]


def test_a_certificate_without_an_accreditation_has_no_points_line(session, client):
    event, people = session
    attend(event, people["anouk"], "ochtenddeel")
    text = pdf_text(
        client.get(reverse("followup:certificate", args=[people["anouk"].manage_token])).content
    )
    assert "punten" not in text and "Uitgegeven op" in text
    assert certificates.issue_certificate(registration_id=people["anouk"].pk).points is None


def test_the_accreditation_export_reads_back(admin_client, session):
    event, people = session
    event = _accredited(event)
    attend(event, people["anouk"], "ochtenddeel", "middagdeel")
    attend(event, people["karim"], "ochtenddeel")
    attend(event, people["sanne"])  # at neither part: not in the list
    response = admin_client.get(f"/beheer/bijeenkomsten/{event.slug}/accreditatie.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Naam",
        "E-mail",
        "Organisatie",
        "Netto uren",
        "Punten",
        "Accreditatienummer",
    ]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("Karim Amrani", people["karim"].email, "1.50", "1", "RP-2026-0412"),
        ("Anouk de Vries", people["anouk"].email, "3.00", "3", "RP-2026-0412"),
    ]


def test_staff_set_the_accreditation_and_the_signature_and_a_bad_value_is_told(
    admin_client, session
):
    event, _people = session
    event = _accredited(event)
    url = f"/beheer/bijeenkomsten/{event.slug}/certificaten/"
    assert admin_client.get(url).status_code == 200
    bad = admin_client.post(
        url,
        {
            "accreditation_register": "Registerplein",
            "accreditation_number": "",
            "accreditation_points_per_hour": "veel",
            "signatory_name": "Noor Bakker",
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "Vul een getal in" in page
    assert "Vul het accreditatienummer in" in page and "Noor Bakker" in page  # nothing lost
    good = admin_client.post(
        url,
        {
            "accreditation_register": "Registerplein",
            "accreditation_number": "RP-1",
            "accreditation_points_per_hour": "0,5",
            "signatory_name": "Noor Bakker",
            "signatory_role": "Programmaleider",
        },
    )
    assert good.status_code == 302
    event.refresh_from_db()
    event.programme.refresh_from_db()
    assert (event.accreditation_number, event.accreditation_points_per_hour) == (
        "RP-1",
        Decimal("0.5"),
    )
    assert (event.programme.signatory_name, event.programme.signatory_role) == (
        "Noor Bakker",
        "Programmaleider",
    )


def test_the_programmes_logo_heads_the_certificate_and_a_false_image_is_refused(
    admin_client, session, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    from tests.followup.test_recap import png, png_claiming  # noqa: PLC0415

    event, people = session
    event = _accredited(event)
    attend(event, people["anouk"], "ochtenddeel")
    url = f"/beheer/bijeenkomsten/{event.slug}/certificaten/"
    values = {
        "accreditation_register": "",
        "accreditation_number": "",
        "accreditation_points_per_hour": "1",
        "signatory_name": "Jet de Boer",
        "signatory_role": "Programmamanager",
    }
    bomb = admin_client.post(
        url, {**values, "logo": SimpleUploadedFile("logo.png", png_claiming(20000, 20000))}
    )
    assert bomb.status_code == 400 and "kies PNG, JPEG of WebP" in bomb.content.decode()
    saved = admin_client.post(
        url, {**values, "logo": SimpleUploadedFile("logo.png", png((120, 40)))}
    )
    assert saved.status_code == 302
    pdf = client.get(reverse("followup:certificate", args=[people["anouk"].manage_token]))
    (page,) = PdfReader(io.BytesIO(pdf.content)).pages
    assert len(page.images) == 1
    admin_client.post(url, {**values, "remove_logo": "on"})
    event.programme.refresh_from_db()
    assert bytes(event.programme.logo) == b""

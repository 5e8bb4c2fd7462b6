"""What every page carries (favicon, organiser in the footer) and the development mail folder."""

from django.core.mail import EmailMessage

from wijkactie.core.mailfiles import EmailBackend


def test_every_page_links_a_favicon_and_names_the_organiser(client, db, settings):
    settings.WIJKACTIE_ORGANISER = {
        "name": "Programmabureau Leefbare Wijken",
        "address": "Kerkstraat 5, 3511 AB Utrecht",
        "email": "info@leefbarewijken.test",
        "phone": "030 123 45 67",
        "logo": "favicon.svg",
    }
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert "Programmabureau Leefbare Wijken" in page
    assert "Kerkstraat 5, 3511 AB Utrecht" in page
    assert 'href="mailto:info@leefbarewijken.test"' in page
    assert 'href="tel:0301234567"' in page
    assert 'class="logo"' in page and 'alt="Programmabureau Leefbare Wijken"' in page


def test_favicon_ico_is_answered_not_a_404(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_the_mail_folder_holds_one_named_file_per_message(tmp_path):
    backend = EmailBackend(file_path=str(tmp_path), alias="default")
    messages = [
        EmailMessage("Bevestiging van uw aanmelding", "Hallo", to=["anouk@corp.example"]),
        EmailMessage("Bevestiging van uw aanmelding", "Hallo", to=["anouk@corp.example"]),
        EmailMessage("Inloggen", "Link", to=["bram@corp.example"]),
    ]
    assert backend.send_messages(messages) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 3
    assert all(name.endswith(".eml") for name in names)
    assert sum("-anouk@corp.example-bevestiging-van-uw-aanmelding" in n for n in names) == 2
    assert any("-bram@corp.example-inloggen" in n for n in names)
    assert all(name[:8].isdigit() and name[8] == "-" for name in names)
    assert (tmp_path / names[0]).read_bytes().count(b"Subject:") == 1

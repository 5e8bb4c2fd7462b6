from django.test import Client


def test_dutch_by_default_and_english_on_request(client, make_event):
    event = make_event()
    dutch = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert 'lang="nl"' in dutch and "Voor wie?" not in dutch and "Aanmelden" in dutch
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert 'lang="en"' in english
    assert "Register colleagues from the same organisation (optional)" in english


def test_browser_language_does_not_override_dutch(client, make_event):
    event = make_event()
    page = client.get(f"/bijeenkomsten/{event.slug}/", headers={"Accept-Language": "en-US,en"})
    assert 'lang="nl"' in page.content.decode()


def test_dutch_content_on_an_english_page_says_it_is_dutch(client, make_event):
    """Finding: English pages carried the organiser's Dutch texts under lang="en"."""
    event = make_event(introduction="Over het ACTIE-instrument.", audience="Wijkprofessionals")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert f'<h1 lang="nl">{event.title}</h1>' in page
    assert '<p lang="nl">Wijkprofessionals</p>' in page
    dutch = Client().get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert 'lang="nl">' not in dutch.split("<body", 1)[1]

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

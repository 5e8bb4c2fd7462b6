"""Steps that several browser tests take."""

from tests.factories import STAFF_PASSWORD


def staff_login(page, base, next_path, username="redactie", password=STAFF_PASSWORD):
    """Through the staff workspace's own sign-in page."""
    page.goto(f"{base}/beheer/inloggen/?next={next_path}")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()

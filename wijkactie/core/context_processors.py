from django.conf import settings


def organiser(request) -> dict:
    """Who runs the site, for the footer of every page."""
    return {"organiser": settings.WIJKACTIE_ORGANISER}

"""The default themes (also created by migration 0003; tests that flush the database recreate them)."""

from wijkactie.initiatives.models import Theme

DEFAULT_THEMES = [
    ("ontmoeting", "Ontmoeting"),
    ("groen", "Groen en buitenruimte"),
    ("veiligheid", "Veiligheid"),
    ("zorg-welzijn", "Zorg en welzijn"),
    ("jongeren", "Jongeren"),
    ("ouderen", "Ouderen"),
    ("duurzaamheid", "Duurzaamheid en energie"),
    ("meedoen", "Armoede en meedoen"),
    ("wonen-beheer", "Wonen en beheer"),
    ("cultuur-sport", "Cultuur en sport"),
]


def ensure_default_themes() -> None:
    for slug, name in DEFAULT_THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})

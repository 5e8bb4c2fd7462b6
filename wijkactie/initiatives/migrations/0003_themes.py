from django.db import migrations

THEMES = [
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


def add_themes(apps, schema_editor):
    Theme = apps.get_model("initiatives", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_theme_initiative_address_initiative_circumstances_and_more")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]

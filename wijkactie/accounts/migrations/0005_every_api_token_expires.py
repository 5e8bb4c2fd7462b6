from datetime import timedelta

from django.db import migrations, models


def expire_within_a_year(apps, schema_editor):
    """Tokens made by the command had no expiry: they now stop a year after they were made."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=365)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_dutch_field_names")]

    operations = [
        migrations.RunPython(expire_within_a_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="verloopt"),
        ),
    ]

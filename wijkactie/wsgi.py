import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkactie.settings")
application = get_wsgi_application()

from wijkactie.core.checks import refuse_without_secret_key  # noqa: E402 (needs the settings)

refuse_without_secret_key()

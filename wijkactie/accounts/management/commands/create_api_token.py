from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wijkactie.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create an API token for a staff user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_staff:
            raise CommandError(f"Geen beheerder met gebruikersnaam {username!r}.")
        self.stdout.write(create_api_token(user=user))

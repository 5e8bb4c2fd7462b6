from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wijkactie.accounts.services import MembershipError, create_api_token


class Command(BaseCommand):
    help = "Create an API token for a staff user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days", type=int, default=90, help="How long the token works: 1-365 days (90)."
        )
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username: str, days: int, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_staff:
            raise CommandError(f"Geen beheerder met gebruikersnaam {username!r}.")
        try:
            raw = create_api_token(user=user, days=days, name=name[:100])
        except MembershipError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)

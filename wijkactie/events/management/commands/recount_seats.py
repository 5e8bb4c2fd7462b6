from django.core.management.base import BaseCommand

from wijkactie.events.seats import recount_seats


class Command(BaseCommand):
    help = (
        "Check that every event's seat counters (confirmed/offered/waiting, last arrival number) "
        "equal a recount of its registrations; with --repair, store the recount. Exits with 1 "
        "when counters differ and were not repaired."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Store the recounted values.")

    def handle(self, *args, repair: bool, **options):
        differing = recount_seats(repair=repair)
        for r in differing:
            self.stdout.write(
                f"{r.slug}: opgeslagen {r.stored.confirmed}/{r.stored.offered}/{r.stored.waiting} "
                f"(laatste volgnummer {r.stored_arrivals}), geteld {r.counted.confirmed}/"
                f"{r.counted.offered}/{r.counted.waiting} (laatste volgnummer "
                f"{r.counted_arrivals})" + (" — hersteld" if repair else "")
            )
        if not differing:
            self.stdout.write("De plaatsen kloppen bij elke bijeenkomst.")
        elif not repair:
            raise SystemExit(1)

from django.core.management.base import BaseCommand

from wijkactie.events.services import recount_seats


class Command(BaseCommand):
    help = (
        "Check that every event's seat counters (confirmed, offered, waiting, last arrival) equal "
        "a recount of its registrations; with --repair, store the recount. Exits with 1 when "
        "counters differ and were not repaired."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Store the recounted values.")

    def handle(self, *args, repair: bool, **options):
        differing = recount_seats(repair=repair)
        for r in differing:
            self.stdout.write(
                f"{r.slug}: counters {r.stored.confirmed}/{r.stored.offered}/{r.stored.waiting} "
                f"(last arrival {r.stored_arrivals}), recount {r.counted.confirmed}/"
                f"{r.counted.offered}/{r.counted.waiting} (last arrival {r.counted_arrivals})"
                + (" — repaired" if repair else "")
            )
        if not differing:
            self.stdout.write("All seat counters equal the recount.")
        elif not repair:
            raise SystemExit(1)

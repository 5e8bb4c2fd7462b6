"""What a Teams report costs at programme scale (issue 22), measured in one process on a fresh
SQLite database, against reading the report alone (the baseline, measured in the same run):

  read      read_teams_report: parse, match, store the preview (no attendance written)
  save      save_teams_import: the merge, written in bulk
  tab       GET of the attendance tab (paged by 50) as a staff member

For 10 and for --rows people, with the SQL statements of each step: the save's statement count
must not grow with the rows (issue 22 measured 16,011 for 2,000 rows before the merge).

    .venv/bin/python bench/teams_import.py [--rows 2000]
"""

import argparse
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402 (the bench folder is put on the path first)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    client, user, _organisation = inprocess.start()
    from django.db import connection, reset_queries  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from tests.followup.reports import teams_report  # noqa: PLC0415
    from wijkactie.accounts.models import Organisation  # noqa: PLC0415
    from wijkactie.events.models import Event, ProgrammePart, Registration  # noqa: PLC0415
    from wijkactie.followup import imports  # noqa: PLC0415

    user.is_staff = user.is_superuser = True
    user.save()
    staff = Client()
    staff.force_login(user)
    organisation = Organisation.objects.create(name="Gemeente Bench")
    connection.force_debug_cursor = True

    def session(n: int, label: str) -> Event:
        day = timezone.localdate() - timedelta(days=1)
        start = timezone.make_aware(datetime.combine(day, clock(10, 30)))
        event = Event.objects.create(
            title=f"Bench {label}",
            slug=f"bench-{label}",
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            capacity=n + 10,
            is_published=True,
        )
        for position, (part, begin, end) in enumerate(
            [("ochtenddeel", clock(10, 30), clock(12)), ("middagdeel", clock(13), clock(14, 30))]
        ):
            ProgrammePart.objects.create(
                event=event, position=position, starts_at=begin, ends_at=end, label=part
            )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                organisation=organisation,
                first_name=f"Deelnemer{i}",
                last_name="Bench",
                email=f"d{i}@{label}.test",
                status=Registration.Status.CONFIRMED,
                arrival=i + 1,
                manage_token=f"{label}-{i}",
                terms_accepted_at=timezone.now(),
                price_excl_vat=0,
                vat_rate=21,
            )
            for i in range(n)
        )
        return event

    def measure(n: int, label: str) -> dict:
        event = session(n, label)
        rows = [
            (f"Deelnemer{i} Bench", f"d{i}@{label}.test", [("10:28", "14:31")]) for i in range(n)
        ]
        data = teams_report(rows)
        figures = {}
        reset_queries()
        record, figures["read"] = timed(
            lambda: imports.read_teams_report(event_id=event.pk, filename="r.csv", data=data)
        )
        figures["read_sql"] = len(connection.queries)
        reset_queries()
        _count, figures["save"] = timed(
            lambda: imports.save_teams_import(import_id=record.pk, links={})
        )
        figures["save_sql"] = len(connection.queries)
        url = f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/"
        staff.get(url)
        reset_queries()
        response, figures["tab"] = timed(lambda: staff.get(url))
        figures["tab_sql"] = len(connection.queries)
        figures["tab_kb"] = len(response.content) / 1024
        return figures

    small, large = measure(10, "klein"), measure(args.rows, "groot")
    print(f"{'':8}{'10 rows':>22}{f'{args.rows} rows':>22}{'ratio':>8}")
    for step in ("read", "save", "tab"):
        a, b = small[step], large[step]
        print(
            f"{step:8}{a * 1000:>12.1f} ms {small[step + '_sql']:>5} SQL"
            f"{b * 1000:>12.1f} ms {large[step + '_sql']:>5} SQL{b / a:>8.1f}"
        )
    print(f"tab HTML: {small['tab_kb']:.0f} kB and {large['tab_kb']:.0f} kB")
    print(f"save per row at {args.rows}: {large['save'] / args.rows * 1000:.2f} ms")


if __name__ == "__main__":
    main()

"""The register at scale: importing an inventory and serving the map data, with a baseline.

In one process, on a fresh SQLite database in a temporary directory, through Django's test client:

  baseline   GET /healthz
  import     check a CSV of N rows (3 of them bad), then again without the bad rows and confirm:
             wall time and peak Python memory (tracemalloc) for each step
  map data   GET /api/v1/initiatives.geojson with M public initiatives (all positioned, two
             themes each), and the list page, with their query counts

    .venv/bin/python bench/initiatives.py [--rows 5000] [--initiatives 10000] [--repeat 10]
"""

import argparse
import csv
import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402 (the bench folder is put on the path first)


def measure(fn, again=None):
    """Wall time without tracing, then peak memory in a second, traced run (tracing slows it)."""
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    if again is None:
        return result, elapsed, 0
    tracemalloc.start()
    again()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    client, user, organisation = inprocess.start("Provincie Bench")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wijkactie.initiatives.models import Initiative, InitiativeImport, Theme

    def inventory(bad: bool) -> io.BytesIO:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            [
                "naam",
                "beschrijving",
                "adres",
                "gemeente",
                "fase",
                "initiatiefnemer",
                "thema's",
                "ondersteuning",
            ]
        )
        for i in range(args.rows):
            phase = "zes" if bad and i in (99, 2499, args.rows - 1) else str(1 + i % 5)
            writer.writerow(
                [
                    f"Initiatief {i}",
                    "Bewoners organiseren activiteiten in de buurt. " * 3,
                    f"Dorpsstraat {i % 300 + 1} Arnhem",
                    "Arnhem",
                    phase,
                    "bewoners",
                    "groen;ontmoeting",
                    "Een ruimte" if i % 3 == 0 else "",
                ]
            )
        data = io.BytesIO(buffer.getvalue().encode())
        data.name = "inventarisatie.csv"
        return data

    baseline = []
    for _ in range(args.repeat * 10):
        start = time.perf_counter()
        client.get("/healthz")
        baseline.append(time.perf_counter() - start)

    def upload(bad):
        return lambda: client.post("/initiatieven/importeren/", {"file": inventory(bad)})

    _r, check_bad, peak_bad = measure(upload(True), upload(True))
    report = InitiativeImport.objects.exclude(errors=[]).latest("pk")
    first, check_ok, peak_ok = measure(upload(False), upload(False))
    second = InitiativeImport.objects.latest("pk")
    _r, confirm, _p = measure(lambda: client.post(first["Location"]))
    imported = Initiative.objects.count()
    Initiative.objects.all().delete()
    _r, _t, peak_confirm = measure(
        lambda: None, lambda: client.post(f"/initiatieven/importeren/{second.pk}/")
    )

    Initiative.objects.all().delete()
    themes = list(Theme.objects.values_list("pk", flat=True)[:2])
    items = Initiative.objects.bulk_create(
        [
            Initiative(
                name=f"Initiatief {i}",
                phase=1 + i % 5,
                origin="bewoners",
                visibility="openbaar",
                organisation=organisation,
                municipality="Utrecht",
                latitude=51.0 + (i % 1000) / 500,
                longitude=4.0 + (i // 1000) / 4,
            )
            for i in range(args.initiatives)
        ],
        batch_size=1000,
    )
    Initiative.themes.through.objects.bulk_create(
        [Initiative.themes.through(initiative_id=i.pk, theme_id=t) for i in items for t in themes],
        batch_size=5000,
    )

    def timed(path):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(path).content
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(path)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples), len(queries), len(body)

    geo, geo_q, geo_bytes = timed("/api/v1/initiatives.geojson")
    listing, list_q, _ = timed("/initiatieven/")
    base = statistics.median(baseline)

    print(f"import of {args.rows} rows")
    print(
        f"  check, 3 bad rows: {check_bad:6.2f} s, peak {peak_bad / 2**20:6.1f} MiB -> rows reported: {[e['line'] for e in report.errors]}"
    )
    print(f"  check, all good:   {check_ok:6.2f} s, peak {peak_ok / 2**20:6.1f} MiB")
    print(
        f"  confirm (save):    {confirm:6.2f} s, peak {peak_confirm / 2**20:6.1f} MiB -> {imported} initiatives"
    )
    print(f"map data and list with {args.initiatives} initiatives (median of {args.repeat})")
    print(f"  GET /healthz (baseline)          {base * 1000:8.2f} ms")
    print(
        f"  GET /api/v1/initiatives.geojson  {geo * 1000:8.2f} ms  {geo_q} queries  {geo_bytes / 1024:.0f} KiB  x{geo / base:.0f} baseline"
    )
    print(
        f"  GET /initiatieven/ (25 per page) {listing * 1000:8.2f} ms  {list_q} queries  x{listing / base:.0f} baseline"
    )


if __name__ == "__main__":
    main()

"""What an import costs a web request now that the worker checks and saves it (issue 8).

In one process, on a fresh SQLite database, through Django's test client, with the database task
queue (as in production), against GET /healthz measured in the same run:

  upload     POST of a CSV with N rows: the request only stores the file (median of --repeat)
  check      the worker's check of that file (one run)
  save       the worker's saving of the confirmed rows (one run)
  hostile    the worker's check of a 5 kB XLSX whose <dimension> claims A1:XFD1048576

    .venv/bin/python bench/imports.py [--rows 20000] [--repeat 5]
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["WIJKACTIE_TASKS_BACKEND"] = "database"
import inprocess  # noqa: E402 (the bench folder is put on the path first)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    client, _user, _organisation = inprocess.start("Provincie Bench")

    from tests.xlsx import xlsx_claiming  # noqa: PLC0415 (the repository is on the path now)
    from wijkactie.initiatives.models import Initiative, InitiativeImport  # noqa: PLC0415
    from wijkactie.site.management.commands.worker import Command as Worker  # noqa: PLC0415

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["naam", "gemeente", "fase", "initiatiefnemer", "thema's"])
    for i in range(args.rows):
        writer.writerow([f"Initiatief {i}", "Arnhem", str(1 + i % 5), "bewoners", "groen"])
    content = buffer.getvalue().encode()

    def upload(data: bytes, name: str):
        file = io.BytesIO(data)
        file.name = name
        return client.post("/initiatieven/importeren/", {"file": file})

    baseline = []
    for _ in range(args.repeat * 20):
        baseline.append(timed(lambda: client.get("/healthz"))[1])
    uploads = []
    for _ in range(args.repeat):
        response, seconds = timed(lambda: upload(content, "inventarisatie.csv"))
        uploads.append(seconds)
    InitiativeImport.objects.exclude(pk=InitiativeImport.objects.latest("pk").pk).delete()
    worker = Worker()
    _r, check = timed(worker.run_queue)
    location = response["Location"]
    confirm_response, confirm_request = timed(lambda: client.post(location))
    _r, save = timed(worker.run_queue)
    saved = Initiative.objects.count()
    upload(xlsx_claiming("A1:XFD1048576"), "vijandig.xlsx")
    _r, hostile = timed(worker.run_queue)
    report = InitiativeImport.objects.latest("pk")

    base = statistics.median(baseline)
    up = statistics.median(uploads)
    print(f"import of {args.rows} rows, database task queue (upload: median of {args.repeat})")
    print(f"  GET /healthz (baseline)       {base * 1000:8.2f} ms")
    print(f"  upload request                {up * 1000:8.2f} ms  x{up / base:.0f} baseline")
    print(f"  confirm request               {confirm_request * 1000:8.2f} ms")
    print(f"  worker: check                 {check:8.2f} s")
    print(f"  worker: save                  {save:8.2f} s   -> {saved} initiatives")
    print(
        f"  worker: hostile XLSX check    {hostile:8.2f} s   -> {report.status}, "
        f"{report.checked_rows} row(s)"
    )


if __name__ == "__main__":
    main()

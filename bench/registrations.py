"""Registrations per second and latency under concurrency, against the real app server.

For SQLite and for PostgreSQL (a throwaway cluster from bin/postgres.sh) this script migrates a
fresh database, starts gunicorn on loopback, creates an event through the staff API, and then fires
concurrent requests from one client process, each phase measured in the same run:

  /healthz          GET /healthz (the same server, no database work)
  event page        GET /bijeenkomsten/bench/ as an anonymous visitor
  agenda            GET / as an anonymous visitor
  ceiling           POST to bench/baseline_app.py: lock the event row, insert one row, answer 201,
                    served by the same gunicorn settings on the same database
  registration      POST /api/v1/events/bench/registrations, each with a new e-mail address
  growth (--growth N)  registrations into an event that already holds 100, and into one that
                    holds N (waiting), compared by p99

It prints throughput, latency percentiles and ratios (registration / ceiling, pages / healthz,
p99 at N / p99 at 100), and checks that the database ended with exactly `capacity` confirmed and
the rest waiting.

    .venv/bin/python bench/registrations.py [--requests 500] [--concurrency 64] [--growth 100000]
"""

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "-m", "wijkactie", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )


def fire(port, requests, concurrency, make_request):
    """Run `requests` calls on `concurrency` threads with one keep-alive connection each."""
    local = threading.local()
    latencies, statuses = [], []
    lock = threading.Lock()

    def one(i):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        method, path, body = make_request(i)
        headers = {"Content-Type": "application/json"} if body else {}
        start = time.perf_counter()
        try:
            local.conn.request(method, path, body=body, headers=headers)
            response = local.conn.getresponse()
            response.read()
            status = response.status
        except (http.client.HTTPException, OSError):
            local.conn.close()
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            status = 0
        elapsed = time.perf_counter() - start
        with lock:
            latencies.append(elapsed)
            statuses.append(status)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {
        "rps": requests / wall,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "p99_ms": q[98] * 1000,
        "statuses": {s: statuses.count(s) for s in sorted(set(statuses))},
    }


def wait_for(port, deadline=30):
    end = time.time() + deadline
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def start_server(env, app, args):
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    wait_for(port)
    return server, port


SEED = """
import sys
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from wijkactie.accounts.models import Organisation
from wijkactie.events.models import Event, Registration
slug, n = sys.argv[-2], int(sys.argv[-1])
start = timezone.now() + timedelta(days=60)
event = Event.objects.create(slug=slug, title=slug, starts_at=start, ends_at=start + timedelta(hours=4),
    location_kind="online", capacity=1, price_excl_vat=0, is_published=True)
organisation = Organisation.objects.get_or_create(name="Corporatie Groei", kind="corporatie")[0]
now = timezone.now()
rows = [Registration(event=event, organisation=organisation, first_name="Groei", last_name=str(i),
    email=f"groei{i}@{slug}.test", role="anders", terms_accepted_at=now, terms_version="bench",
    price_excl_vat=0, vat_rate=21, status="confirmed" if i == 1 else "waitlisted", arrival=i,
    manage_token=f"{slug}-{i}") for i in range(1, n + 1)]
with transaction.atomic():
    Registration.objects.bulk_create(rows, batch_size=5000)
    if hasattr(Event, "arrivals"):  # the counters (issue 11); an older commit recounts
        Event.objects.filter(pk=event.pk).update(seats_confirmed=1, seats_waiting=n - 1, arrivals=n)
# A database in use has statistics on its tables; without this, autovacuum analyses the 100,000
# fresh rows during the measurement, on the same two cores.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
"""


def growth(port, args, env):
    """p99 of registering into an event holding 100 registrations and one holding args.growth."""
    results = {}
    for slug, n in (("groei-klein", 100), ("groei-groot", args.growth)):
        subprocess.run(
            [
                PYTHON,
                "-c",
                "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
                "'wijkactie.settings'); django.setup(); exec(open(0).read())",
                slug,
                str(n),
            ],
            input=SEED,
            env=env,
            cwd=ROOT,
            check=True,
            text=True,
        )

        def register(i, slug=slug):
            return "POST", f"/api/v1/events/{slug}/registrations", registration_body(f"{slug}{i}")

        results[n] = fire(port, args.requests, args.concurrency, register)
    return results


def registration_body(key):
    return json.dumps(
        {
            "first_name": "Bench",
            "last_name": f"Deelnemer {key}",
            "email": f"bench{key}@example.test",
            "organisation": f"Corporatie {hash(key) % 25}",
            "role": "gebiedsconsulent",
            "attends_all_parts": True,
            "accept_terms": True,
            "billing_address": "Postbus 1, 1000 AA Amsterdam",
        }
    )


def run_backend(name, env, args, database_url):
    manage(env, "migrate", "--noinput", "-v0")
    token = (
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import User;"
            "from wijkactie.accounts.services import create_api_token;"
            "u=User.objects.create_user('bench', is_staff=True, is_superuser=True);print(create_api_token(user=u, days=30))",
            capture=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    server, port = start_server(env, "wijkactie.wsgi", args)
    try:
        capacity = args.requests // 5
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request(
            "POST",
            "/api/v1/events",
            json.dumps(
                {
                    "slug": "bench",
                    "title": "Benchmark",
                    "capacity": capacity,
                    "starts_at": "2030-01-01T10:00:00+01:00",
                    "ends_at": "2030-01-01T14:00:00+01:00",
                    "price_excl_vat": "125.00",
                    "location_kind": "online",
                }
            ),
            {"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )
        created = conn.getresponse()
        assert created.status == 201, created.read()
        created.read()
        fire(port, 100, args.concurrency, lambda i: ("GET", "/healthz", None))  # warm-up
        results = {"GET /healthz": fire(port, args.requests, args.concurrency, get("/healthz"))}
        results["GET event page"] = fire(
            port, args.requests, args.concurrency, get("/bijeenkomsten/bench/")
        )
        results["GET agenda"] = fire(port, args.requests, args.concurrency, get("/"))
        baseline_env = {**env, "BENCH_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
        subprocess.run([PYTHON, "bench/baseline_app.py"], env=baseline_env, cwd=ROOT, check=True)
        ceiling_server, ceiling_port = start_server(baseline_env, "bench.baseline_app", args)
        try:
            results["POST ceiling (bare)"] = fire(
                ceiling_port,
                args.requests,
                args.concurrency,
                lambda i: ("POST", "/", json.dumps({"email": f"c{i}@example.test"})),
            )
        finally:
            ceiling_server.terminate()
            ceiling_server.wait(10)
        results["POST registration"] = fire(
            port,
            args.requests,
            args.concurrency,
            lambda i: ("POST", "/api/v1/events/bench/registrations", registration_body(i)),
        )
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/api/v1/events/bench")
        event = json.loads(conn.getresponse().read())
        grown = growth(port, args, env) if args.growth else {}
    finally:
        server.terminate()
        server.wait(10)
    exact = event["confirmed"] == capacity and event["waiting"] == args.requests - capacity
    print(f"\n== {name} ==")
    for label, r in results.items():
        print(
            f"{label:24} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
            f"p99 {r['p99_ms']:7.1f} ms  statuses {r['statuses']}"
        )
    health, ceiling = results["GET /healthz"]["rps"], results["POST ceiling (bare)"]["rps"]
    print(f"registration / ceiling:  {results['POST registration']['rps'] / ceiling:.2f}")
    print(f"event page / healthz:    {results['GET event page']['rps'] / health:.2f}")
    print(f"agenda / healthz:        {results['GET agenda']['rps'] / health:.2f}")
    for n, r in grown.items():
        print(
            f"growth: registering with {n:>7} in the event: p50 {r['p50_ms']:7.1f} ms  "
            f"p99 {r['p99_ms']:7.1f} ms  statuses {r['statuses']}"
        )
    if grown:
        small, large = grown[100], grown[args.growth]
        print(f"growth p99 ratio ({args.growth} / 100): {large['p99_ms'] / small['p99_ms']:.2f}")
    print(
        f"end state: confirmed {event['confirmed']}/{capacity}, waiting {event['waiting']} "
        f"({'exact' if exact else 'WRONG'})"
    )
    return exact


def get(path):
    return lambda i: ("GET", path, None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--growth", type=int, default=0, help="e.g. 100000")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(
        f"machine: {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; "
        f"gunicorn {args.workers} workers x {args.threads} threads; client concurrency "
        f"{args.concurrency}; {args.requests} requests per phase"
    )
    base_env = {
        **os.environ,
        "WIJKACTIE_PUBLIC_RATE_LIMIT": "0",
        "WIJKACTIE_TASKS_BACKEND": "database",
        "WIJKACTIE_AXES": "0",
    }
    ok = True
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as var:
            ok &= run_backend(
                "SQLite (WAL)",
                {**base_env, "WIJKACTIE_VAR_DIR": var},
                args,
                f"sqlite:///{var}/wijkactie.sqlite3",
            )
    if args.only in (None, "postgres"):
        out = subprocess.run(
            ["bash", "-c", "source bin/postgres.sh; start_postgres; echo $PG_URL $PG_DIR"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        url, pg_dir = out[0], out[1]
        try:
            port = url.rsplit(":", 1)[1].split("/")[0]
            subprocess.run(
                [
                    "bash",
                    "-c",
                    f"source bin/postgres.sh; "
                    f"$PG_BINDIR/createdb -h 127.0.0.1 -p {port} -U postgres wijkactie",
                ],
                cwd=ROOT,
                check=True,
            )
            ok &= run_backend("PostgreSQL", {**base_env, "DATABASE_URL": url}, args, url)
        finally:
            subprocess.run(
                ["bash", "-c", f"source bin/postgres.sh; PG_DIR={pg_dir} stop_postgres"],
                cwd=ROOT,
                check=False,
            )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

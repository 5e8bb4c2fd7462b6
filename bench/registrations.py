"""Registrations per second and latency under concurrency, against the real app server.

For SQLite and for PostgreSQL (a throwaway cluster from bin/postgres.sh) this script migrates a
fresh database, starts gunicorn on loopback, creates an event through the staff API, and then fires
concurrent requests from one client process:

  baseline      GET /healthz (the same server, no database work)
  registrations POST /api/v1/events/bench/registrations, each with a new e-mail address

It prints throughput, latency percentiles and the ratio registrations/baseline, and checks that
the database ended with exactly `capacity` confirmed and the rest waiting.

    .venv/bin/python bench/registrations.py [--requests 1000] [--concurrency 16] [--only sqlite]
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


def run_backend(name, env, args):
    manage(env, "migrate", "--noinput", "-v0")
    token = (
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import User;"
            "from wijkactie.accounts.services import create_api_token;"
            "u=User.objects.create_user('bench', is_staff=True);print(create_api_token(user=u))",
            capture=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "wijkactie.wsgi",
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
    try:
        wait_for(port)
        capacity = args.requests // 2
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
        baseline = fire(port, args.requests, args.concurrency, lambda i: ("GET", "/healthz", None))

        def register(i):
            body = json.dumps(
                {
                    "first_name": "Bench",
                    "last_name": f"Deelnemer {i}",
                    "email": f"bench{i}@example.test",
                    "organisation": f"Corporatie {i % 25}",
                    "role": "gebiedsconsulent",
                    "attends_all_parts": True,
                    "accept_terms": True,
                }
            )
            return "POST", "/api/v1/events/bench/registrations", body

        registrations = fire(port, args.requests, args.concurrency, register)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/api/v1/events/bench")
        event = json.loads(conn.getresponse().read())
    finally:
        server.terminate()
        server.wait(10)
    exact = event["confirmed"] == capacity and event["waiting"] == args.requests - capacity
    print(f"\n== {name} ==")
    for label, r in (("baseline GET /healthz", baseline), ("POST registration", registrations)):
        print(
            f"{label:24} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
            f"p95 {r['p95_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  statuses {r['statuses']}"
        )
    print(f"ratio registrations/baseline: {registrations['rps'] / baseline['rps']:.3f}")
    print(
        f"end state: confirmed {event['confirmed']}/{capacity}, waiting {event['waiting']} "
        f"({'exact' if exact else 'WRONG'})"
    )
    return exact


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
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
            ok &= run_backend("SQLite (WAL)", {**base_env, "WIJKACTIE_VAR_DIR": var}, args)
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
            ok &= run_backend("PostgreSQL", {**base_env, "DATABASE_URL": url}, args)
        finally:
            subprocess.run(
                ["bash", "-c", f"source bin/postgres.sh; PG_DIR={pg_dir} stop_postgres"],
                cwd=ROOT,
                check=False,
            )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""The ceiling: a minimal *correct* registration on the same stack, as a bare WSGI app.

Served by the same gunicorn settings on the same database as wijkactie in bench/registrations.py.
Per POST it opens one transaction, locks the event row (`SELECT … FOR UPDATE` on PostgreSQL; an
IMMEDIATE transaction on SQLite, which takes the write lock), inserts one registration, commits and
answers 201 with a small JSON body. No framework, no templates, no mail: what registering cannot
go below. Its tables (`bench_event`, `bench_registration`) live beside wijkactie's.

    BENCH_DATABASE_URL=postgres://… gunicorn bench.baseline_app:application
"""

import json
import os
import sqlite3
import threading
from urllib.parse import urlparse

URL = os.environ["BENCH_DATABASE_URL"]
IS_POSTGRES = URL.startswith("postgres")
_local = threading.local()


def _connect():
    if IS_POSTGRES:
        import psycopg

        return psycopg.connect(URL, autocommit=True)
    path = urlparse(URL).path
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def connection():
    if not hasattr(_local, "conn"):
        _local.conn = _connect()
    return _local.conn


def setup() -> None:
    conn = _connect()
    serial = "SERIAL" if IS_POSTGRES else "INTEGER"
    conn.execute(f"CREATE TABLE IF NOT EXISTS bench_event (id {serial} PRIMARY KEY, taken INTEGER)")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS bench_registration (id {serial} PRIMARY KEY, "
        "event_id INTEGER NOT NULL, email VARCHAR(254) NOT NULL)"
    )
    conn.execute("DELETE FROM bench_registration")
    conn.execute("DELETE FROM bench_event")
    conn.execute("INSERT INTO bench_event (id, taken) VALUES (1, 0)")
    conn.close()


def register(email: str) -> int:
    conn = connection()
    if IS_POSTGRES:
        with conn.transaction():
            conn.execute("SELECT id FROM bench_event WHERE id = 1 FOR UPDATE")
            row = conn.execute(
                "INSERT INTO bench_registration (event_id, email) VALUES (1, %s) RETURNING id",
                (email,),
            ).fetchone()
        return row[0]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("SELECT id FROM bench_event WHERE id = 1")
        cursor = conn.execute(
            "INSERT INTO bench_registration (event_id, email) VALUES (1, ?)", (email,)
        )
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return cursor.lastrowid


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("405 Method Not Allowed", [("Content-Type", "text/plain")])
        return [b"POST"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    data = json.loads(environ["wsgi.input"].read(length) or b"{}")
    registration_id = register(str(data.get("email", ""))[:254])
    body = json.dumps({"id": registration_id, "status": "confirmed"}).encode()
    start_response("201 Created", [("Content-Type", "application/json")])
    return [body]


if __name__ == "__main__":
    setup()

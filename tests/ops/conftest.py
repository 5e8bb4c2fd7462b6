"""Processes of our own (gunicorn, the worker) against the test database on PostgreSQL."""

import os
import signal
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Inbox:
    """An SMTP server's handler: keeps every message; `on_data` may act before it answers."""

    def __init__(self):
        self.messages = []
        self.on_data = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        if self.on_data:
            self.on_data(len(self.messages))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def process_env(smtp_port: int | None = None, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WIJKACTIE_", "DJANGO_ALLOW_ASYNC", "DATABASE_URL"))
    }
    env.update(
        {
            "DATABASE_URL": database_url(),
            "WIJKACTIE_DEVELOPMENT": "1",
            "WIJKACTIE_TASKS_BACKEND": "database",
            "WIJKACTIE_PUBLIC_RATE_LIMIT": "0",
            "WIJKACTIE_LOG_LEVEL": "WARNING",
        }
    )
    if smtp_port:
        env.update(
            {
                "WIJKACTIE_SMTP_HOST": "127.0.0.1",
                "WIJKACTIE_SMTP_PORT": str(smtp_port),
                "WIJKACTIE_SMTP_STARTTLS": "0",
            }
        )
    env.update(extra)
    return env


class Processes:
    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, *args, env) -> subprocess.Popen:
        process = subprocess.Popen(
            [*args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.running.append(process)
        return process

    def worker(self, env, *extra) -> subprocess.Popen:
        return self.start(sys.executable, "-m", "wijkactie", "worker", *extra, env=env)

    def gunicorn(self, env, port: int) -> subprocess.Popen:
        process = self.start(
            str(BIN / "gunicorn"),
            "wijkactie.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            env=env,
        )
        wait_for(lambda: _answers(port), what=f"gunicorn on {port}")
        return process

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(condition, *, what: str, timeout: float = 60.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def processes():
    running = Processes()
    yield running
    running.stop_all()

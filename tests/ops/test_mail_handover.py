"""A worker killed after the SMTP server took a mail, before the row was marked sent (issue 8)."""

import os
import signal
from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from tests.factories import register, requires_postgres
from tests.ops.conftest import process_env
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.sending import STALE_CLAIM, UNCERTAIN_HANDOVER, send_due_emails

pytestmark = [pytest.mark.postgres, requires_postgres(), pytest.mark.django_db(transaction=True)]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_mail_that_may_have_been_accepted_is_not_resent_blindly(
    make_event, partner, inbox, processes, settings
):
    event = make_event(capacity=2)
    register(event, 1)
    (row,) = OutgoingEmail.objects.all()
    assert row.status == OutgoingEmail.Status.QUEUED

    sender = processes.worker(process_env(inbox.port), "--once")
    # The server has the whole message; the sender dies before it hears "250 OK".
    inbox.on_data = lambda n: os.kill(sender.pid, signal.SIGKILL)
    sender.wait(timeout=60)
    assert sender.returncode == -signal.SIGKILL
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.HANDOVER
    assert inbox.message_ids() == [row.message_id]

    inbox.on_data = None
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
        }
    }
    with time_machine.travel(timezone.now() + STALE_CLAIM + timedelta(minutes=1)):
        assert send_due_emails() == 0  # a claim that never reached SMTP would go now; this not
    with time_machine.travel(timezone.now() + UNCERTAIN_HANDOVER + timedelta(minutes=1)):
        assert send_due_emails() == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    # Delivered twice at most, always with one Message-ID: the receiver keeps one.
    assert inbox.message_ids() == [row.message_id, row.message_id]

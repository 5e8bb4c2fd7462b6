import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.tasks import default_task_backend
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from wijkactie.actie.retention import purge_actie_data
from wijkactie.core.services import send_due_emails
from wijkactie.events.reminders import send_final_programmes
from wijkactie.events.retention import purge_personal_data
from wijkactie.events.services import expire_offers
from wijkactie.initiatives.retention import purge_initiatives_data
from wijkactie.initiatives.services import geocode_pending
from wijkactie.invoices.services import issue_due_invoices

PURGE_EVERY = 3600  # seconds

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "The background worker: runs queued tasks (django-tasks-db) and, every interval, sends "
        "mails that are due for a (re)try, passes expired waiting-list offers on, mails the final "
        "programme a week ahead, issues invoices and credit invoices, and geocodes "
        "initiatives that waited for PDOK; every hour it "
        "deletes or anonymises personal data past its retention period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument("--once", action="store_true", help="One round, then stop.")

    def handle(self, *args, interval: float, once: bool, **options):
        uses_db_queue = default_task_backend.__class__.__name__ == "DatabaseBackend"
        last_purge = None
        while True:
            close_old_connections()
            if uses_db_queue:
                Worker(
                    queue_names=["*"],
                    interval=0,
                    batch=True,
                    backend_name="default",
                    startup_delay=False,
                    max_tasks=None,
                    worker_id=get_random_string(32),
                    excluded_queue_names=[],
                ).run()
            expired = expire_offers()
            sent = send_due_emails()
            # A few at a time: PDOK's fair use asks for a gentle pace.
            located = geocode_pending(limit=5)
            programmes = send_final_programmes()
            invoices = issue_due_invoices()
            if expired or sent or located or programmes or invoices:
                logger.info(
                    "worker: %s offers expired, %s mails sent, %s initiatives geocoded, "
                    "%s final programmes queued, %s invoices issued",
                    expired,
                    sent,
                    located,
                    programmes,
                    invoices,
                )
            if last_purge is None or time.monotonic() - last_purge >= PURGE_EVERY:
                logger.info(
                    "worker: retention %s %s %s",
                    purge_personal_data(),
                    purge_actie_data(),
                    purge_initiatives_data(),
                )
                last_purge = time.monotonic()
            if once:
                return
            time.sleep(interval)

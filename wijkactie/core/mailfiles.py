"""The development mail folder: one .eml file per message, so a newcomer finds their own mail.

Django's file backend appends every message of a connection to one file named by a timestamp and
an id. Here each message gets its own file, named so that the newest sorts last and the recipient
and subject are visible: `20261130-144223-anouk@corp.example-bevestiging-van-uw-aanmelding.eml`.
"""

import re
from pathlib import Path

from django.core.mail.backends import filebased
from django.utils import timezone
from django.utils.text import slugify

UNSAFE = re.compile(r"[^A-Za-z0-9@._+-]")


def file_name(message, now) -> str:
    recipient = UNSAFE.sub("_", (message.recipients() or ["onbekend"])[0])[:80]
    topic = slugify(message.subject)[:50] or "zonder-onderwerp"
    return f"{timezone.localtime(now):%Y%m%d-%H%M%S}-{recipient}-{topic}"


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stem = file_name(message, timezone.now())
            for n in range(1, 1000):
                path = Path(self.file_path) / (f"{stem}.eml" if n == 1 else f"{stem}-{n}.eml")
                try:
                    with open(path, "xb") as handle:
                        handle.write(message.message().as_bytes())
                except FileExistsError:
                    continue
                sent += 1
                break
        return sent

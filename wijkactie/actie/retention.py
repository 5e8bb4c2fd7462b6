"""How long the ACTIE-scan keeps what it keeps.

- Scans, notes and shares: until the author deletes the scan (or their account is removed).
- Group session participants (a display name and answers, no account): deleted 90 days after the
  session closed; the session itself (title, case summary) stays for the facilitator.
- Share links: deleted 30 days after they expired or were revoked.
- Sign-in mails in the outbox: deleted after 7 days (the link in them is long dead by then).
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from wijkactie.actie.models import Participant, ShareLink
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.services import log_activity

PARTICIPANT_RETENTION = timedelta(days=90)
LINK_RETENTION = timedelta(days=30)
SIGNIN_MAIL_RETENTION = timedelta(days=7)


def purge_actie_data(*, now: datetime | None = None) -> dict[str, int]:
    """Writes: deletes participants, old share links and sign-in mails past their period."""
    now = now or timezone.now()
    participants, _ = Participant.objects.filter(
        session__open_until__lt=now - PARTICIPANT_RETENTION
    ).delete()
    links, _ = ShareLink.objects.filter(
        Q(expires_at__lt=now - LINK_RETENTION) | Q(revoked_at__lt=now - LINK_RETENTION)
    ).delete()
    mails, _ = OutgoingEmail.objects.filter(
        topic="signin", created_at__lt=now - SIGNIN_MAIL_RETENTION
    ).delete()
    counts = {"group_participants": participants, "share_links": links, "signin_mails": mails}
    if any(counts.values()):
        log_activity(actor=None, verb="actie_retention", obj_ref="actie", data=counts)
    return counts

"""How long cases and imports keep personal data.

- Declined cases (with the contributor's name and e-mail): deleted 12 months after the decision.
- Other cases keep the contributor's details while they are in use; published cases never show them.
- Checked imports that were never confirmed: deleted after 7 days; confirmed ones keep only the
  report (the rows are emptied on import).
- Earlier texts of a case (the original before editors changed it, which may hold what they took
  out): deleted 12 months after they were replaced, and at once when the contributor's data is
  erased.
- Initiatives hold no residents' data and stay until their organisation removes them.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from wijkactie.core.models import OutgoingEmail
from wijkactie.core.services import log_activity
from wijkactie.initiatives.models import CaseRevision, InitiativeImport, PracticeCase

DECLINED_RETENTION = timedelta(days=365)
IMPORT_RETENTION = timedelta(days=7)
REVISION_RETENTION = timedelta(days=365)


def purge_initiatives_data(*, now: datetime | None = None) -> dict[str, int]:
    """Writes: deletes old declined cases (with their mails) and stale imports."""
    now = now or timezone.now()
    declined = PracticeCase.objects.filter(
        status=PracticeCase.Status.DECLINED, updated_at__lt=now - DECLINED_RETENTION
    )
    refs = [f"initiatives.practicecase:{pk}" for pk in declined.values_list("pk", flat=True)]
    OutgoingEmail.objects.filter(object_ref__in=refs).delete()
    cases = len(refs)
    declined.delete()
    imports, _ = InitiativeImport.objects.filter(created_at__lt=now - IMPORT_RETENTION).delete()
    revisions, _ = CaseRevision.objects.filter(replaced_at__lt=now - REVISION_RETENTION).delete()
    counts = {"declined_cases": cases, "stale_imports": imports, "case_revisions": revisions}
    if any(counts.values()):
        log_activity(actor=None, verb="initiatives_retention", obj_ref="initiatives", data=counts)
    return counts

"""Inventory imports of initiatives: upload, check in the worker, confirm, save in the worker.

Each function says what it writes. A file is checked completely before anything is imported, and
imported all at once or not at all.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.core.services import log_activity
from wijkactie.initiatives.imports import check_file
from wijkactie.initiatives.models import (
    EDITABLE_FIELDS,
    Initiative,
    InitiativeImport,
    PhaseChange,
)


@dataclass(frozen=True)
class ImportRow:
    line: int
    data: dict
    themes: list[int]


class ImportRefused(Exception):
    pass


class NotAMember(ImportRefused):
    pass


def upload_import(*, author, filename: str, content: bytes) -> InitiativeImport:
    """Writes: the uploaded file, waiting for the worker's check (`check_import`).
    Refuses (NotAMember): someone whose membership of the organisation is not confirmed: a
    whole inventory is filed under the organisation's name."""
    if not author.professional.is_member:
        raise NotAMember(_("Je lidmaatschap van je organisatie is nog niet bevestigd."))
    return InitiativeImport.objects.create(
        organisation=author.professional.organisation,
        created_by=author,
        filename=filename[:200],
        content=content,
        status=InitiativeImport.Status.WAITING,
    )


STALE_CHECK = timedelta(minutes=10)


def check_import(*, import_id: int) -> InitiativeImport | None:
    """Check an uploaded file row by row, telling the page how far it got.

    Writes: the claim, progress every few hundred rows, then the valid rows and the report (or
    why the file cannot be read), and forgets the file itself. Refuses (returns None): an import
    that another worker is checking or that was checked already.
    """
    now = timezone.now()
    claimable = Q(status=InitiativeImport.Status.WAITING) | Q(
        status=InitiativeImport.Status.CHECKING, claimed_at__lt=now - STALE_CHECK
    )
    if not InitiativeImport.objects.filter(claimable, pk=import_id).update(
        status=InitiativeImport.Status.CHECKING, claimed_at=now, checked_rows=0
    ):
        return None
    pending = InitiativeImport.objects.get(pk=import_id)

    def progress(rows: int) -> None:
        InitiativeImport.objects.filter(pk=import_id).update(checked_rows=rows)

    checked = check_file(pending.filename, bytes(pending.content), progress=progress)
    if isinstance(checked, str):
        pending.status = InitiativeImport.Status.UNREADABLE
        pending.problem = checked
    else:
        pending.status = InitiativeImport.Status.CHECKED
        pending.rows = checked.rows
        pending.errors = checked.errors
        pending.checked_rows = checked.total
    pending.content = b""
    pending.save(update_fields=["status", "problem", "rows", "errors", "checked_rows", "content"])
    return pending


def check_waiting_imports(*, limit: int = 5) -> int:
    """The worker's sweep: imports whose task never ran, or whose worker died."""
    now = timezone.now()
    to_check = InitiativeImport.objects.filter(
        Q(status=InitiativeImport.Status.WAITING, created_at__lt=now - timedelta(seconds=30))
        | Q(status=InitiativeImport.Status.CHECKING, claimed_at__lt=now - STALE_CHECK)
    ).values_list("pk", flat=True)[:limit]
    done = sum(check_import(import_id=pk) is not None for pk in list(to_check))
    to_save = InitiativeImport.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CHECK),
        status=InitiativeImport.Status.SAVING,
        imported_at__isnull=True,
    ).values_list("pk", flat=True)[:limit]
    return done + sum(save_import(import_id=pk) is not None for pk in list(to_save))


def confirm_import(*, pending_id: int, author) -> InitiativeImport:
    """The person confirms a clean, checked import; the worker saves it (`save_import`).

    Writes: the import as waiting to be saved. Refuses (ImportRefused): an import with bad rows,
    one not checked yet, and a second confirmation.
    """
    with transaction.atomic():
        pending = InitiativeImport.objects.select_for_update().get(pk=pending_id, created_by=author)
        if pending.imported_at is not None or pending.status == InitiativeImport.Status.SAVING:
            raise ImportRefused(_("Dit bestand is al ingelezen."))
        if pending.status != InitiativeImport.Status.CHECKED:
            raise ImportRefused(_("Dit bestand is nog niet gecontroleerd."))
        if pending.errors:
            raise ImportRefused(_("Verbeter eerst de foute rijen en lees het bestand opnieuw in."))
        pending.status = InitiativeImport.Status.SAVING
        pending.claimed_at = None
        pending.save(update_fields=["status", "claimed_at"])
    return pending


def save_import(*, import_id: int) -> int | None:
    """Save every row of a confirmed import at once, in the worker.

    Writes: the initiatives (all or none), then the import as done with its count and without
    its rows. Refuses (returns None): an import not confirmed, or being saved by another worker.
    """
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CHECK)
    if not InitiativeImport.objects.filter(
        claimable, pk=import_id, status=InitiativeImport.Status.SAVING, imported_at__isnull=True
    ).update(claimed_at=now):
        return None
    with transaction.atomic():
        pending = (
            InitiativeImport.objects.select_for_update(of=("self",))
            .select_related("created_by__professional")
            .get(pk=import_id)
        )
        count = import_initiatives(
            author=pending.created_by,
            rows=[ImportRow(r["line"], r["data"], r["themes"]) for r in pending.rows],
        )
        pending.imported_at = timezone.now()
        pending.status = InitiativeImport.Status.SAVED
        pending.checked_rows = count
        pending.rows = []
        pending.save(update_fields=["imported_at", "status", "checked_rows", "rows"])
    return count


@transaction.atomic
def import_initiatives(*, author, rows: list[ImportRow]) -> int:
    """Writes: all rows of a checked import at once, or nothing. Addresses are geocoded later."""
    organisation = author.professional.organisation
    created = Initiative.objects.bulk_create(
        [
            Initiative(
                organisation=organisation,
                created_by=author,
                geocode_status=(
                    Initiative.Geocode.PENDING
                    if row.data.get("address")
                    else Initiative.Geocode.NONE
                ),
                **{k: v for k, v in row.data.items() if k in EDITABLE_FIELDS},
            )
            for row in rows
        ],
        batch_size=500,
    )
    Through = Initiative.themes.through
    Through.objects.bulk_create(
        [
            Through(initiative_id=initiative.pk, theme_id=theme)
            for initiative, row in zip(created, rows, strict=True)
            for theme in row.themes
        ],
        batch_size=1000,
    )
    PhaseChange.objects.bulk_create(
        [PhaseChange(initiative=i, phase=i.phase, changed_by=author) for i in created],
        batch_size=500,
    )
    log_activity(
        actor=author,
        verb="initiatives_imported",
        obj_ref=f"accounts.organisation:{organisation.pk}",
        data={"rows": len(created)},
    )
    return len(created)

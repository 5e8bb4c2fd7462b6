"""Everything that changes a scan, a share or a group session. Views call these; nothing else writes.

Each function says what it writes. Authorisation is the caller's job (the views look objects up
through `Scan.objects.owned_by(user)`), so these functions trust the objects they are given.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.accounts.models import Professional, hash_token
from wijkactie.actie.content import registry
from wijkactie.actie.models import GroupSession, Participant, Scan, ScanShare, ShareLink
from wijkactie.core.services import log_activity
from wijkactie.initiatives.models import Initiative, PhaseChange


@dataclass(frozen=True)
class NewInitiative:
    name: str
    neighbourhood: str
    phase: int
    origin: str


def start_scan(
    *,
    author,
    level: str,
    initiative: Initiative | None = None,
    new_initiative: NewInitiative | None = None,
    phase: int | None = None,
    origin: str = "",
) -> Scan:
    """Writes: a scan (and a new initiative of the author's organisation when one is given); the
    initiative's phase history when the scan starts it or moves it to another phase."""
    organisation = author.professional.organisation
    with transaction.atomic():
        if new_initiative is not None:
            initiative = Initiative.objects.create(
                name=new_initiative.name,
                neighbourhood=new_initiative.neighbourhood,
                phase=new_initiative.phase,
                origin=new_initiative.origin,
                organisation=organisation,
                created_by=author,
            )
            PhaseChange.objects.create(
                initiative=initiative, phase=initiative.phase, changed_by=author
            )
        if initiative is not None:
            phase = phase or initiative.phase
            origin = origin or initiative.origin
            if initiative.phase != phase:
                initiative.phase = phase
                initiative.save(update_fields=["phase", "updated_at"])
                PhaseChange.objects.create(initiative=initiative, phase=phase, changed_by=author)
        return Scan.objects.create(
            author=author,
            organisation=organisation,
            level=level,
            initiative=initiative,
            origin=origin if initiative else "",
            phase=phase if initiative else None,
            content_version=registry().current.version,
        )


@transaction.atomic
def rescan(*, scan: Scan) -> Scan:
    """A new scan of the same initiative with the current content, starting from the old answers.

    Writes: a scan. Answers to questions that no longer exist in the current content are dropped;
    the professional goes through the areas again and changes what has changed.
    """
    level = registry().current.levels[scan.level]
    new = start_scan(
        author=scan.author,
        level=scan.level,
        initiative=scan.initiative,
        phase=scan.initiative.phase if scan.initiative_id else None,
        origin=scan.origin,
    )
    new.answers = {k: v for k, v in scan.answers.items() if level.has_question(k)}
    new.notes = {k: v for k, v in scan.notes.items() if level.has_question(k)}
    new.intuitive_approach = scan.intuitive_approach
    new.save(update_fields=["answers", "notes", "intuitive_approach", "updated_at"])
    return new


def set_intuition(*, scan: Scan, approach: str) -> None:
    """Writes: the scan's first inclination ("weet_niet" is stored as empty)."""
    scan.intuitive_approach = "" if approach == "weet_niet" else approach
    scan.save(update_fields=["intuitive_approach", "updated_at"])


def save_answers(*, target: Scan | Participant, answers: dict, notes: dict | None = None) -> None:
    """Merge answers (and notes) for some questions into a scan or a participant.

    Writes: the target's answers (and notes). Questions not in `answers` keep their answer; an
    empty note removes the note.
    """
    target.answers = {**target.answers, **answers}
    fields = ["answers"]
    if notes is not None and isinstance(target, Scan):
        merged = {**target.notes, **notes}
        target.notes = {k: v for k, v in merged.items() if v}
        fields.append("notes")
    if isinstance(target, Scan):
        fields.append("updated_at")
    target.save(update_fields=fields)


def complete_scan(*, scan: Scan) -> None:
    """Writes: the completion time (once; editing afterwards keeps it)."""
    if scan.completed_at is None:
        scan.completed_at = timezone.now()
        scan.save(update_fields=["completed_at", "updated_at"])


def record_choice(*, scan: Scan, approach: str, rationale: str, next_checkin) -> None:
    """Writes: the approach the professional chose, why, and when to look again."""
    scan.chosen_approach = approach
    scan.rationale = rationale
    scan.next_checkin = next_checkin
    scan.save(update_fields=["chosen_approach", "rationale", "next_checkin", "updated_at"])


class ShareError(Exception):
    def __init__(self, message: str, *, field: str):
        self.field = field
        super().__init__(message)


@transaction.atomic
def share_with_colleague(*, scan: Scan, email: str) -> ScanShare:
    """Give a named colleague read access. Writes: a share and an activity entry.

    The colleague needs a wijkactie account; sharing with yourself is refused.
    """
    user = get_user_model().objects.filter(username=email, is_active=True).first()
    if user is None or not Professional.objects.filter(user=user).exists():
        raise ShareError(
            _(
                "Er is geen account met dit e-mailadres. Vraag je collega eerst een account aan te maken."
            ),
            field="email",
        )
    if user.pk == scan.author_id:
        raise ShareError(_("Dit is je eigen e-mailadres."), field="email")
    share, _created = ScanShare.objects.get_or_create(scan=scan, user=user)
    log_activity(actor=scan.author, verb="scan_shared", obj_ref=f"actie.scan:{scan.pk}")
    return share


def unshare(*, scan: Scan, share_id: int) -> None:
    """Writes: removes one colleague's access."""
    ScanShare.objects.filter(scan=scan, pk=share_id).delete()


@transaction.atomic
def create_share_link(*, scan: Scan, days: int, include_notes: bool) -> str:
    """Writes: a link row with the hash of a new token. Returns the raw token (shown once)."""
    raw, hashed = ShareLink.new_token()
    ShareLink.objects.create(
        scan=scan,
        token_hash=hashed,
        include_notes=include_notes,
        expires_at=timezone.now() + timedelta(days=days),
    )
    log_activity(actor=scan.author, verb="scan_link_created", obj_ref=f"actie.scan:{scan.pk}")
    return raw


def revoke_share_link(*, scan: Scan, link_id: int) -> None:
    """Writes: the revocation time of one link."""
    ShareLink.objects.filter(scan=scan, pk=link_id, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def link_for_token(raw: str) -> ShareLink | None:
    return (
        ShareLink.objects.select_related("scan", "scan__initiative", "scan__organisation")
        .filter(token_hash=hash_token(raw), revoked_at=None, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def delete_scan(*, scan: Scan) -> None:
    """Delete a scan for good, with its shares and links. Writes: deletes rows, logs the fact.

    The initiative stays (other scans may use it); the activity log keeps only the scan's id.
    """
    ref = f"actie.scan:{scan.pk}"
    author = scan.author
    scan.delete()
    log_activity(actor=author, verb="scan_deleted", obj_ref=ref)


FACILITATORS_ORGANISATION = object()


def create_group_session(
    *, facilitator, data: dict, organisation=FACILITATORS_ORGANISATION, open_until=None
) -> GroupSession:
    """Writes: a group session with a fresh join code (retried on the rare collision).

    The one writer of group sessions: the facilitator's own sessions and the afternoon casework's
    (`organisation=None`, open until a fixed time) both come here.
    """
    if organisation is FACILITATORS_ORGANISATION:
        organisation = facilitator.professional.organisation
    open_until = open_until or timezone.now() + timedelta(hours=data["hours_open"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return GroupSession.objects.create(
                    facilitator=facilitator,
                    organisation=organisation,
                    title=data["title"],
                    case_summary=data["case_summary"],
                    event=data.get("event"),
                    case=data.get("case"),
                    origin=data.get("origin") or "",
                    phase=data.get("phase"),
                    content_version=registry().current.version,
                    open_until=open_until,
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free join code after five attempts")


def close_group_session(*, session: GroupSession) -> None:
    """Writes: the end of joining (now); answers already given stay."""
    if session.is_open:
        session.open_until = timezone.now()
        session.save(update_fields=["open_until"])


@transaction.atomic
def join_group(*, session: GroupSession, display_name: str, show_name: bool, intuition: str) -> str:
    """Writes: a participant. Returns the raw secret for the participant's cookie."""
    raw, hashed = ShareLink.new_token()
    Participant.objects.create(
        session=session,
        display_name=display_name,
        show_name=show_name,
        intuitive_approach="" if intuition == "weet_niet" else intuition,
        secret_hash=hashed,
    )
    return raw


def participant_for(session: GroupSession, raw_secret: str) -> Participant | None:
    if not raw_secret:
        return None
    return Participant.objects.filter(session=session, secret_hash=hash_token(raw_secret)).first()


def finish_participation(*, participant: Participant) -> None:
    """Writes: the time the participant said they were done."""
    if participant.done_at is None:
        participant.done_at = timezone.now()
        participant.save(update_fields=["done_at"])

"""Every write of initiatives, practice cases and afternoon groups. Each function says what it writes.

Authorisation is the caller's (views look objects up through `queries.py`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.accounts.services import organisation_named
from wijkactie.actie.content import registry
from wijkactie.actie.models import GroupSession, Scan
from wijkactie.core.services import log_activity, queue_email
from wijkactie.events.models import Event, Registration
from wijkactie.initiatives import geocoding
from wijkactie.initiatives.grouping import Case, Person, assign_groups
from wijkactie.initiatives.imports import check_file
from wijkactie.initiatives.models import (
    CASE_TEXT_FIELDS,
    EDITABLE_FIELDS,
    CaseGroup,
    CaseGroupMember,
    CaseRevision,
    Initiative,
    InitiativeImport,
    PhaseChange,
    PracticeCase,
)

# -- Practice cases -----------------------------------------------------------------------------


class CaseError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        self.field = field
        super().__init__(message)


def follow_url(case: PracticeCase) -> str:
    return settings.SITE_URL + reverse("initiatives:case_follow", args=[case.follow_token])


def _mail_contributor(case: PracticeCase, kind: str, **extra) -> None:
    subject, _sep, body = render_to_string(
        f"initiatives/mail/case_{kind}.txt",
        {
            "case": case,
            "follow_url": follow_url(case),
            "contact": settings.WIJKACTIE_CONTACT_EMAIL,
            **extra,
        },
    ).partition("\n")
    queue_email(
        key=f"case:{case.pk}:{kind}:{case.updated_at.isoformat()}",
        topic=f"case_{kind}",
        to=case.contributor_email,
        subject=subject,
        body=body.lstrip("\n"),
        object_ref=f"initiatives.practicecase:{case.pk}",
    )


@transaction.atomic
def submit_case(*, data: dict, themes, event: Event | None = None) -> PracticeCase:
    """Writes: a new case; sends: a receipt with the personal follow link."""
    case = PracticeCase.objects.create(
        kind=data["kind"],
        title=data["title"],
        situation=data["situation"],
        question=data["question"],
        neighbourhood=data.get("neighbourhood", ""),
        municipality=data["municipality"],
        contributor_name=data["contributor_name"],
        contributor_organisation=organisation_named(data["contributor_organisation"]),
        contributor_email=data["contributor_email"],
        may_use_in_session=data["may_use_in_session"],
        may_publish=data["may_publish"],
        submitted_from=event,
    )
    case.themes.set(themes)
    _mail_contributor(case, "received")
    return case


def _transition(case: PracticeCase, allowed_from: tuple[str, ...], actor, verb: str) -> None:
    if case.status not in allowed_from:
        raise CaseError(
            _("Dit kan niet meer: de casus heeft status '%(status)s'.")
            % {"status": case.get_status_display()}
        )
    log_activity(actor=actor, verb=verb, obj_ref=f"initiatives.practicecase:{case.pk}")


@transaction.atomic
def start_review(*, case: PracticeCase, actor) -> None:
    """Writes: status in review; sends: a mail to the contributor."""
    _transition(case, (PracticeCase.Status.NEW,), actor, "case_review_started")
    case.status = PracticeCase.Status.IN_REVIEW
    case.save(update_fields=["status", "updated_at"])
    _mail_contributor(case, "in_review")


@transaction.atomic
def accept_case(*, case: PracticeCase, actor, event: Event | None, for_publication: bool) -> None:
    """Writes: status accepted, for an event and/or for publication; sends: a mail.

    Refuses what the contributor did not allow, and an acceptance for nothing.
    """
    _transition(
        case, (PracticeCase.Status.NEW, PracticeCase.Status.IN_REVIEW), actor, "case_accepted"
    )
    if event is None and not for_publication:
        raise CaseError(_("Kies een bijeenkomst, publicatie, of allebei."), field="event")
    if event is not None and not case.may_use_in_session:
        raise CaseError(
            _("De inbrenger gaf geen toestemming voor gebruik in een bijeenkomst."), field="event"
        )
    if for_publication and not case.may_publish:
        raise CaseError(
            _("De inbrenger gaf geen toestemming voor publicatie."), field="for_publication"
        )
    case.status = PracticeCase.Status.ACCEPTED
    case.accepted_event = event
    case.accepted_for_publication = for_publication
    case.save(update_fields=["status", "accepted_event", "accepted_for_publication", "updated_at"])
    _mail_contributor(case, "accepted")


@transaction.atomic
def publish_case(*, case: PracticeCase, actor) -> None:
    """Writes: status published; sends: a mail with the public address."""
    _transition(case, (PracticeCase.Status.ACCEPTED,), actor, "case_published")
    if not (case.may_publish and case.accepted_for_publication):
        raise CaseError(_("Deze casus is niet geaccepteerd voor publicatie."))
    case.status = PracticeCase.Status.PUBLISHED
    case.published_at = timezone.now()
    case.save(update_fields=["status", "published_at", "updated_at"])
    _mail_contributor(case, "published")


@transaction.atomic
def edit_case(*, case: PracticeCase, actor, changes: dict, note: str) -> list[str]:
    """Staff change the public text of a case (before or after publishing).

    Writes: the text as it was, as a revision (the first is the contributor's original), and the
    new text. Sends: the contributor a mail with what changed and why. Returns the changed fields;
    nothing is written or sent when nothing changed. Refuses: a declined case.
    """
    if case.status == PracticeCase.Status.DECLINED:
        raise CaseError(_("Een afgewezen casus pas je niet meer aan."))
    changed = [f for f in CASE_TEXT_FIELDS if f in changes and changes[f] != getattr(case, f)]
    if not changed:
        return []
    before = {f: getattr(case, f) for f in CASE_TEXT_FIELDS}
    CaseRevision.objects.create(case=case, replaced_by=actor, note=note, **before)
    for field in changed:
        setattr(case, field, changes[field])
    case.save()
    log_activity(
        actor=actor,
        verb="case_edited",
        obj_ref=f"initiatives.practicecase:{case.pk}",
        data={"fields": changed},
    )
    _mail_contributor(
        case,
        "edited",
        changes=[
            (PracticeCase._meta.get_field(f).verbose_name, before[f], getattr(case, f))
            for f in changed
        ],
        note=note,
    )
    return changed


@transaction.atomic
def decline_case(*, case: PracticeCase, actor, reason: str) -> None:
    """Writes: status declined with the reason; sends: a mail with the reason."""
    _transition(
        case,
        (PracticeCase.Status.NEW, PracticeCase.Status.IN_REVIEW, PracticeCase.Status.ACCEPTED),
        actor,
        "case_declined",
    )
    if not reason.strip():
        raise CaseError(_("Geef een reden: de inbrenger krijgt die te lezen."), field="reason")
    case.status = PracticeCase.Status.DECLINED
    case.decline_reason = reason.strip()
    case.save(update_fields=["status", "decline_reason", "updated_at"])
    _mail_contributor(case, "declined")


# -- Initiatives --------------------------------------------------------------------------------


def _apply_place(initiative: Initiative, address: str, manual: tuple | None) -> None:
    """Position from a manual pin, else from PDOK; PDOK being away only postpones it."""
    if manual is not None:
        initiative.latitude, initiative.longitude = manual
        initiative.geocode_status = Initiative.Geocode.MANUAL
        return
    if not address:
        initiative.latitude = initiative.longitude = None
        initiative.geocode_status = Initiative.Geocode.NONE
        return
    try:
        place = geocoding.geocode(address)
    except geocoding.GeocoderUnavailable:
        initiative.geocode_status = Initiative.Geocode.PENDING
        return
    _set_place(initiative, place)


def _set_place(initiative: Initiative, place) -> None:
    if place is None:
        initiative.geocode_status = Initiative.Geocode.NOT_FOUND
        return
    initiative.latitude, initiative.longitude = place.latitude, place.longitude
    initiative.neighbourhood_code = place.neighbourhood_code
    initiative.neighbourhood_code_year = place.code_year
    initiative.neighbourhood = initiative.neighbourhood or place.neighbourhood
    initiative.municipality = initiative.municipality or place.municipality
    initiative.geocode_status = Initiative.Geocode.FOUND


def save_initiative(
    *, author, data: dict, themes, initiative: Initiative | None = None, manual=None
) -> Initiative:
    """Create or update an initiative of the author's organisation.

    Writes: the initiative, its themes and, when the phase changes, a phase-history row. Asks PDOK
    (outside the transaction, with a short timeout) when the address changed.
    """
    creating = initiative is None
    initiative = initiative or Initiative(organisation=author.professional.organisation)
    # Read what is stored: a ModelForm has already copied the new values onto the instance.
    old_phase, old_address = (
        (None, "")
        if creating
        else Initiative.objects.filter(pk=initiative.pk).values_list("phase", "address").get()
    )
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(initiative, name, data[name])
    if creating:
        initiative.created_by = author
    if manual is not None or creating or initiative.address != old_address:
        _apply_place(initiative, initiative.address, manual)
    with transaction.atomic():
        initiative.save()
        initiative.themes.set(themes)
        if creating or initiative.phase != old_phase:
            PhaseChange.objects.create(
                initiative=initiative, phase=initiative.phase, changed_by=author
            )
    return initiative


def geocode_pending(*, limit: int = 50) -> int:
    """Geocode initiatives that waited for PDOK. Writes: their positions. Returns how many done.

    Stops at the first unavailability (PDOK is still away) and gives up on an address after
    ten attempts.
    """
    done = 0
    pending = Initiative.objects.filter(
        geocode_status=Initiative.Geocode.PENDING, geocode_attempts__lt=10
    ).order_by("updated_at")[:limit]
    for initiative in pending:
        initiative.geocode_attempts += 1
        try:
            place = geocoding.geocode(initiative.address)
        except geocoding.GeocoderUnavailable:
            initiative.save(update_fields=["geocode_attempts"])
            break
        _set_place(initiative, place)
        initiative.save()
        done += 1
    return done


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


# -- Afternoon casework -------------------------------------------------------------------------


def afternoon_people(event: Event) -> list[Person]:
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .order_by("pk")
    )
    return [
        Person(
            id=r.pk,
            name=r.full_name,
            organisation=r.organisation.name if r.organisation_id else "",
            role=r.role,
            email=r.email,
        )
        for r in registrations
    ]


def afternoon_cases(case_ids: list[int]) -> list[Case]:
    cases = {c.pk: c for c in PracticeCase.objects.filter(pk__in=case_ids)}
    return [
        Case(id=c.pk, title=c.title, contributor_email=c.contributor_email)
        for c in (cases[i] for i in case_ids if i in cases)
    ]


@transaction.atomic
def save_afternoon_groups(
    *, event: Event, case_ids: list[int], size: int, actor
) -> list[CaseGroup]:
    """Divide the confirmed registrants into groups and prepare an ACTIE group session per group.

    Writes: replaces the event's groups, members and their group sessions, creates one group
    session per group (the acting staff member facilitates). Refuses (AssignmentError) what
    cannot be divided.
    """
    groups = assign_groups(afternoon_people(event), afternoon_cases(case_ids), size)
    # A new division replaces the old one, with the group sessions (and join codes) it made.
    old = CaseGroup.objects.filter(event=event)
    GroupSession.objects.filter(case_group__in=old).delete()
    old.delete()
    cases = PracticeCase.objects.in_bulk([g.case.id for g in groups if g.case])
    saved = []
    for group in groups:
        case = cases.get(group.case.id) if group.case else None
        session = GroupSession.objects.create(
            facilitator=actor,
            organisation=None,
            title=_("Groep %(n)s: %(title)s") % {"n": group.number, "title": case.title}
            if case
            else _("Groep %(n)s") % {"n": group.number},
            case_summary=(case.situation if case else event.title)[:2000],
            event=event,
            case=case,
            content_version=registry().current.version,
            open_until=event.ends_at + timedelta(hours=2),
        )
        row = CaseGroup.objects.create(
            event=event, number=group.number, case=case, explanation=group.reasons, session=session
        )
        CaseGroupMember.objects.bulk_create(
            [CaseGroupMember(group=row, registration_id=p.id) for p in group.members]
        )
        saved.append(row)
    log_activity(
        actor=actor,
        verb="afternoon_groups_assigned",
        obj_ref=f"events.event:{event.pk}",
        data={"groups": len(saved), "size": size},
    )
    return saved


@transaction.atomic
def move_member(*, event: Event, registration_id: int, group_number: int, actor) -> None:
    """Writes: one person's group (by hand, after the automatic division)."""
    member = CaseGroupMember.objects.select_related("group").get(
        registration_id=registration_id, group__event=event
    )
    member.group = CaseGroup.objects.get(event=event, number=group_number)
    member.save(update_fields=["group"])
    log_activity(
        actor=actor,
        verb="afternoon_member_moved",
        obj_ref=f"events.registration:{registration_id}",
        data={"group": group_number},
    )


@transaction.atomic
def mail_afternoon_groups(*, event: Event) -> int:
    """Sends: each member their group, case summary and join code (once per group and person)."""
    count = 0
    groups = CaseGroup.objects.filter(event=event).select_related("case", "session")
    for group in groups:
        for member in group.members.select_related("registration"):
            registration = member.registration
            subject, _sep, body = render_to_string(
                "initiatives/mail/afternoon_group.txt",
                {
                    "event": event,
                    "group": group,
                    "registration": registration,
                    "join_url": settings.SITE_URL
                    + reverse("actie:participant_start", args=[group.session.code])
                    if group.session
                    else "",
                },
            ).partition("\n")
            queue_email(
                key=f"afternoon:{group.pk}:{registration.pk}",
                topic="afternoon_group",
                to=registration.email,
                subject=subject,
                body=body.lstrip("\n"),
                object_ref=f"events.registration:{registration.pk}",
            )
            count += 1
    return count


# -- Duplicates ----------------------------------------------------------------------------------


class MergeError(Exception):
    pass


@transaction.atomic
def merge_initiatives(*, keep_id: int, remove_id: int, actor) -> Initiative:
    """Staff merge a duplicate into the initiative that stays.

    Writes: the duplicate's scans and phase history moved to the one that stays (history in time
    order), its themes added, empty fields filled from the duplicate; the duplicate deleted; an
    activity entry naming both. Refuses: merging an initiative with itself.
    """
    if keep_id == remove_id:
        raise MergeError(_("Kies twee verschillende initiatieven."))
    keep, remove = (
        Initiative.objects.select_for_update().get(pk=keep_id),
        Initiative.objects.select_for_update().get(pk=remove_id),
    )
    moved_scans = Scan.objects.filter(initiative=remove).update(initiative=keep)
    PhaseChange.objects.filter(initiative=remove).update(initiative=keep)
    keep.themes.add(*remove.themes.all())
    filled = []
    for field in EDITABLE_FIELDS:
        if field != "themes" and not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
            filled.append(field)
    if keep.latitude is None and remove.latitude is not None:
        keep.latitude, keep.longitude = remove.latitude, remove.longitude
        keep.neighbourhood_code = keep.neighbourhood_code or remove.neighbourhood_code
        filled.append("position")
    keep.save()
    log_activity(
        actor=actor,
        verb="initiatives_merged",
        obj_ref=f"initiatives.initiative:{keep.pk}",
        data={
            "removed": remove.pk,
            "removed_name": remove.name,
            "scans": moved_scans,
            "filled": filled,
        },
    )
    remove.delete()
    return keep

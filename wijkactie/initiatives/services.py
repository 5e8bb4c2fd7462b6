"""Every write of initiatives and practice cases. Each function says what it writes.

Imports of inventories are in `inventory.py`, the afternoon casework in `afternoon.py`.

Authorisation is the caller's (views look objects up through `queries.py`).
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wijkactie.accounts.services import organisation_named
from wijkactie.core import geocoding
from wijkactie.core.services import log_activity, queue_mail
from wijkactie.events.models import Event
from wijkactie.initiatives import signals
from wijkactie.initiatives.models import (
    CASE_TEXT_FIELDS,
    EDITABLE_FIELDS,
    CaseRevision,
    Initiative,
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
    queue_mail(
        template=f"initiatives/mail/case_{kind}.txt",
        context={
            "case": case,
            "follow_url": follow_url(case),
            "contact": settings.WIJKACTIE_CONTACT_EMAIL,
            **extra,
        },
        language=case.language,
        key=f"case:{case.pk}:{kind}:{case.updated_at.isoformat()}",
        topic=f"case_{kind}",
        to=case.contributor_email,
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
        language=get_language() or "nl",
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
    revision = CaseRevision.objects.create(case=case, replaced_by=actor, note=note, **before)
    for field in changed:
        setattr(case, field, changes[field])
    case.save()
    log_activity(
        actor=actor,
        verb="case_edited",
        obj_ref=f"initiatives.practicecase:{case.pk}",
        data={"fields": changed},
    )
    _mail_contributor(case, "edited", revision=revision)
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
    moved = {}
    for _receiver, counts in signals.initiatives_merging.send(None, keep=keep, remove=remove):
        moved.update(counts or {})
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
            **moved,
            "filled": filled,
        },
    )
    remove.delete()
    return keep

"""The programme office: organisers prepare an event as a concept, fill in its programme, publish
it when it is complete, and start the next one from a copy.

Seats never change here: a change of capacity goes through `services.update_event` (the capacity
service, under the event's lock), which the editor calls for the event's own fields.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wijkactie.core import geocoding
from wijkactie.core.services import log_activity
from wijkactie.events import mails
from wijkactie.events.changes import differences, snapshot
from wijkactie.events.models import Event, ProgrammePart, ProgrammeVersion, Registration, Speaker
from wijkactie.events.reminders import in_final_week


class NotComplete(Exception):
    """Publishing was refused; `missing` says what to fill in first, in words for the organiser."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class SpeakerData:
    name: str
    organisation: str = ""
    topic: str = ""


@dataclass(frozen=True)
class PartData:
    """One part of the programme as the editor sends it; `part_id` None for a new part."""

    label: str
    starts_at: time
    ends_at: time
    kind: str = ProgrammePart.Kind.SESSION
    title: str = ""
    description: str = ""
    speakers: tuple[SpeakerData, ...] = field(default_factory=tuple)
    part_id: int | None = None


def save_programme(*, event_id: int, parts: list[PartData], actor=None) -> list[ProgrammePart]:
    """Make the event's programme exactly `parts`, in this order.

    Writes: existing parts keep their identity (what later refers to a part, such as attendance,
    stays attached); parts not sent are removed, new ones created; each part's speakers become
    the ones sent, in order. An activity entry. Refuses nothing: the form checked the times.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        existing = {part.pk: part for part in event.parts.all()}
        kept = []
        for position, data in enumerate(parts, 1):
            part = existing.get(data.part_id) or ProgrammePart(event=event)
            part.position = position
            part.label, part.kind, part.title = data.label, data.kind, data.title
            part.starts_at, part.ends_at, part.description = (
                data.starts_at,
                data.ends_at,
                data.description,
            )
            part.save()
            part.speakers.all().delete()
            Speaker.objects.bulk_create(
                Speaker(part=part, position=n, **vars(speaker))
                for n, speaker in enumerate(data.speakers, 1)
            )
            kept.append(part)
        ProgrammePart.objects.filter(event=event).exclude(pk__in=[p.pk for p in kept]).delete()
        log_activity(
            actor=actor,
            verb="programme_saved",
            obj_ref=f"events.event:{event.pk}",
            data={"parts": len(kept), "speakers": sum(len(p.speakers) for p in parts)},
        )
    return kept


class Located:
    FOUND, UNKNOWN, UNAVAILABLE, ONLINE = "found", "unknown", "unavailable", "online"


def locate_event(*, event_id: int) -> str:
    """Put a physical venue on the map through PDOK (the register's geocoder).

    Writes: the event's latitude and longitude (empty for an online event or an address PDOK does
    not know). When PDOK cannot be reached, nothing changes and UNAVAILABLE is returned: the next
    save tries again. Returns one of `Located`.
    """
    event = Event.objects.get(pk=event_id)
    if event.is_online:
        point = None
        result = Located.ONLINE
    else:
        address = ", ".join(
            p for p in (event.street_address, f"{event.postcode} {event.city}".strip()) if p
        )
        try:
            place = geocoding.geocode(address)
        except geocoding.GeocoderUnavailable:
            return Located.UNAVAILABLE
        point = (place.latitude, place.longitude) if place else None
        result = Located.FOUND if place else Located.UNKNOWN
    latitude, longitude = (Decimal(f"{c:.6f}") for c in point) if point else (None, None)
    Event.objects.filter(pk=event.pk).update(latitude=latitude, longitude=longitude)
    return result


def missing_for_publication(event: Event, *, free_confirmed: bool = False) -> list[str]:
    """What a visitor would miss on the public page, in the order of the editor's form; and a
    price of € 0 where the programme charges, unless the organiser confirmed it is free."""
    missing = []
    if not event.introduction.strip():
        missing.append(_("een inleiding"))
    if event.is_online:
        if not event.join_url:
            missing.append(_("de deelnamelink (voor bevestigde deelnemers)"))
    elif not (event.venue_name and event.street_address and event.city):
        missing.append(_("de naam, het adres en de plaats van de locatie"))
    if not event.capacity:
        missing.append(_("het aantal plaatsen"))
    if not event.contact_email:
        missing.append(_("het e-mailadres voor vragen"))
    if not event.parts.exists():
        missing.append(_("het programma (ten minste één onderdeel)"))
    if event.closes_at <= timezone.now():
        missing.append(_("een begin (of sluiting van de aanmelding) in de toekomst"))
    if free_where_the_programme_charges(event) and not free_confirmed:
        missing.append(
            _(
                "de prijs: deze bijeenkomst is kosteloos, maar het programma vraagt € %(price)s "
                "excl. btw van niet-partners. Vul de prijs in, of bevestig dat deze bijeenkomst "
                "kosteloos is."
            )
            % {"price": number_format(event.programme.price_excl_vat, 2, force_grouping=True)}
        )
    return missing


def free_where_the_programme_charges(event: Event) -> bool:
    return bool(
        event.price_excl_vat == 0 and event.programme and event.programme.price_excl_vat > 0
    )


def publish_event(*, event_id: int, free_confirmed: bool = False, actor=None) -> Event:
    """Writes: the event as published (the public page, agenda and API show it). An activity
    entry. Refuses: an incomplete event, or one that is free where its programme charges and the
    organiser did not confirm that (NotComplete, with what is missing)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        missing = missing_for_publication(event, free_confirmed=free_confirmed)
        if missing:
            raise NotComplete(missing)
        Event.objects.filter(pk=event.pk).update(is_published=True)
        event.is_published = True
        if not event.versions.exists():
            _add_version(event, snapshot(event), number=1, actor=actor)
        log_activity(actor=actor, verb="event_published", obj_ref=f"events.event:{event.pk}")
    return event


def record_version(*, event_id: int, before: dict, actor=None) -> ProgrammeVersion | None:
    """After the organiser saved a published event: a new version when its time, place, join
    link or programme differ from what registrants were last told, else None.

    `before`: the snapshot taken before the save (it becomes version 1, dated at the event's
    creation, for an event published before versions existed). Writes: the version (its notice
    pending, for the organiser to decide) and a higher calendar SEQUENCE, so the file a
    registrant gets replaces the entry in their calendar.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if not event.is_published:
            return None
        latest = event.versions.order_by("-number").first()
        if latest is None:
            latest = _add_version(event, before, number=1, actor=actor, at=event.created_at)
        now = snapshot(event)
        if now == latest.snapshot:
            return None
        Event.objects.filter(pk=event.pk).update(calendar_sequence=F("calendar_sequence") + 1)
        version = _add_version(
            event,
            now,
            number=latest.number + 1,
            actor=actor,
            notice=ProgrammeVersion.Notice.PENDING,
        )
        log_activity(
            actor=actor,
            verb="programme_version",
            obj_ref=f"events.event:{event.pk}",
            data={"version": version.number},
        )
    return version


def _add_version(event, state, *, number, actor, at=None, notice=ProgrammeVersion.Notice.NONE):
    return ProgrammeVersion.objects.create(
        event=event,
        number=number,
        snapshot=state,
        created_at=at or timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        notice=notice,
    )


def affected(event: Event) -> dict[str, int]:
    """Who a change concerns: the active registrations by status."""
    counts = dict.fromkeys(Registration.ACTIVE, 0)
    for row in (
        event.registrations.filter(status__in=Registration.ACTIVE)
        .values("status")
        .annotate(n=Count("id"))
    ):
        counts[row["status"]] = row["n"]
    return counts


def announce_change(*, event_id: int, number: int, inform: bool, note: str = "", actor=None) -> int:
    """The organiser's decision on a pending version. Returns how many people are informed.

    Writes: the version's notice (sent or skipped) and note; an activity entry. Sends, when
    `inform`: to every confirmed, offered and waiting registrant one mail with what changed and
    the note; those with a seat get the updated calendar entry. Never twice: a version decided
    before is left as it is (0).
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        version = event.versions.select_for_update().get(number=number)
        if version.notice != ProgrammeVersion.Notice.PENDING:
            return 0
        informed = 0
        if inform:
            released = in_final_week(event, timezone.now())
            for registration in event.registrations.filter(status__in=Registration.ACTIVE):
                registration.event = event
                mails.queue_programme_changed(registration, version, released=released)
                informed += 1
        version.notice = ProgrammeVersion.Notice.SENT if inform else ProgrammeVersion.Notice.SKIPPED
        version.note, version.informed = note, informed
        version.save(update_fields=["notice", "note", "informed"])
        log_activity(
            actor=actor,
            verb="programme_change_sent" if inform else "programme_change_not_sent",
            obj_ref=f"events.event:{event.pk}",
            data={"version": number, "informed": informed},
        )
    return informed


def changes_since_registration(registration: Registration) -> list[str]:
    """What differs between the version current when the person registered and the current one."""
    versions = list(registration.event.versions.order_by("number"))
    if len(versions) < 2:
        return []
    then = [v for v in versions if v.created_at <= registration.created_at] or versions[:1]
    return differences(then[-1].snapshot, versions[-1].snapshot)


# What a copy leaves behind: its own identity, its seats and calendar history, its link.
NOT_COPIED = {"id", "slug", "is_published", "calendar_sequence", "join_url", "created_at"}


def duplicate_event(*, event_id: int, starts_on: date, actor=None) -> Event:
    """A new concept with the event's texts, settings, programme and speakers, moved to
    `starts_on` at the same times of day (the registration deadline moves along).

    Writes: the new event (a free slug from the title and date), its parts and speakers, an
    activity entry on both. The join link is not copied: each session gets its own.
    """
    source = Event.objects.select_related("programme").get(pk=event_id)
    shift = starts_on - timezone.localdate(source.starts_at)
    with transaction.atomic():
        copy = Event(
            **{
                f.attname: getattr(source, f.attname)
                for f in Event._meta.concrete_fields
                if f.name not in NOT_COPIED and f.name not in Event.COUNTERS
            }
        )
        copy.starts_at = _moved(source.starts_at, shift)
        copy.ends_at = _moved(source.ends_at, shift)
        if source.registration_closes_at:
            copy.registration_closes_at = _moved(source.registration_closes_at, shift)
        copy.slug = _free_slug(f"{source.title} {starts_on:%Y-%m-%d}")
        copy.is_published = False
        copy.save()
        for part in source.parts.prefetch_related("speakers"):
            speakers = list(part.speakers.all())
            part.pk, part.event = None, copy
            part.save()
            Speaker.objects.bulk_create(
                Speaker(
                    part=part,
                    position=s.position,
                    name=s.name,
                    organisation=s.organisation,
                    topic=s.topic,
                )
                for s in speakers
            )
        log_activity(
            actor=actor,
            verb="event_duplicated",
            obj_ref=f"events.event:{copy.pk}",
            data={"from": source.pk},
        )
    return copy


def _moved(moment: datetime, shift: timedelta) -> datetime:
    """The same wall-clock time `shift` days later (also across a change to or from summer time)."""
    local = timezone.localtime(moment)
    return timezone.make_aware(local.replace(tzinfo=None) + shift)


def _free_slug(text: str) -> str:
    base = slugify(text)[:70].strip("-") or "bijeenkomst"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug

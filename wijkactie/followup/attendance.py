"""Attendance per part as staff record it: by hand, a page at a time, at the door (with undo), and
the presence a Teams report's intervals give (followup.imports reads and merges the report).
Every write leaves an activity entry."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wijkactie.core.models import ActivityLog
from wijkactie.core.services import log_activity
from wijkactie.events.models import Event, ProgrammePart, Registration
from wijkactie.followup import teams
from wijkactie.followup.models import Attendance

State = Attendance.State


def part_window(event: Event, part: ProgrammePart) -> tuple[datetime, datetime]:
    """The part's start and end on the event's day, as naive Dutch time (as Teams writes it)."""
    day = timezone.localtime(event.starts_at).date()
    return datetime.combine(day, part.starts_at), datetime.combine(day, part.ends_at)


def sessions(event: Event) -> list[ProgrammePart]:
    return [p for p in event.parts.all() if p.kind == ProgrammePart.Kind.SESSION]


def presence(event: Event, intervals, cap: float | None = None) -> dict[int, dict]:
    """Per session part: minutes there and whether that reaches the event's threshold. `cap`:
    the minutes the report says the person was in the meeting at all (when it holds only the
    first join and the last leave, the time between is not all presence)."""
    result = {}
    for part in sessions(event):
        start, end = part_window(event, part)
        minutes = teams.minutes_within(intervals, start, end)
        if cap is not None:
            minutes = min(minutes, cap)
        length = (end - start).total_seconds() / 60 or 1
        result[part.pk] = {
            "minutes": round(minutes),
            "present": minutes >= length * event.presence_threshold / 100,
        }
    return result


def set_attendance(
    *,
    registration_id: int,
    part_id: int,
    state: str,
    actor=None,
    source: str = Attendance.Source.MANUAL,
) -> None:
    """A staff member's correction or check-in for one person and one part ('' clears it: not
    known). Writes: the attendance and an activity entry with what it was before."""
    with transaction.atomic():
        registration = Registration.objects.get(pk=registration_id)
        part = ProgrammePart.objects.get(pk=part_id, event_id=registration.event_id)
        before = Attendance.objects.filter(registration=registration, part=part).first()
        if state:
            Attendance.objects.update_or_create(
                registration=registration,
                part=part,
                defaults={
                    "state": state,
                    "source": source,
                    "minutes": None,
                    "recorded_by": actor if getattr(actor, "pk", None) else None,
                },
            )
        elif before:
            before.delete()
        log_activity(
            actor=actor,
            verb="attendance_checked_in"
            if source == Attendance.Source.CHECKIN
            else "attendance_corrected",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{registration.event_id}",
            data={"part": part.pk, "before": before.state if before else "", "after": state},
        )


def set_attendance_many(*, event_id: int, states: dict[tuple[int, int], str], actor=None) -> int:
    """A staff member saves a page of the attendance tab: `states` is (registration, part) →
    'present', 'absent' or '' (not known). Writes only what changed, in bulk (one upsert, one
    delete), and one activity entry listing each change with what it was before. Pairs of
    another event, or of someone without a confirmed seat, are left out. Returns how many
    changed."""
    with transaction.atomic():
        event = Event.objects.prefetch_related("parts").get(pk=event_id)
        parts = {part.pk for part in sessions(event)}
        confirmed = set(
            event.registrations.filter(status=Registration.Status.CONFIRMED).values_list(
                "pk", flat=True
            )
        )
        wanted = {
            key: state
            for key, state in states.items()
            if key[0] in confirmed and key[1] in parts and state in {"", *State.values}
        }
        before = {
            (a.registration_id, a.part_id): a.state
            for a in Attendance.objects.filter(
                registration_id__in={r for r, _p in wanted}, part_id__in=parts
            )
        }
        changes = [
            {"registration": r, "part": p, "before": before.get((r, p), ""), "after": state}
            for (r, p), state in sorted(wanted.items())
            if before.get((r, p), "") != state
        ]
        recorder = actor if getattr(actor, "pk", None) else None
        now = timezone.now()
        Attendance.objects.bulk_create(
            [
                Attendance(
                    registration_id=c["registration"],
                    part_id=c["part"],
                    state=c["after"],
                    source=Attendance.Source.MANUAL,
                    minutes=None,
                    recorded_by=recorder,
                    recorded_at=now,
                )
                for c in changes
                if c["after"]
            ],
            update_conflicts=True,
            unique_fields=["registration", "part"],
            update_fields=["state", "source", "minutes", "recorded_by", "recorded_at"],
        )
        cleared = Q()
        for c in changes:
            if not c["after"]:
                cleared |= Q(registration_id=c["registration"], part_id=c["part"])
        if cleared:
            Attendance.objects.filter(cleared).delete()
        if changes:
            log_activity(
                actor=actor,
                verb="attendance_corrected",
                obj_ref=f"events.event:{event.pk}",
                data={"changes": changes},
            )
    return len(changes)


def mark_unknown_present(*, event_id: int, part_id: int, actor=None) -> int:
    """Everyone with a confirmed seat whose presence at the part is not known yet becomes
    present (a session on location where all came); what is recorded stays. Returns how many."""
    with transaction.atomic():
        part = ProgrammePart.objects.get(pk=part_id, event_id=event_id)
        unknown = list(
            Registration.objects.filter(event_id=event_id, status=Registration.Status.CONFIRMED)
            .exclude(attendance__part=part)
            .values_list("pk", flat=True)
        )
        recorder = actor if getattr(actor, "pk", None) else None
        Attendance.objects.bulk_create(
            [
                Attendance(
                    registration_id=pk,
                    part=part,
                    state=State.PRESENT,
                    source=Attendance.Source.MANUAL,
                    recorded_by=recorder,
                )
                for pk in unknown
            ]
        )
        log_activity(
            actor=actor,
            verb="attendance_marked_present",
            obj_ref=f"events.event:{event_id}",
            data={"part": part.pk, "registrations": len(unknown)},
        )
    return len(unknown)


def undo_checkin(*, registration_id: int, part_id: int, actor=None) -> bool:
    """A wrong tap at the door: the person's presence at the part goes back to what it was
    before their last check-in (from its activity entry). Nothing to undo (no check-in, or
    changed since by someone else): False, nothing changes."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        current = Attendance.objects.filter(registration=registration, part_id=part_id).first()
        last = (
            ActivityLog.objects.filter(
                object_ref=f"events.registration:{registration.pk}",
                verb="attendance_checked_in",
                data__part=part_id,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if last is None or current is None or current.source != Attendance.Source.CHECKIN:
            return False
        before = last.data.get("before", "")
        if before in State.values:
            current.state = before
            current.source = Attendance.Source.MANUAL
            current.save(update_fields=["state", "source", "recorded_at"])
        else:
            current.delete()
        log_activity(
            actor=actor,
            verb="attendance_checkin_undone",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{registration.event_id}",
            data={"part": part_id, "back_to": before if before in State.values else ""},
        )
    return True

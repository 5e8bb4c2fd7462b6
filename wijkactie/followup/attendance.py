"""Attendance per part: from a Teams report (read, shown, saved once on confirmation), or set by
hand by staff. Every write leaves an activity entry."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.core.services import log_activity
from wijkactie.events.models import Event, ProgrammePart, Registration
from wijkactie.followup import teams
from wijkactie.followup.matching import match
from wijkactie.followup.models import Attendance, AttendanceImport

State = Attendance.State


class AlreadySaved(Exception):
    """Refused: the message says why, in Dutch."""


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


def read_teams_report(*, event_id: int, filename: str, data: bytes, actor=None) -> AttendanceImport:
    """Read a Teams report and match it with the confirmed registrations; nothing is saved to
    attendance yet. Writes: the import with its report. Refuses: a file that is no report
    (teams.ReportError)."""
    event = Event.objects.prefetch_related("parts").get(pk=event_id)
    attendees = teams.parse_report(data, day=timezone.localtime(event.starts_at).date())
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("last_name")
    )
    matched, unmatched = match(attendees, registrations)
    rows = []
    for registration in registrations:
        row = matched.get(registration.pk)
        rows.append(
            {
                "registration": registration.pk,
                "name": registration.full_name,
                "report_name": row.name if row else "",
                "parts": presence(
                    event, row.intervals if row else [], row.minutes if row else None
                ),
            }
        )
    others = [
        {
            "name": row.name,
            "email": row.email,
            "role": row.role,
            "parts": presence(event, row.intervals, row.minutes),
            "intervals": [[a.isoformat(), b.isoformat()] for a, b in row.intervals],
        }
        for row in unmatched
    ]
    return AttendanceImport.objects.create(
        event=event,
        filename=filename[:200],
        report={"rows": rows, "unmatched": others},
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )


def save_teams_import(*, import_id: int, links: dict[int, int], actor=None) -> int:
    """Save what the organiser confirmed: presence per session part for every confirmed
    registration (absent when the report does not have them), plus the unmatched rows the
    organiser linked by hand (`links`: unmatched row index → registration id). Once: a second
    confirmation is refused. Returns how many registrations were recorded."""
    with transaction.atomic():
        record = AttendanceImport.objects.select_for_update().get(pk=import_id)
        if record.saved_at:
            raise AlreadySaved(_("Dit rapport is al opgeslagen."))
        event = Event.objects.prefetch_related("parts").get(pk=record.event_id)
        per_registration = {row["registration"]: row["parts"] for row in record.report["rows"]}
        unmatched = record.report["unmatched"]
        for index, registration_id in links.items():
            if registration_id in per_registration and 0 <= index < len(unmatched):
                intervals = [
                    (datetime.fromisoformat(a), datetime.fromisoformat(b))
                    for a, b in unmatched[index]["intervals"]
                ]
                linked = presence(event, intervals)
                for part_id, seen in per_registration[registration_id].items():
                    extra = linked.get(int(part_id), {"minutes": 0, "present": False})
                    seen["minutes"] = max(seen["minutes"], extra["minutes"])
                    seen["present"] = seen["present"] or extra["present"]
        for registration_id, parts in per_registration.items():
            for part_id, seen in parts.items():
                Attendance.objects.update_or_create(
                    registration_id=registration_id,
                    part_id=int(part_id),
                    defaults={
                        "state": State.PRESENT if seen["present"] else State.ABSENT,
                        "source": Attendance.Source.TEAMS,
                        "minutes": seen["minutes"],
                        "recorded_by": actor if getattr(actor, "pk", None) else None,
                    },
                )
        record.saved_at = timezone.now()
        record.save(update_fields=["saved_at"])
        log_activity(
            actor=actor,
            verb="attendance_imported",
            obj_ref=f"events.event:{event.pk}",
            data={
                "import": record.pk,
                "registrations": len(per_registration),
                "linked": len(links),
            },
        )
    return len(per_registration)


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

"""Attendance per part: from a Teams report (read, shown, saved once on confirmation), or set by
hand by staff. Every write leaves an activity entry."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.core.models import ActivityLog
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


# Teams' roles for the people who run the meeting, in the languages its clients write them.
HOST_ROLES = {
    "organizer",
    "organiser",
    "co-organizer",
    "co-organiser",
    "presenter",
    "organisator",
    "co-organisator",
    "medeorganisator",
    "presentator",
}


def is_host(role: str) -> bool:
    return role.strip().casefold() in HOST_ROLES


def _as_json(intervals) -> list[list[str]]:
    return [[a.isoformat(), b.isoformat()] for a, b in intervals]


def _from_json(intervals) -> list[tuple[datetime, datetime]]:
    return [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in intervals]


def _saved_intervals(event: Event) -> dict[int, list]:
    """Per registration, the intervals of this event's reports saved before (a meeting that
    was restarted makes a second report: its intervals add to the first)."""
    earlier: dict[int, list] = {}
    for report in event.attendance_imports.filter(saved_at__isnull=False).values_list(
        "report", flat=True
    ):
        for row in report["rows"]:
            earlier.setdefault(row["registration"], []).extend(_from_json(row.get("intervals", [])))
    return earlier


def read_teams_report(*, event_id: int, filename: str, data: bytes, actor=None) -> AttendanceImport:
    """Read a Teams report and match it with the confirmed registrations; nothing is saved to
    attendance yet. The organiser and presenters (by their role in the report) are set apart:
    they are not participants. Writes: the import with its report. Refuses: a file that is no
    report (teams.ReportError)."""
    event = Event.objects.prefetch_related("parts").get(pk=event_id)
    attendees = teams.parse_report(data, day=timezone.localtime(event.starts_at).date())
    hosts = [a for a in attendees if is_host(a.role)]
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("last_name")
    )
    matched, unmatched = match([a for a in attendees if not is_host(a.role)], registrations)
    earlier = _saved_intervals(event)
    rows = []
    for registration in registrations:
        row = matched.get(registration.pk)
        own = row.intervals if row else []
        before = earlier.get(registration.pk, [])
        rows.append(
            {
                "registration": registration.pk,
                "name": registration.full_name,
                "report_name": row.name if row else "",
                "in_report": bool(row or before),
                "intervals": _as_json(own),
                "parts": presence(event, own + before, row.minutes if row and not before else None),
            }
        )
    others = [
        {
            "name": row.name,
            "email": row.email,
            "role": row.role,
            "parts": presence(event, row.intervals, row.minutes),
            "intervals": _as_json(row.intervals),
        }
        for row in unmatched
    ]
    return AttendanceImport.objects.create(
        event=event,
        filename=filename[:200],
        report={
            "rows": rows,
            "unmatched": others,
            "hosts": [{"name": a.name, "role": a.role} for a in hosts],
        },
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )


@dataclass
class Cell:
    """One person and one part: what is recorded (was), what the report says (becomes), and
    whether saving takes the report's word (taken: the default, or the organiser's choice)."""

    part: ProgrammePart
    was: str
    was_source: str
    becomes: str
    minutes: int
    taken: bool

    @property
    def differs(self) -> bool:
        return self.was != self.becomes

    @property
    def was_source_label(self) -> str:
        return Attendance.Source(self.was_source).label if self.was_source else ""


@dataclass
class Proposal:
    registration: int
    name: str
    report_name: str
    in_report: bool
    cells: list[Cell]


def _takes_by_default(in_report: bool, was: str, was_source: str) -> bool:
    """Fill what is unknown and follow an earlier report; keep what staff or check-in recorded;
    leave someone who is not in the report as they were."""
    return in_report and (not was or was_source == Attendance.Source.TEAMS)


def proposals(record: AttendanceImport, links: dict[int, int] | None = None) -> list[Proposal]:
    """Per confirmed registration, was → becomes for every session part: the report's rows
    (with the unmatched rows the organiser linked, `links`: row index → registration id) next to
    what is recorded now. Two queries whatever the size."""
    event = Event.objects.prefetch_related("parts").get(pk=record.event_id)
    parts = sessions(event)
    by_id = {part.pk: part for part in parts}
    recorded = {
        (a.registration_id, a.part_id): a
        for a in Attendance.objects.filter(part__in=parts).only(
            "registration_id", "part_id", "state", "source"
        )
    }
    linked: dict[int, list] = {}
    unmatched = record.report["unmatched"]
    for index, registration_id in (links or {}).items():
        if 0 <= index < len(unmatched):
            linked.setdefault(registration_id, []).extend(unmatched[index]["intervals"])
    result = []
    for row in record.report["rows"]:
        seen = {int(k): v for k, v in row["parts"].items()}
        in_report = row.get("in_report", bool(row["report_name"]))
        if row["registration"] in linked:
            in_report = True
            extra = presence(event, _from_json(linked[row["registration"]]))
            for part_id, value in extra.items():
                mine = seen.setdefault(part_id, {"minutes": 0, "present": False})
                seen[part_id] = {
                    "minutes": max(mine["minutes"], value["minutes"]),
                    "present": mine["present"] or value["present"],
                }
        cells = []
        for part_id, value in seen.items():
            if part_id not in by_id:
                continue
            before = recorded.get((row["registration"], part_id))
            was = before.state if before else ""
            was_source = before.source if before else ""
            cells.append(
                Cell(
                    part=by_id[part_id],
                    was=was,
                    was_source=was_source,
                    becomes=State.PRESENT if value["present"] else State.ABSENT,
                    minutes=value["minutes"],
                    taken=_takes_by_default(in_report, was, was_source),
                )
            )
        cells.sort(key=lambda cell: parts.index(cell.part))
        result.append(
            Proposal(row["registration"], row["name"], row["report_name"], in_report, cells)
        )
    return result


def save_teams_import(
    *,
    import_id: int,
    links: dict[int, int],
    taken: set[tuple[int, int]] | None = None,
    actor=None,
) -> int:
    """Save what the organiser confirmed. `links`: unmatched row index → registration id, rows
    the organiser linked by hand. `taken`: the (registration, part) pairs where the report's
    word replaces what is recorded; None: the defaults (fill what is unknown, follow an earlier
    report, keep what staff or check-in recorded, leave whoever is not in the report as they
    were). A linked person's parts follow the defaults too. Once: a second confirmation is
    refused. Writes in bulk: the same number of statements for 10 rows or 2,000. Returns how
    many registrations got a change."""
    with transaction.atomic():
        record = AttendanceImport.objects.select_for_update().get(pk=import_id)
        if record.saved_at:
            raise AlreadySaved(_("Dit rapport is al opgeslagen."))
        confirmed = set(
            Registration.objects.filter(
                event_id=record.event_id, status=Registration.Status.CONFIRMED
            ).values_list("pk", flat=True)
        )
        recorder = actor if getattr(actor, "pk", None) else None
        now = timezone.now()
        writes, changed = [], set()
        for proposal in proposals(record, links):
            if proposal.registration not in confirmed:
                continue  # cancelled since the upload
            for cell in proposal.cells:
                chosen = (
                    cell.taken
                    if taken is None
                    else (
                        (proposal.registration, cell.part.pk) in taken
                        or (proposal.registration in links.values() and cell.taken)
                    )
                )
                if not chosen or (not cell.differs and cell.was_source != Attendance.Source.TEAMS):
                    continue
                writes.append(
                    Attendance(
                        registration_id=proposal.registration,
                        part_id=cell.part.pk,
                        state=cell.becomes,
                        source=Attendance.Source.TEAMS,
                        minutes=cell.minutes,
                        recorded_by=recorder,
                        recorded_at=now,
                    )
                )
                if cell.differs:
                    changed.add(proposal.registration)
        Attendance.objects.bulk_create(
            writes,
            update_conflicts=True,
            unique_fields=["registration", "part"],
            update_fields=["state", "source", "minutes", "recorded_by", "recorded_at"],
        )
        unmatched = record.report["unmatched"]
        for row in record.report["rows"]:  # what the next report of this meeting adds to
            for index, registration_id in links.items():
                if registration_id == row["registration"] and 0 <= index < len(unmatched):
                    row["intervals"] = row.get("intervals", []) + unmatched[index]["intervals"]
        record.saved_at = now
        record.save(update_fields=["saved_at", "report"])
        log_activity(
            actor=actor,
            verb="attendance_imported",
            obj_ref=f"events.event:{record.event_id}",
            data={
                "import": record.pk,
                "registrations": len(changed),
                "written": len(writes),
                "linked": len(links),
            },
        )
    return len(changed)


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

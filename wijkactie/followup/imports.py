"""A Teams attendance report, read and merged into what is recorded: shown first per person and
part as was → becomes, saved once on the organiser's confirmation, in bulk."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.core.services import log_activity
from wijkactie.events.models import Event, ProgrammePart, Registration
from wijkactie.followup import teams
from wijkactie.followup.attendance import presence, sessions
from wijkactie.followup.matching import match
from wijkactie.followup.models import Attendance, AttendanceImport

State = Attendance.State


class AlreadySaved(Exception):
    """Refused: the message says why, in Dutch."""


def host_kind(role: str) -> str:
    """'organiser' or 'presenter' for whoever runs the meeting, '' for a participant."""
    return teams.HOST_ROLES.get(role.strip().casefold(), "")


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
    hosts = [a for a in attendees if host_kind(a.role)]
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("last_name")
    )
    matched, unmatched = match([a for a in attendees if not host_kind(a.role)], registrations)
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
            "hosts": [{"name": a.name, "role": host_kind(a.role)} for a in hosts],
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

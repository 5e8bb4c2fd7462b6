"""Staff pages after the session: attendance per part, the Teams report import, corrections."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts.access import staff_required
from wijkactie.core.forms import posted_key
from wijkactie.events.access import events_for
from wijkactie.events.checkin import registration_for_code
from wijkactie.events.models import Event, Registration
from wijkactie.followup import attendance as attendance_records
from wijkactie.followup import imports, teams
from wijkactie.followup.forms import TeamsReportForm
from wijkactie.followup.models import Attendance
from wijkactie.office.access import event_view
from wijkactie.office.forms import AttendanceSearchForm, search_words
from wijkactie.office.views.event import event_page

ATTENDANCE_PER_PAGE = 50


@event_view
@require_http_methods(["GET", "POST"])
def attendance(request, event: Event):
    """Everyone who had a seat, searched and paged, with their presence per part; the page's
    changes are saved at once."""
    parts = attendance_records.sessions(event)
    if request.method == "POST":
        states = {}
        for key, value in request.POST.items():
            prefix, registration, part = (key.split("-") + ["", "", ""])[:3]
            if prefix == "deel" and posted_key(registration) and posted_key(part):
                states[(posted_key(registration), posted_key(part))] = str(value)
        count = attendance_records.set_attendance_many(
            event_id=event.pk, states=states, actor=request.user
        )
        messages.success(
            request,
            ngettext("%(n)d wijziging opgeslagen.", "%(n)d wijzigingen opgeslagen.", count)
            % {"n": count},
        )
        return redirect(request.get_full_path())
    search = AttendanceSearchForm(request.GET or None)
    registrations = search.filtered(
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(registrations, ATTENDANCE_PER_PAGE).get_page(request.GET.get("pagina"))
    states = {
        (a.registration_id, a.part_id): a
        for a in Attendance.objects.filter(registration__in=list(page), part__in=parts)
    }
    for registration in page:
        registration.cells = [(part, states.get((registration.pk, part.pk))) for part in parts]
    present = dict(
        Attendance.objects.filter(part__in=parts, state=Attendance.State.PRESENT)
        .values("part")
        .annotate(n=Count("pk"))
        .values_list("part", "n")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return event_page(
        request,
        event,
        "attendance",
        "office/attendance.html",
        {
            "parts": [(part, present.get(part.pk, 0)) for part in parts],
            "page": page,
            "search": search,
            "query": query.urlencode(),
            "states": Attendance.State.choices,
        },
    )


@event_view
@require_POST
def everyone_present(request, event: Event, part_id: int):
    part = get_object_or_404(event.parts, pk=part_id, kind="session")
    count = attendance_records.mark_unknown_present(
        event_id=event.pk, part_id=part.pk, actor=request.user
    )
    messages.success(
        request,
        ngettext(
            "%(n)d deelnemer aanwezig gemeld bij het %(part)s.",
            "%(n)d deelnemers aanwezig gemeld bij het %(part)s.",
            count,
        )
        % {"n": count, "part": part.label},
    )
    return redirect("staff_followup:attendance", slug=event.slug)


@event_view
@require_http_methods(["GET", "POST"])
def teams_upload(request, event: Event):
    form = TeamsReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            record = imports.read_teams_report(
                event_id=event.pk, filename=upload.name, data=upload.read(), actor=request.user
            )
        except teams.ReportError as exc:
            form.add_error("report", str(exc))
        else:
            return redirect("staff_followup:teams_report", slug=event.slug, pk=record.pk)
    status = 400 if request.method == "POST" else 200
    return event_page(
        request, event, "attendance", "office/teams_upload.html", {"form": form}, status=status
    )


def _taken(post) -> set[tuple[int, int]]:
    """The (registration, part) pairs ticked "take the report's word" in the preview."""
    taken = set()
    for value in post.getlist("neem")[:20000]:
        registration, _sep, part = str(value).partition("-")
        registration, part = posted_key(registration), posted_key(part)
        if registration and part:
            taken.add((registration, part))
    return taken


@event_view
@require_http_methods(["GET", "POST"])
def teams_report(request, event: Event, pk: int):
    """Per person and part, what is recorded and what the report says (was → becomes), before
    anything is saved; saved on confirmation, once, with the organiser's choices."""
    record = get_object_or_404(event.attendance_imports, pk=pk)
    parts = attendance_records.sessions(event)
    if request.method == "POST":  # saved once: the service refuses a second time, under lock
        known = {row["registration"] for row in record.report["rows"]}
        links = {}
        for index in range(len(record.report["unmatched"])):
            value = posted_key(request.POST.get(f"koppel-{index}"))
            if value in known:
                links[index] = value
        try:
            count = imports.save_teams_import(
                import_id=record.pk, links=links, taken=_taken(request.POST), actor=request.user
            )
        except imports.AlreadySaved as exc:  # a second click, or one that raced the first
            messages.info(request, str(exc))
        else:
            messages.success(
                request,
                _("Het rapport is opgeslagen: de aanwezigheid van %(n)d deelnemers is bijgewerkt.")
                % {"n": count},
            )
        return redirect("staff_followup:attendance", slug=event.slug)
    rows = imports.proposals(record)
    for row in record.report["unmatched"]:
        row["cells"] = [row["parts"].get(str(part.pk), {}) for part in parts]
    return event_page(
        request,
        event,
        "attendance",
        "office/teams_report.html",
        {
            "record": record,
            "parts": parts,
            "rows": rows,
            "unmatched": record.report["unmatched"],
            "hosts": record.report.get("hosts", []),
            "matched": sum(1 for row in rows if row.report_name),
            "changes": sum(1 for row in rows for cell in row.cells if cell.differs and cell.was),
        },
    )


def _current_part(event, parts):
    """The part going on now (or the next one today), else the first: what a tap checks in to."""
    now = timezone.localtime().replace(tzinfo=None)
    for part in parts:
        start, end = attendance_records.part_window(event, part)
        if now < end:
            return part
    return parts[0] if parts else None


@event_view
@require_http_methods(["GET", "POST"])
def checkin(request, event: Event, part_id: int):
    """At the door, on a phone: find someone by name or organisation (the list filters as one
    types) and check them in with one tap for this part; a wrong tap is undone from the row.
    With htmx a tap answers with that row only, so the list stays where it was; without
    JavaScript the page comes back at the same row."""
    part = get_object_or_404(event.parts, pk=part_id, kind="session")
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).select_related(
        "organisation"
    )
    if request.method == "POST":
        registration = get_object_or_404(confirmed, pk=posted_key(request.POST.get("aanmelding")))
        if request.POST.get("ongedaan"):
            attendance_records.undo_checkin(
                registration_id=registration.pk, part_id=part.pk, actor=request.user
            )
            told = _("De check-in van %(name)s is ongedaan gemaakt.")
        else:
            attendance_records.set_attendance(
                registration_id=registration.pk,
                part_id=part.pk,
                state=Attendance.State.PRESENT,
                actor=request.user,
                source=Attendance.Source.CHECKIN,
            )
            told = _("%(name)s is binnen.")
        told %= {"name": registration.full_name}
        if request.htmx:
            registration.is_in = Attendance.objects.filter(
                registration=registration, part=part, state=Attendance.State.PRESENT
            ).exists()
            return render(
                request,
                "office/_checkin_row.html",
                {"r": registration, "told": told, "query": request.POST.get("q", "")},
            )
        messages.success(request, told)
        query = " ".join(str(request.POST.get("q", "")).split())[:100]
        target = reverse("staff_followup:checkin", args=[event.slug, part.pk])
        return redirect(
            f"{target}{'?' + urlencode({'q': query}) if query else ''}#aanmelding-{registration.pk}"
        )
    query = " ".join(request.GET.get("q", "").split())[:100]
    registrations = search_words(confirmed.order_by("last_name", "first_name"), query)
    present = set(
        Attendance.objects.filter(part=part, state=Attendance.State.PRESENT).values_list(
            "registration_id", flat=True
        )
    )
    rows = list(registrations[:100])
    for registration in rows:
        registration.is_in = registration.pk in present
    context = {
        "part": part,
        "parts": attendance_records.sessions(event),
        "rows": rows,
        "query": query,
        "present_count": len(present),
    }
    if request.htmx:
        return render(request, "office/_checkin_list.html", context)
    return event_page(request, event, "attendance", "office/checkin.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def scanned(request, code: str):
    """Where the QR code on a personal page leads a staff member: that person, with a check-in
    for the part going on now."""
    registration_id = registration_for_code(code)
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation").filter(
            event__in=events_for(request.user), status=Registration.Status.CONFIRMED
        ),
        pk=registration_id or 0,
    )
    event = registration.event
    parts = attendance_records.sessions(event)
    if request.method == "POST":
        part = get_object_or_404(
            event.parts,
            pk=posted_key(request.POST.get("deel")),
        )
        attendance_records.set_attendance(
            registration_id=registration.pk,
            part_id=part.pk,
            state=Attendance.State.PRESENT,
            actor=request.user,
            source=Attendance.Source.CHECKIN,
        )
        messages.success(
            request,
            _("%(name)s is binnen voor het %(part)s.")
            % {"name": registration.full_name, "part": part.label},
        )
        return redirect("staff_followup:scanned", code=code)
    states = {a.part_id: a.state for a in registration.attendance.all()}
    return event_page(
        request,
        event,
        "attendance",
        "office/scanned.html",
        {
            "registration": registration,
            "parts": [(part, states.get(part.pk)) for part in parts],
            "current": _current_part(event, parts),
        },
    )

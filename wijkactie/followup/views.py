"""Staff pages after the session: attendance per part, the Teams report import, corrections."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts.access import staff_required
from wijkactie.events.access import event_for
from wijkactie.events.models import Registration
from wijkactie.events.queries import STATUS_LABELS, public_status
from wijkactie.followup import services, teams
from wijkactie.followup.forms import TeamsReportForm
from wijkactie.followup.models import Attendance


def _page(request, event, template, context, status=200):
    return render(
        request,
        template,
        {
            "event": event,
            "tab": "attendance",
            "status_label": STATUS_LABELS[public_status(event)],
            **context,
        },
        status=status,
    )


@staff_required
def attendance(request, slug: str):
    """Everyone who had a seat, with their presence per part, and a correction per person."""
    event = event_for(request.user, slug)
    parts = services.sessions(event)
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .prefetch_related("attendance")
        .order_by("last_name", "first_name")
    )
    for registration in registrations:
        states = {a.part_id: a for a in registration.attendance.all()}
        registration.cells = [(part, states.get(part.pk)) for part in parts]
    present = {
        part.pk: sum(
            1 for r in registrations if (a := dict(r.cells).get(part)) and a.state == "present"
        )
        for part in parts
    }
    return _page(
        request,
        event,
        "followup/attendance.html",
        {
            "parts": [(part, present[part.pk]) for part in parts],
            "registrations": registrations,
            "states": Attendance.State.choices,
        },
    )


@staff_required
@require_POST
def correct(request, slug: str, pk: int):
    event = event_for(request.user, slug)
    registration = get_object_or_404(event.registrations, pk=pk)
    allowed = {"", *Attendance.State.values}
    for part in services.sessions(event):
        state = request.POST.get(f"deel-{part.pk}")
        if state is not None and state in allowed:
            services.set_attendance(
                registration_id=registration.pk, part_id=part.pk, state=state, actor=request.user
            )
    messages.success(
        request, _("Aanwezigheid van %(name)s opgeslagen.") % {"name": registration.full_name}
    )
    return redirect("staff_followup:attendance", slug=event.slug)


@staff_required
@require_http_methods(["GET", "POST"])
def teams_upload(request, slug: str):
    event = event_for(request.user, slug)
    form = TeamsReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            record = services.read_teams_report(
                event_id=event.pk, filename=upload.name, data=upload.read(), actor=request.user
            )
        except teams.ReportError as exc:
            form.add_error("report", str(exc))
        else:
            return redirect("staff_followup:teams_report", slug=event.slug, pk=record.pk)
    status = 400 if request.method == "POST" else 200
    return _page(request, event, "followup/teams_upload.html", {"form": form}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def teams_report(request, slug: str, pk: int):
    """What the report says, before anything is saved; saved on confirmation, once."""
    event = event_for(request.user, slug)
    record = get_object_or_404(event.attendance_imports, pk=pk)
    parts = services.sessions(event)
    if request.method == "POST" and not record.saved_at:
        known = {row["registration"] for row in record.report["rows"]}
        links = {}
        for index in range(len(record.report["unmatched"])):
            value = request.POST.get(f"koppel-{index}", "")
            if value.isdigit() and int(value) in known:
                links[index] = int(value)
        count = services.save_teams_import(import_id=record.pk, links=links, actor=request.user)
        messages.success(
            request, _("De aanwezigheid van %(n)d deelnemers is opgeslagen.") % {"n": count}
        )
        return redirect("staff_followup:attendance", slug=event.slug)
    rows = record.report["rows"]
    for row in rows:
        row["cells"] = [row["parts"].get(str(part.pk), {}) for part in parts]
    for row in record.report["unmatched"]:
        row["cells"] = [row["parts"].get(str(part.pk), {}) for part in parts]
    return _page(
        request,
        event,
        "followup/teams_report.html",
        {
            "record": record,
            "parts": parts,
            "rows": rows,
            "unmatched": record.report["unmatched"],
            "matched": sum(1 for row in rows if row["report_name"]),
        },
        status=400 if request.method == "POST" else 200,
    )

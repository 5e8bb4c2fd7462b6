from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wijkactie.accounts.access import staff_required
from wijkactie.core.models import ActivityLog, OutgoingEmail
from wijkactie.events import exports, services
from wijkactie.events.access import event_for, events_for
from wijkactie.events.forms import StaffRegistrationForm
from wijkactie.events.mails import labelled
from wijkactie.events.models import Registration
from wijkactie.events.queries import public_status, with_waitlist_positions
from wijkactie.events.reminders import planned_mails
from wijkactie.invoices.models import Invoice

Status = Registration.Status
STATUS_LABELS = {
    "open": gettext_lazy("Open voor aanmelding"),
    "full": gettext_lazy("Vol, nieuwe aanmeldingen op de wachtlijst"),
    "closed": gettext_lazy("Aanmelding gesloten"),
    "cancelled": gettext_lazy("Geannuleerd"),
}


@staff_required
def dashboard(request):
    events = list(events_for(request.user).select_related("programme").order_by("-starts_at"))
    for event in events:
        event.status_label = STATUS_LABELS[public_status(event)]
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
    return render(request, "staff/dashboard.html", {"events": events, "failed_mails": failed})


@staff_required
def event_overview(request, slug: str):
    event = event_for(request.user, slug)
    registrations = with_waitlist_positions(
        Registration.objects.filter(event=event).select_related("organisation")
    )
    refs = [f"events.registration:{r.pk}" for r in registrations]
    by_ref = {f"events.registration:{r.pk}": r for r in registrations}
    passed_over = list(
        ActivityLog.objects.filter(scope_ref=f"events.event:{event.pk}", verb="passed_over")
    )
    for entry in passed_over:
        entry.registration = by_ref.get(entry.object_ref)
    form = StaffRegistrationForm(request.POST or None, prefix="nieuw")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.register_for_event(
                    event_id=event.pk,
                    organisation_name=form.cleaned_data["organisation"],
                    people=[form.person()],
                    attends_all_parts=True,
                    accepted_terms=True,
                    billing_address=form.cleaned_data["billing_address"],
                    billing_reference=form.cleaned_data["billing_reference"],
                    source=Registration.Source.STAFF,
                    actor=request.user,
                )
            except services.RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Aanmelding toegevoegd."))
                return redirect("staff:event", slug=slug)
        status = 400
    context = {
        "event": event,
        "status_label": STATUS_LABELS[public_status(event)],
        "confirmed": [r for r in registrations if r.status == Status.CONFIRMED],
        "offered": [r for r in registrations if r.status == Status.OFFERED],
        "waiting": [r for r in registrations if r.status == Status.WAITLISTED],
        "ended": [r for r in registrations if not r.is_active],
        "to_check": [
            r
            for r in registrations
            if r.partner_check == Registration.PartnerCheck.PENDING and r.is_active
        ],
        "passed_over": passed_over,
        "planned": planned_mails(event),
        "mails": labelled(OutgoingEmail.objects.filter(object_ref__in=refs)[:200]),
        "invoices": Invoice.objects.filter(registration__event=event)
        .select_related("credits")
        .defer("pdf")
        .order_by("year", "sequence"),
        "form": form,
    }
    return render(request, "staff/event.html", context, status=status)


@staff_required
@require_POST
def cancel_registration(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("event").filter(event__in=events_for(request.user)),
        pk=pk,
    )
    try:
        services.cancel_registration(
            registration_id=pk, actor=request.user, reason=request.POST.get("reden", "")
        )
        messages.success(request, _("Aanmelding geannuleerd."))
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    return redirect("staff:event", slug=registration.event.slug)


@staff_required
@require_POST
def decide_partnership(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("event").filter(event__in=events_for(request.user)),
        pk=pk,
    )
    is_partner = request.POST.get("besluit") == "partner"
    try:
        services.decide_partnership(registration_id=pk, is_partner=is_partner, actor=request.user)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Bevestigd als partner: deelname is gratis.")
            if is_partner
            else _("Geen partner: de factuur wordt gemaakt."),
        )
    return redirect("staff:event", slug=registration.event.slug)


@staff_required
def export(request, slug: str, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    event = event_for(request.user, slug)
    registrations = (
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .select_related("organisation")
        .order_by("arrival")
    )
    rows = exports.attendee_rows(registrations)
    if fmt == "xlsx":
        content = exports.to_xlsx(rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.to_csv(rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-deelnemers.{fmt}"'
    return response

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts.access import staff_required
from wijkactie.core.charts import bar_chart
from wijkactie.core.models import ActivityLog, OutgoingEmail
from wijkactie.core.redirects import local_target
from wijkactie.events import phases, services
from wijkactie.events.access import events_for
from wijkactie.events.forms import StaffRegistrationForm
from wijkactie.events.mails import labelled
from wijkactie.events.models import Event, Registration
from wijkactie.events.phases import Action, Channel
from wijkactie.events.queries import (
    STATUS_LABELS,
    public_status,
    registrations_per_day,
    upcoming_events,
    with_waitlist_positions,
)
from wijkactie.events.reminders import planned_mails
from wijkactie.invoices.models import Invoice
from wijkactie.office import exports
from wijkactie.office.access import event_view
from wijkactie.office.forms import (
    CorrectRegistrationForm,
    MoveForm,
    RegistrationSearchForm,
    StaffCancelForm,
)
from wijkactie.office.tabs import tab_bar

Status = Registration.Status


def event_page(request, event, tab: str, template: str, context: dict, status: int = 200):
    """One tab of the event's staff pages, with the shared header and the tab bar (office/tabs.py:
    `tab` is the name of one of its tabs)."""
    return render(
        request,
        template,
        {
            "event": event,
            "tabs": tab_bar(event, tab),
            "status_label": STATUS_LABELS[public_status(event)],
            **context,
        },
        status=status,
    )


def _event_mails(event):
    refs = Registration.objects.filter(event=event).values_list("pk", flat=True)
    return OutgoingEmail.objects.filter(object_ref__in=[f"events.registration:{pk}" for pk in refs])


@event_view
def event_overview(request, event: Event):
    """The numbers, what needs a decision, registrations per day and the mails planned."""
    per_day = registrations_per_day(event)
    chart = bar_chart(
        _("Aanmeldingen per dag"),
        _("%(n)d aanmeldingen over %(days)d dagen, het meest op één dag: %(top)d.")
        % {
            "n": sum(n for _day, n in per_day),
            "days": len(per_day),
            "top": max((n for _day, n in per_day), default=0),
        },
        [(date_format(day, "j M"), n) for day, n in per_day],
    )
    to_check = (
        Registration.objects.filter(
            event=event,
            partner_check=Registration.PartnerCheck.PENDING,
            status__in=Registration.ACTIVE,
        )
        .select_related("organisation")
        .order_by("arrival")
    )
    return event_page(
        request,
        event,
        "overview",
        "office/event.html",
        {
            "chart": chart,
            "to_check": to_check,
            "failed_mails": _event_mails(event).filter(status=OutgoingEmail.Status.FAILED).count(),
            "planned": planned_mails(event),
        },
    )


REGISTRATIONS_PER_PAGE = 50


@event_view
@require_http_methods(["GET", "POST"])
def event_registrations(request, event: Event):
    """Search, filter and page through the registrations; add one (through the capacity
    service); the exports with the same choice of people."""
    search = RegistrationSearchForm(request.GET or None, event=event)
    registrations = search.filtered(
        Registration.objects.filter(event=event).select_related("organisation").order_by("arrival")
    )
    page = Paginator(registrations, REGISTRATIONS_PER_PAGE).get_page(request.GET.get("pagina"))
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
                return redirect("staff:event_registrations", slug=event.slug)
        status = 400
    query = request.GET.copy()
    query.pop("pagina", None)
    return event_page(
        request,
        event,
        "registrations",
        "office/event_registrations.html",
        {"search": search, "page": page, "form": form, "query": query.urlencode()},
        status=status,
    )


@event_view
def event_waitlist(request, event: Event):
    """Open offers, the queue in order, and who was passed over and why."""
    registrations = with_waitlist_positions(
        Registration.objects.filter(
            event=event, status__in=[Status.OFFERED, Status.WAITLISTED]
        ).select_related("organisation")
    )
    passed_over = list(
        ActivityLog.objects.filter(scope_ref=f"events.event:{event.pk}", verb="passed_over")
    )
    refs = {e.object_ref for e in passed_over}
    by_ref = {
        f"events.registration:{r.pk}": r
        for r in Registration.objects.filter(
            pk__in=[int(ref.partition(":")[2]) for ref in refs if ref.partition(":")[2].isdigit()]
        )
    }
    for entry in passed_over:
        entry.registration = by_ref.get(entry.object_ref)
    return event_page(
        request,
        event,
        "waitlist",
        "office/event_waitlist.html",
        {
            "offered": [r for r in registrations if r.status == Status.OFFERED],
            "waiting": [r for r in registrations if r.status == Status.WAITLISTED],
            "passed_over": passed_over,
        },
    )


@event_view
def event_mails(request, event: Event):
    page = Paginator(_event_mails(event).order_by("-created_at"), 100).get_page(
        request.GET.get("pagina")
    )
    return event_page(
        request,
        event,
        "mails",
        "office/event_mails.html",
        {"page": page, "mails": labelled(page.object_list)},
    )


@event_view
def event_invoices(request, event: Event):
    invoices = (
        Invoice.objects.filter(registration__event=event)
        .select_related("credits")
        .defer("pdf")
        .order_by("year", "sequence")
    )
    return event_page(
        request, event, "invoices", "office/event_invoices.html", {"invoices": invoices}
    )


# What happened to a registration, in words (the activity log keeps the verb).
HISTORY_LABELS = {
    "registration_confirmed": gettext_lazy("Aangemeld, plaats bevestigd"),
    "registration_waitlisted": gettext_lazy("Aangemeld, op de wachtlijst"),
    "registration_promoted_offered": gettext_lazy("Plaats aangeboden"),
    "registration_promoted_confirmed": gettext_lazy("Alsnog geplaatst"),
    "offer_accepted": gettext_lazy("Aanbod geaccepteerd"),
    "passed_over": gettext_lazy("Aanbod afgeslagen of verlopen"),
    "registration_cancelled": gettext_lazy("Afgemeld of geannuleerd"),
    "registration_transferred": gettext_lazy("Overgedragen aan een collega"),
    "registration_moved": gettext_lazy("Verplaatst naar een andere bijeenkomst"),
    "registration_corrected": gettext_lazy("Gegevens gecorrigeerd"),
    "partnership_confirmed": gettext_lazy("Partnerschap bevestigd"),
    "partnership_refused": gettext_lazy("Geen partner"),
}


@staff_required
@require_http_methods(["GET", "POST"])
def registration_detail(request, pk: int):
    """One registration: what happened to it (history), its mails with their delivery state, its
    invoices, and the correction of the name and billing details."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation", "registered_by").filter(
            event__in=events_for(request.user)
        ),
        pk=pk,
    )
    form = CorrectRegistrationForm(request.POST or None, instance=registration)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.correct_registration(
                    registration_id=pk, data=form.cleaned_data, actor=request.user
                )
            except services.RegistrationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("De gegevens zijn gecorrigeerd."))
                return redirect("staff:registration", pk=pk)
        status = 400
    ref = f"events.registration:{pk}"
    history = ActivityLog.objects.filter(object_ref=ref).select_related("actor")
    lines = registration.invoice_lines.select_related("invoice").order_by("invoice__sequence")
    context = {
        "registration": registration,
        "event": registration.event,
        "form": form,
        "history": [
            (entry, HISTORY_LABELS.get(entry.verb, entry.verb))
            for entry in history.order_by("created_at", "pk")
        ],
        "mails": labelled(OutgoingEmail.objects.filter(object_ref=ref).order_by("created_at")),
        "invoices": [line.invoice for line in lines],
        "colleagues": Registration.objects.filter(registered_by=registration).exclude(
            pk=registration.pk
        ),
    }
    return render(request, "office/registration.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def cancel_registration(request, pk: int):
    """Cancel one registration after a page that says what follows: who gets the seat, and what
    happens to the invoice (staff decide once the cancellation deadline has passed)."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation").filter(
            event__in=events_for(request.user)
        ),
        pk=pk,
    )
    event, now = registration.event, timezone.now()
    decision_needed = phases.charge_on_cancel(registration, Channel.STAFF, now, credit=None) is None
    form = StaffCancelForm(request.POST or None, decision_needed=decision_needed)
    back = local_target(request, request.GET.get("next") or request.POST.get("next", ""))
    back = back or reverse("staff:event_registrations", args=[event.slug])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cancel_registration(
                    registration_id=pk,
                    channel=Channel.STAFF,
                    credit=form.credit(),
                    actor=request.user,
                    reason=form.cleaned_data["reden"],
                )
            except services.RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Aanmelding geannuleerd."))
                return redirect(back)
        status = 400
    next_waiting = (
        event.registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("arrival")
        .first()
        if registration.status in Registration.HOLDS_SEAT and now < event.closes_at
        else None
    )
    context = {
        "registration": registration,
        "event": event,
        "form": form,
        "back": back,
        "phase": event.phase_at(now),
        "refusal": phases.refusal(Action.CANCEL, Channel.STAFF, event, now),
        "invoiced": registration.invoice_lines.exists(),
        "decision_needed": decision_needed,
        "free_cancellation_until": event.free_cancellation_until(),
        "next_waiting": next_waiting,
    }
    return render(request, "office/cancel_registration.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def move_registration(request, pk: int):
    """Move a registration to another upcoming event the staff member organises."""
    mine = events_for(request.user)
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation").filter(event__in=mine), pk=pk
    )
    targets = (
        upcoming_events()
        .filter(pk__in=mine.values("pk"), cancelled_at__isnull=True)
        .exclude(pk=registration.event_id)
    )
    form = MoveForm(request.POST or None, events=targets)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new = services.move_registration(
                    registration_id=pk,
                    to_event_id=form.cleaned_data["event"].pk,
                    actor=request.user,
                )
            except services.RegistrationError as exc:
                form.add_error("event", str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s staat nu bij ‘%(title)s’ (%(status)s).")
                    % {
                        "name": new.full_name,
                        "title": new.event.title,
                        "status": new.get_status_display().lower(),
                    },
                )
                return redirect("staff:event_registrations", slug=registration.event.slug)
        status = 400
    return render(
        request,
        "office/move_registration.html",
        {"registration": registration, "event": registration.event, "form": form},
        status=status,
    )


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


@event_view
def export(request, event: Event, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    statuses = [Status.CONFIRMED, Status.OFFERED]
    if request.GET.get("wachtlijst"):
        statuses.append(Status.WAITLISTED)
    registrations = Registration.objects.filter(event=event).select_related("organisation")
    if not request.GET.get("beeindigd"):
        registrations = registrations.filter(status__in=statuses)
    else:
        registrations = registrations.exclude(status__in=set(Registration.ACTIVE) - set(statuses))
    rows = exports.attendee_rows(registrations.order_by("arrival"))
    if fmt == "xlsx":
        content = exports.to_xlsx(rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.to_csv(rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-deelnemers.{fmt}"'
    return response

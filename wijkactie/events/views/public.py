import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkactie.accounts.queries import organisation_names
from wijkactie.core.forms import posted_key
from wijkactie.core.ratelimit import public_limit
from wijkactie.events import pagecache, phases, services, signals
from wijkactie.events.checkin import checkin_code
from wijkactie.events.editing import changes_since_registration
from wijkactie.events.forms import (
    MAX_COLLEAGUES,
    ColleagueFormSet,
    PersonForm,
    RegistrationForm,
    with_one_more_colleague,
)
from wijkactie.events.ical import event_calendar
from wijkactie.events.models import Event, Programme, Registration
from wijkactie.events.phases import Action, Channel
from wijkactie.events.pricing import Price
from wijkactie.events.queries import (
    event_with_programme,
    past_events,
    programmes_with_upcoming_events,
    public_status,
    upcoming_events,
    waitlist_position,
)
from wijkactie.events.reminders import in_final_week


def agenda(request):
    """Upcoming events; `?programma=<slug>` shows one programme's."""
    if pagecache.cacheable(request) and (page := pagecache.recent(request)):
        return page
    events = upcoming_events()
    programmes = list(programmes_with_upcoming_events())
    chosen = next((p for p in programmes if p.slug == request.GET.get("programma")), None)
    if chosen:
        events = events.filter(programme=chosen)
    events = list(events)
    for event in events:
        event.public_status = public_status(event)
    context = {"events": events, "programmes": programmes, "chosen": chosen}
    if pagecache.cacheable(request):
        key = pagecache.fingerprint(
            [(pagecache.model_values(e), e.public_status, _programme_name(e)) for e in events],
            [(p.slug, p.name) for p in programmes],
        )
        return pagecache.render_cached(request, "events/agenda.html", lambda: context, key=key)
    return render(request, "events/agenda.html", context)


def programme(request, slug: str):
    """A programme's page: what it is, who to ask, its upcoming and its past sessions."""
    chosen = get_object_or_404(Programme, slug=slug)
    upcoming = list(upcoming_events().filter(programme=chosen))
    for event in upcoming:
        event.public_status = public_status(event)
    return render(
        request,
        "events/programme.html",
        {"programme": chosen, "upcoming": upcoming, "past": _with_labels(past_events(chosen))},
    )


def _with_labels(events) -> list[Event]:
    """Past sessions with what other apps say of them ("Terugblik")."""
    events = list(events)
    found = signals.labels(events)
    for event in events:
        event.label = found.get(event.pk, "")
    return events


def _event_or_404(slug: str) -> Event:
    event = event_with_programme(Event.objects.filter(slug=slug, is_published=True)).first()
    if event is None:
        raise Http404
    event.public_status = public_status(event)
    return event


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def event_detail(request, slug: str):
    if pagecache.cacheable(request) and (page := pagecache.recent(request)):
        return page
    event = _event_or_404(slug)
    sections = signals.sections(signals.event_page, event=event, request=request)
    if request.method == "POST" and "meer" in request.POST:
        form, colleagues = with_one_more_colleague(request.POST, event=event)
        return render(
            request,
            "events/detail.html",
            detail_context(event, form, colleagues, sections=sections),
        )
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event)
        colleagues = ColleagueFormSet(request.POST, prefix="collega")
        if form.is_valid() and colleagues.is_valid():
            people = [form.person()] + [c.person() for c in colleagues if c.has_changed()]
            try:
                created = services.register_for_event(
                    event_id=event.pk,
                    organisation_name=form.cleaned_data["organisation"],
                    people=people,
                    attends_all_parts=form.cleaned_data["attends_all_parts"],
                    accepted_terms=form.cleaned_data["accept_terms"],
                    auto_confirm=form.cleaned_data["auto_confirm"],
                    billing_address=form.cleaned_data.get("billing_address", ""),
                    billing_reference=form.cleaned_data.get("billing_reference", ""),
                    invoice_email=form.cleaned_data.get("invoice_email", ""),
                    language=get_language() or "nl",
                )
            except services.AlreadyRegistered as exc:
                _mark_duplicates(form, colleagues, exc)
            except services.RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                return redirect("events:manage", token=created[0].manage_token)
        status = 400
    else:
        if pagecache.cacheable(request):
            return _cached_detail(request, event, sections)
        form = RegistrationForm(event=event)
        colleagues = ColleagueFormSet(prefix="collega")
        status = 200
    context = detail_context(event, form, colleagues, sections=sections)
    return render(request, "events/detail.html", context, status=status)


def detail_context(event: Event, form, colleagues, names=None, sections="") -> dict:
    return {
        "event": event,
        "is_over": event.ends_at <= timezone.now(),
        "sections": sections,
        "form": form,
        "colleagues": colleagues,
        "organisation_names": organisation_names() if names is None else names,
        "price": Price(event.price_excl_vat, event.vat_rate),
        "bbox": _map_bbox(event),
        "max_colleagues": MAX_COLLEAGUES,
        # The organiser writes in Dutch: on an English page those parts say so (WCAG 3.1.2).
        "content_lang": mark_safe(' lang="nl"') if get_language() != "nl" else "",  # noqa: S308
    }


def _cached_detail(request, event: Event, sections: str):
    """An anonymous visitor's empty form: the page from the cache when nothing shown changed."""
    names = organisation_names()
    key = pagecache.fingerprint(
        pagecache.model_values(event),
        event.public_status,
        _programme_name(event),
        [
            (pagecache.model_values(part), [pagecache.model_values(s) for s in part.speakers.all()])
            for part in event.parts.all()
        ],
        names,
        sections,
    )
    return pagecache.render_cached(
        request,
        "events/detail.html",
        lambda: detail_context(
            event,
            RegistrationForm(event=event),
            ColleagueFormSet(prefix="collega"),
            names,
            sections,
        ),
        key=key,
    )


def _programme_name(event: Event) -> str:
    return event.programme.name if event.programme else ""


def _map_bbox(event: Event) -> str:
    if event.latitude is None or event.longitude is None:
        return ""
    lat, lon = float(event.latitude), float(event.longitude)
    return f"{lon - 0.008:.6f},{lat - 0.004:.6f},{lon + 0.008:.6f},{lat + 0.004:.6f}"


def _mark_duplicates(form, colleagues, exc: services.AlreadyRegistered) -> None:
    for each in [form, *colleagues]:
        if each.cleaned_data.get("email", "").lower() in exc.emails:
            each.add_error("email", str(exc))


def event_ics(request, slug: str):
    event = get_object_or_404(Event, slug=slug, is_published=True)
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


# The one-click actions on the personal page: service, and what to tell the person afterwards.
MANAGE_ACTIONS = {
    "accepteren": (
        services.accept_offer,
        gettext_lazy("Uw plaats is bevestigd. U ontvangt een bevestiging per e-mail."),
    ),
    "afslaan": (
        services.decline_offer,
        gettext_lazy("U heeft de plaats afgeslagen. Dank voor het doorgeven."),
    ),
    "afmelden": (services.cancel_registration, gettext_lazy("U bent afgemeld.")),
}


@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    """The personal page behind the link in every mail. GET only shows (mail scanners open
    links); every change is a POST with `actie`."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation"),
        manage_token=token,
        anonymised_at__isnull=True,
    )
    transfer_form = PersonForm(prefix="overdracht")
    action = request.POST.get("actie")
    if request.method == "POST" and action == "afmelden" and not request.POST.get("bevestigd"):
        # Giving a seat away takes a second step that says what happens to it.
        return redirect(reverse("events:manage", args=[token]) + "?actie=afmelden#afmelden-kop")
    if request.method == "POST" and action in MANAGE_ACTIONS:
        service, done = MANAGE_ACTIONS[action]
        try:
            service(registration_id=registration.pk)
            messages.success(request, done)
        except services.RegistrationError as exc:
            messages.error(request, str(exc))
        return redirect("events:manage", token=token)
    if request.method == "POST" and action == "overdragen":
        transfer_form = PersonForm(request.POST, prefix="overdracht")
        if transfer_form.is_valid():
            try:
                services.transfer_registration(
                    registration_id=registration.pk, person=transfer_form.person()
                )
            except services.PhaseRefused as exc:
                messages.error(request, str(exc))
                return redirect("events:manage", token=token)
            except services.RegistrationError as exc:
                transfer_form.add_error(exc.field if exc.field == "email" else None, str(exc))
            else:
                messages.success(request, _("Uw plaats is overgedragen aan uw collega."))
                return redirect("events:manage", token=token)
    group = list(
        Registration.objects.filter(registered_by=registration)
        .exclude(pk=registration.pk)
        .order_by("arrival", "pk")
    )
    replace_form = PersonForm(prefix="vervanging")
    if request.method == "POST" and action in ("collega-afmelden", "collega-vervangen"):
        colleague = next((r for r in group if str(r.pk) == request.POST.get("collega")), None)
        if colleague is None or not colleague.is_active:
            raise Http404
        if action == "collega-afmelden":
            try:
                services.cancel_registration(registration_id=colleague.pk, channel=Channel.BOOKER)
                messages.success(
                    request, _("%(name)s is afgemeld.") % {"name": colleague.full_name}
                )
            except services.RegistrationError as exc:
                messages.error(request, str(exc))
            return redirect("events:manage", token=token)
        replace_form = PersonForm(request.POST, prefix="vervanging")
        if replace_form.is_valid():
            try:
                services.transfer_registration(
                    registration_id=colleague.pk,
                    person=replace_form.person(),
                    channel=Channel.BOOKER,
                )
            except services.RegistrationError as exc:
                replace_form.add_error(exc.field if exc.field == "email" else None, str(exc))
            else:
                messages.success(
                    request,
                    _("De plaats van %(name)s is overgedragen.") % {"name": colleague.full_name},
                )
                return redirect("events:manage", token=token)
        replacing = colleague.pk
    else:
        replacing = None
    event = registration.event
    now = timezone.now()
    context = {
        "registration": registration,
        "event": event,
        "phase": event.phase_at(now),
        "may_cancel": phases.may(Action.CANCEL, Channel.REGISTRANT, event, now),
        "may_transfer": phases.may(Action.TRANSFER, Channel.REGISTRANT, event, now),
        "free_cancellation_until": event.free_cancellation_until(),
        "late": phases.is_late(event, now),
        "position": waitlist_position(registration),
        "changes": changes_since_registration(registration),
        "checkin_qr": _checkin_qr(registration),
        "sections": signals.sections(
            signals.personal_page, registration=registration, request=request
        ),
        "transfer_form": transfer_form,
        "pending_action": request.GET.get("actie", ""),
        "price": Price(registration.price_excl_vat, registration.vat_rate),
        "group": group,
        "may_manage_group": phases.may(Action.CANCEL, Channel.BOOKER, event, now),
        "replace_form": replace_form,
        "replacing": replacing or posted_key(request.GET.get("vervang")),
        # The join link: only for a confirmed seat, and only in the final week, as in the mail.
        "join_url": event.join_url
        if registration.status == Registration.Status.CONFIRMED
        and event.is_online
        and in_final_week(event, now)
        and now < event.ends_at
        else "",
    }
    return render(request, "events/manage.html", context, status=400 if action else 200)


def _checkin_qr(registration: Registration) -> str:
    """For a confirmed seat at a session on location: the QR staff scan at the door."""
    if registration.status != Registration.Status.CONFIRMED or registration.event.is_online:
        return ""
    url = settings.SITE_URL + reverse("staff_followup:scanned", args=[checkin_code(registration)])
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1b1f24", light="#ffffff")


def page(request, name: str):
    return render(request, f"pages/{name}.html")

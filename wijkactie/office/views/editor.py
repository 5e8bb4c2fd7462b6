"""The programme office: organisers make, edit, preview, publish and copy events in the site's
own pages. Writes go through `events.services` (the event's fields, with capacity under the
lock) and `events.editing` (programme, publication, copies)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkactie.accounts.access import staff_required
from wijkactie.events import editing, mails, outreach, services
from wijkactie.events.access import programmes_for
from wijkactie.events.changes import snapshot
from wijkactie.events.forms import ColleagueFormSet, RegistrationForm
from wijkactie.events.models import Event, EventMessage, Registration
from wijkactie.events.queries import event_with_programme, public_status
from wijkactie.events.views.public import detail_context
from wijkactie.office.access import event_view
from wijkactie.office.forms import (
    CancelEventForm,
    ChangeNoticeForm,
    DuplicateForm,
    EventEditorForm,
    MessageForm,
    PartFormSet,
    part_initial,
)

NEW_EVENT = {
    "location_kind": "online",
    "online_platform": "Microsoft Teams",
    "capacity": 40,
    "offer_hours": 48,
    "vat_rate": "21.00",
    "requires_all_parts": True,
}


@staff_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    programmes = programmes_for(request.user)
    first = programmes.first()
    initial = {**NEW_EVENT, "programme": first}
    if first:  # a new session starts with its programme's price
        initial["price_excl_vat"] = first.price_excl_vat
    form = EventEditorForm(request.POST or None, programmes=programmes, initial=initial)
    price = form.fields["price_excl_vat"]
    price.required = False  # left empty: the chosen programme's price
    price.help_text = _("Leeg: de prijs van het programma.")
    if request.method == "POST" and form.is_valid():
        event = services.create_event(
            data={**form.cleaned_data, "is_published": False}, actor=request.user
        )
        _locate(request, event.pk)
        messages.success(request, _("Het concept is opgeslagen. Vul nu het programma in."))
        return redirect("staff:event_edit", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "office/event_edit.html", {"form": form, "event": None}, status=status)


@event_view
@require_http_methods(["GET", "POST"])
def event_edit(request, event: Event):
    programmes = programmes_for(request.user)
    form = EventEditorForm(request.POST or None, instance=event, programmes=programmes)
    parts = PartFormSet(request.POST or None, initial=part_initial(event), prefix="onderdeel")
    if request.method == "POST":
        before = snapshot(event)
        if form.is_valid() and parts.is_valid():
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                if changed:
                    services.update_event(
                        event_id=event.pk, data=changed, actor=request.user, notify=False
                    )
            except services.EventError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                if PLACE_FIELDS & set(changed):
                    _locate(request, event.pk)
                if parts.has_changed():  # else the parts moved with the start, as through the API
                    editing.save_programme(
                        event_id=event.pk, parts=parts.parts(), actor=request.user
                    )
                slug = form.cleaned_data["slug"]
                version = editing.record_version(
                    event_id=event.pk, before=before, actor=request.user
                )
                if version:
                    return redirect("staff:event_change", slug=slug, number=version.number)
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
                return redirect("staff:event_edit", slug=slug)
        # The form wrote what was typed onto `event`: the page shows the event as it is saved.
        return _editor(request, Event.objects.get(pk=event.pk), form, parts, status=400)
    return _editor(request, event, form, parts)


PLACE_FIELDS = {"location_kind", "street_address", "postcode", "city"}


def _locate(request, event_id: int) -> None:
    """The venue on the map, and a word to the organiser when that did not work."""
    located = editing.locate_event(event_id=event_id)
    if located == editing.Located.UNKNOWN:
        messages.warning(
            request, _("PDOK kent dit adres niet. Controleer het; de pagina toont geen kaart.")
        )
    elif located == editing.Located.UNAVAILABLE:
        messages.warning(
            request,
            _("De kaartdienst PDOK was niet bereikbaar. Sla later nog eens op voor de kaart."),
        )


def _editor(request, event, form, parts, *, missing=None, status=200):
    return render(
        request,
        "office/event_edit.html",
        {
            "event": event,
            "form": form,
            "parts": parts,
            "parts_have_errors": any(f.errors for f in parts) or parts.non_form_errors(),
            "missing": editing.missing_for_publication(event) if missing is None else missing,
            "publish_refused": missing is not None,
            "free_question": bool(event) and editing.free_where_the_programme_charges(event),
            "versions": list(event.versions.all()) if event else [],
        },
        status=status,
    )


@event_view
@require_http_methods(["GET", "POST"])
def event_change(request, event: Event, number: int):
    """After a change to a published event: what changed, whom it concerns, and the organiser's
    choice to inform them (with a note) or not."""
    version = get_object_or_404(event.versions, number=number)
    form = ChangeNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inform = request.POST.get("besluit") == "melden"
        informed = editing.announce_change(
            event_id=event.pk,
            number=number,
            inform=inform,
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        if inform:
            messages.success(
                request,
                ngettext(
                    "%(n)d persoon krijgt bericht van de wijziging.",
                    "%(n)d mensen krijgen bericht van de wijziging.",
                    informed,
                )
                % {"n": informed},
            )
        else:
            messages.success(request, _("De wijziging is opgeslagen zonder bericht."))
        return redirect("staff:event_edit", slug=event.slug)
    return render(
        request,
        "office/event_change.html",
        {
            "event": event,
            "version": version,
            "changes": version.changes(),
            "affected": editing.affected(event),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@event_view
@require_POST
def event_publish(request, event: Event):
    try:
        editing.publish_event(
            event_id=event.pk,
            free_confirmed=request.POST.get("kosteloos") == "ja",
            actor=request.user,
        )
    except editing.NotComplete as exc:
        form = EventEditorForm(instance=event, programmes=programmes_for(request.user))
        parts = PartFormSet(initial=part_initial(event), prefix="onderdeel")
        return _editor(request, event, form, parts, missing=exc.missing, status=400)
    messages.success(request, _("De bijeenkomst is gepubliceerd: iedereen kan zich nu aanmelden."))
    return redirect("staff:event", slug=event.slug)


@event_view
@require_GET
def event_preview(request, event: Event):
    """The public page as a visitor will see it, also for a concept (which nobody else sees)."""
    event = event_with_programme(type(event).objects.filter(pk=event.pk)).get()
    event.is_published = True  # shown as it will be once published; never saved
    event.public_status = public_status(event)
    context = detail_context(
        event, RegistrationForm(event=event), ColleagueFormSet(prefix="collega")
    )
    return render(request, "events/detail.html", {**context, "preview": True})


@event_view
@require_http_methods(["GET", "POST"])
def event_duplicate(request, event: Event):
    form = DuplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = editing.duplicate_event(
            event_id=event.pk, starts_on=form.cleaned_data["starts_on"], actor=request.user
        )
        messages.success(request, _("De kopie is een concept. Controleer de teksten en de link."))
        return redirect("staff:event_edit", slug=copy.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "office/event_duplicate.html", {"event": event, "form": form}, status=status
    )


@event_view
@require_http_methods(["GET", "POST"])
def event_messages(request, event: Event):
    """Write to the registrants: choose by status, preview as one real recipient, confirm with the
    count; below, every message sent for this event with its delivery counts."""
    form = MessageForm(request.POST or None, initial={"statuses": [Registration.Status.CONFIRMED]})
    preview, preview_to, count, status = None, None, 0, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            chosen = outreach.recipients(event, data["statuses"])
            count = chosen.count()
            # Sent only as confirmed: for the number of people the organiser saw in the preview.
            if (
                count
                and request.POST.get("stap") == "versturen"
                and request.POST.get("aantal") == str(count)
            ):
                message = outreach.send_message(
                    event_id=event.pk,
                    subject=data["subject"],
                    body=data["body"],
                    statuses=data["statuses"],
                    actor=request.user,
                )
                messages.success(
                    request,
                    ngettext(
                        "Het bericht gaat naar %(n)d persoon.",
                        "Het bericht gaat naar %(n)d mensen.",
                        message.recipients,
                    )
                    % {"n": message.recipients},
                )
                return redirect("staff:event_message", slug=event.slug, pk=message.pk)
            preview_to = chosen.select_related("event", "organisation").first()
            if preview_to:
                draft = EventMessage(event=event, subject=data["subject"], body=data["body"])
                preview = mails.preview_message(preview_to, draft)
        else:
            status = 400
    history = list(event.messages.all())
    delivery = outreach.deliveries(event, history)
    for message in history:
        message.delivery = delivery[message.pk]
    return render(
        request,
        "office/event_messages.html",
        {
            "event": event,
            "form": form,
            "preview": preview,
            "preview_to": preview_to,
            "count": count,
            "history": history,
        },
        status=status,
    )


@event_view
def event_message(request, event: Event, pk: int):
    message = get_object_or_404(event.messages, pk=pk)
    return render(
        request,
        "office/event_message.html",
        {
            "event": event,
            "message": message,
            "delivery": outreach.deliveries(event, [message])[message.pk],
            "mails": mails.labelled(outreach.message_mails(message)),
        },
    )


@event_view
@require_http_methods(["GET", "POST"])
def event_cancel(request, event: Event):
    """Cancel the whole event: whom it concerns, the reason they will read, one confirmation."""
    form = CancelEventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                told = services.cancel_event(
                    event_id=event.pk, reason=form.cleaned_data["reason"], actor=request.user
                )
            except services.EventError as exc:
                form.add_error("reason", str(exc))
            else:
                messages.success(
                    request,
                    ngettext(
                        "De bijeenkomst is geannuleerd; %(n)d persoon krijgt bericht.",
                        "De bijeenkomst is geannuleerd; %(n)d mensen krijgen bericht.",
                        told,
                    )
                    % {"n": told},
                )
                return redirect("staff:event", slug=event.slug)
        status = 400
    return render(
        request,
        "office/event_cancel.html",
        {"event": event, "form": form, "affected": editing.affected(event)},
        status=status,
    )

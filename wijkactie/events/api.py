"""JSON API v1. Public: events, registering, cancelling. Staff (token): create/update events and
list registrations. Bad input gets 400 with per-field Dutch messages; never a 500."""

import json

from django import forms
from django.forms.models import model_to_dict
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from wijkactie.accounts.services import user_for_token
from wijkactie.core.forms import LONE_SURROGATES, CleanModelForm, clean_line, clean_text
from wijkactie.core.ratelimit import public_limit
from wijkactie.events import services
from wijkactie.events.forms import PersonForm
from wijkactie.events.mails import manage_url
from wijkactie.events.models import Event, Registration
from wijkactie.events.openapi import OPENAPI
from wijkactie.events.pricing import Price
from wijkactie.events.queries import (
    event_with_programme,
    public_status,
    upcoming_events,
    waitlist_position,
    with_waitlist_positions,
)
from wijkactie.events.services import RegistrationError


def _error(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body = {"detail": str(detail)}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status)


def _body(request) -> dict | JsonResponse:
    """The request's JSON object as form data: one value per field, numbers as text (as a form
    would send them). Anything else is a 400 with a Dutch message, never an error page."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(400, _("De inhoud is geen geldige JSON."))
    except RecursionError:
        return _error(400, _("De JSON is te diep genest."))
    if not isinstance(data, dict):
        return _error(400, _("Verwacht een JSON-object."))
    if any(LONE_SURROGATES.search(key) for key in data):
        return _error(400, _("De inhoud bevat ongeldige tekens."))
    nested = sorted(key for key, value in data.items() if isinstance(value, dict | list))
    if nested:
        return _error(
            400,
            _("Controleer de invoer."),
            {key: [_("Verwacht één waarde, geen lijst of object.")] for key in nested},
        )
    return {
        key: str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        for key, value in data.items()
    }


def _staff_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme != "Token" or not raw.strip():
        return None
    return user_for_token(raw.strip())


def _form_errors(form) -> dict:
    return {
        "non_field_errors" if field == "__all__" else field: [m["message"] for m in messages]
        for field, messages in form.errors.get_json_data().items()
    }


def _refused(status: int, exc: RegistrationError) -> JsonResponse:
    errors = {exc.field: [str(exc)]} if exc.field else None
    return _error(status, str(exc), errors)


def _no_token() -> JsonResponse:
    return _error(401, _("Geef een geldige API-sleutel mee: Authorization: Token <sleutel>."))


def _invalid(form) -> JsonResponse:
    return _error(400, _("Controleer de invoer."), _form_errors(form))


def event_json(event: Event) -> dict:
    price = Price(event.price_excl_vat, event.vat_rate)
    return {
        "slug": event.slug,
        "title": event.title,
        "programme_name": event.programme_name,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "location_kind": event.location_kind,
        "capacity": event.capacity,
        "confirmed": event.n_confirmed,
        "offered": event.n_offered,
        "waiting": event.n_waiting,
        "status": public_status(event),
        "price_excl_vat": f"{price.excl_vat:.2f}",
        "price_incl_vat": f"{price.incl_vat:.2f}",
        "parts": [
            {
                "starts_at": part.starts_at.strftime("%H:%M"),
                "ends_at": part.ends_at.strftime("%H:%M"),
                "kind": part.kind,
                "label": part.label,
                "title": part.title,
                "speakers": [
                    {"name": s.name, "organisation": s.organisation, "topic": s.topic}
                    for s in part.speakers.all()
                ],
            }
            for part in event.parts.all()
        ],
    }


def _event_by_slug(slug: str) -> Event | None:
    return event_with_programme(Event.objects.filter(slug=slug)).first()


@csrf_exempt
@public_limit()
def events_collection(request):
    if request.method == "GET":
        events = event_with_programme(upcoming_events())
        return JsonResponse({"events": [event_json(e) for e in events]})
    if request.method == "POST":
        return _create_event(request)
    return _error(405, _("Methode niet toegestaan."))


API_EVENT_FIELDS = frozenset(
    {
        "slug",
        "title",
        "programme_name",
        "teaser",
        "introduction",
        "body",
        "contents",
        "starts_at",
        "ends_at",
        "capacity",
        "price_excl_vat",
        "vat_rate",
        "location_kind",
        "location_text",
        "online_platform",
        "join_url",
        "venue_name",
        "street_address",
        "postcode",
        "city",
        "audience",
        "requires_all_parts",
        "offer_hours",
        "registration_closes_at",
        "is_published",
        "contact_email",
        "contact_name",
    }
)


class EventApiForm(CleanModelForm):
    class Meta:
        model = Event
        fields = sorted(API_EVENT_FIELDS)


def _create_event(request):
    user = _staff_user(request)
    if user is None:
        return _no_token()
    data = _body(request)
    if isinstance(data, JsonResponse):
        return data
    defaults = {
        "programme_name": "Werken aan leefbare wijken",
        "vat_rate": "21.00",
        "offer_hours": 48,
        "is_published": True,
        "requires_all_parts": True,
    }
    form = EventApiForm({**defaults, **data})
    if not form.is_valid():
        return _invalid(form)
    event = services.create_event(data=form.cleaned_data, actor=user)
    return JsonResponse(event_json(_event_by_slug(event.slug)), status=201)


@csrf_exempt
@public_limit()
def event_item(request, slug: str):
    event = _event_by_slug(slug)
    if event is None or (not event.is_published and request.method == "GET"):
        return _error(404, _("Bijeenkomst niet gevonden."))
    if request.method == "GET":
        return JsonResponse(event_json(event))
    if request.method != "PATCH":
        return _error(405, _("Methode niet toegestaan."))
    user = _staff_user(request)
    if user is None:
        return _no_token()
    data = _body(request)
    if isinstance(data, JsonResponse):
        return data
    unknown = sorted(set(data) - API_EVENT_FIELDS)
    if unknown:
        return _error(400, _("Onbekende velden."), {f: [_("Onbekend veld.")] for f in unknown})
    current = model_to_dict(event, fields=sorted(API_EVENT_FIELDS))
    form = EventApiForm({**current, **data}, instance=Event.objects.get(pk=event.pk))
    if not form.is_valid():
        return _invalid(form)
    try:
        services.update_event(
            event_id=event.pk, data={k: form.cleaned_data[k] for k in data}, actor=user
        )
    except services.CapacityTooLow as exc:
        return _refused(400, exc)
    return JsonResponse(event_json(_event_by_slug(form.cleaned_data["slug"])))


class ApiRegistrationForm(PersonForm):
    """The same rules as the registration form on the event page."""

    organisation = forms.CharField(max_length=150)
    attends_all_parts = forms.BooleanField(required=False)
    accept_terms = forms.BooleanField(
        error_messages={
            "required": gettext_lazy("Ga akkoord met de voorwaarden en de privacyverklaring.")
        }
    )
    auto_confirm_from_waitlist = forms.BooleanField(required=False)
    billing_address = forms.CharField(max_length=500, required=False, widget=forms.Textarea)
    billing_reference = forms.CharField(max_length=100, required=False)

    def clean_organisation(self):
        return clean_line(self.cleaned_data["organisation"])

    def clean_billing_address(self):
        return clean_text(self.cleaned_data["billing_address"])

    def clean_billing_reference(self):
        return clean_line(self.cleaned_data["billing_reference"])


@csrf_exempt
@public_limit()
def event_registrations(request, slug: str):
    if request.method == "GET":
        return _list_registrations(request, slug)
    if request.method != "POST":
        return _error(405, _("Methode niet toegestaan."))
    event = get_object_or_404(Event, slug=slug, is_published=True)
    data = _body(request)
    if isinstance(data, JsonResponse):
        return data
    form = ApiRegistrationForm(data)
    if not form.is_valid():
        return _invalid(form)
    try:
        (registration,) = services.register_for_event(
            event_id=event.pk,
            organisation_name=form.cleaned_data["organisation"],
            people=[form.person()],
            attends_all_parts=form.cleaned_data["attends_all_parts"],
            accepted_terms=form.cleaned_data["accept_terms"],
            auto_confirm=form.cleaned_data["auto_confirm_from_waitlist"],
            billing_address=form.cleaned_data["billing_address"],
            billing_reference=form.cleaned_data["billing_reference"],
            source=Registration.Source.API,
        )
    except services.AlreadyRegistered as exc:
        return _error(409, str(exc))
    except services.RegistrationClosed as exc:
        return _error(409, str(exc))
    except RegistrationError as exc:
        return _refused(400, exc)
    price = Price(registration.price_excl_vat, registration.vat_rate)
    return JsonResponse(
        {
            "id": registration.pk,
            "status": registration.status,
            "waitlist_position": waitlist_position(registration),
            "price_excl_vat": f"{price.excl_vat:.2f}",
            "price_incl_vat": f"{price.incl_vat:.2f}",
            "partner_check": registration.partner_check,
            "manage_url": manage_url(registration),
        },
        status=201,
    )


def _list_registrations(request, slug: str):
    if _staff_user(request) is None:
        return _no_token()
    event = get_object_or_404(Event, slug=slug)
    registrations = with_waitlist_positions(
        Registration.objects.filter(event=event).select_related("organisation")
    )
    rows = [
        {
            "id": r.pk,
            "first_name": r.first_name,
            "name_prefix": r.name_prefix,
            "last_name": r.last_name,
            "email": r.email,
            "organisation": r.organisation.name,
            "role": r.role,
            "status": r.status,
            "arrival": r.arrival,
            "waitlist_position": r.position,
            "offer_expires_at": r.offer_expires_at.isoformat() if r.offer_expires_at else None,
            "price_excl_vat": f"{r.price_excl_vat:.2f}",
            "created_at": r.created_at.isoformat(),
        }
        for r in registrations
    ]
    return JsonResponse({"registrations": rows})


@csrf_exempt
@public_limit()
def cancel(request, token: str):
    if request.method != "POST":
        return _error(405, _("Methode niet toegestaan."))
    registration = Registration.objects.filter(
        manage_token=token, anonymised_at__isnull=True
    ).first()
    if registration is None:
        return _error(404, _("Aanmelding niet gevonden."))
    try:
        registration = services.cancel_registration(registration_id=registration.pk, reason="api")
    except services.NotActive as exc:
        return _error(409, str(exc))
    return JsonResponse({"id": registration.pk, "status": registration.status})


def openapi(request):
    return JsonResponse(OPENAPI)

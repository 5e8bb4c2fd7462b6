"""JSON API v1 for bijeenkomsten (django-ninja; gathered under /api/v1/ by site/api.py).

Public: the upcoming events, one event, registering, cancelling. Staff (API key): create and
update events, list an event's registrations. Input is validated by the same forms as the web
pages and the schema is generated from those forms and the response schemas below; every error
has the shape of `core.api.ErrorOut`.
"""

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from wijkactie.accounts.access import is_administrator
from wijkactie.accounts.api import staff_token
from wijkactie.core.api import ERRORS, ApiError, form_data, invalid, schema_from_form
from wijkactie.core.converters import is_token
from wijkactie.core.forms import CleanModelForm, clean_line, clean_text
from wijkactie.core.ratelimit import public_limit
from wijkactie.events import services
from wijkactie.events.access import events_for, programmes_for
from wijkactie.events.forms import DomainOrganisationMixin, PersonForm
from wijkactie.events.mails import manage_url
from wijkactie.events.models import Event, Programme, Registration
from wijkactie.events.phases import Channel
from wijkactie.events.pricing import Price
from wijkactie.events.queries import (
    event_with_programme,
    public_status,
    upcoming_events,
    with_waitlist_positions,
)
from wijkactie.events.services import EventError, Refused, RegistrationError

router = Router(tags=["bijeenkomsten"])

DATE_TIME = {"format": "date-time"}
MONEY = {"pattern": r"^-?\d+\.\d{2}$", "examples": ["125.00"]}


class SpeakerOut(Schema):
    name: str
    organisation: str
    topic: str


class PartOut(Schema):
    starts_at: str = Field(json_schema_extra={"pattern": r"^\d{2}:\d{2}$"})
    ends_at: str = Field(json_schema_extra={"pattern": r"^\d{2}:\d{2}$"})
    kind: str
    label: str
    title: str
    speakers: list[SpeakerOut]


class EventOut(Schema):
    slug: str
    title: str
    programme: str | None = Field(description="De korte naam van het programma")
    programme_name: str | None
    starts_at: str = Field(json_schema_extra=DATE_TIME)
    ends_at: str = Field(json_schema_extra=DATE_TIME)
    location_kind: str = Field(json_schema_extra={"enum": list(Event.LocationKind.values)})
    capacity: int
    confirmed: int
    offered: int
    waiting: int
    status: str = Field(json_schema_extra={"enum": ["open", "full", "closed"]})
    price_excl_vat: str = Field(json_schema_extra=MONEY)
    price_incl_vat: str = Field(json_schema_extra=MONEY)
    parts: list[PartOut]


class EventList(Schema):
    events: list[EventOut]


class RegistrationCreated(Schema):
    id: int
    status: str = Field(json_schema_extra={"enum": list(Registration.Status.values)})
    waitlist_position: int | None
    price_excl_vat: str = Field(json_schema_extra=MONEY)
    price_incl_vat: str = Field(json_schema_extra=MONEY)
    partner_check: str
    manage_url: str = Field(json_schema_extra={"format": "uri"})


class RegistrationRow(Schema):
    id: int
    first_name: str
    name_prefix: str
    last_name: str
    email: str
    organisation: str
    role: str
    status: str = Field(json_schema_extra={"enum": list(Registration.Status.values)})
    arrival: int
    waitlist_position: int | None
    offer_expires_at: str | None = Field(json_schema_extra=DATE_TIME)
    price_excl_vat: str = Field(json_schema_extra=MONEY)
    created_at: str = Field(json_schema_extra=DATE_TIME)


class RegistrationList(Schema):
    registrations: list[RegistrationRow]


class Cancelled(Schema):
    id: int
    status: str


def event_json(event: Event) -> dict:
    price = Price(event.price_excl_vat, event.vat_rate)
    return {
        "slug": event.slug,
        "title": event.title,
        "programme": event.programme.slug if event.programme else None,
        "programme_name": event.programme.name if event.programme else None,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "location_kind": event.location_kind,
        "capacity": event.capacity,
        "confirmed": event.seats_confirmed,
        "offered": event.seats_offered,
        "waiting": event.seats_waiting,
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


def _event_or_404(slug: str, user) -> Event:
    """For staff: only the events of their programmes (administrators: all)."""
    event = events_for(user).filter(slug=slug).first()
    if event is None:
        raise ApiError(404, _("Bijeenkomst niet gevonden."))
    return event


API_EVENT_FIELDS = frozenset(
    {
        "slug",
        "title",
        "programme",
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
    programme = forms.ModelChoiceField(
        Programme.objects.all(),
        to_field_name="slug",
        required=False,
        label=gettext_lazy("Programma"),
        help_text=gettext_lazy(
            "De korte naam van het programma, bijv. werken-aan-leefbare-wijken."
        ),
        error_messages={"invalid_choice": gettext_lazy("Dit programma bestaat niet.")},
    )

    class Meta:
        model = Event
        fields = sorted(API_EVENT_FIELDS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # staff choose among the programmes they organise
            self.fields["programme"].queryset = programmes_for(user)
            self.fields["programme"].required = not is_administrator(user)

    def clean_programme(self):
        programme = self.cleaned_data["programme"]
        if programme is None and self.fields["programme"].required:
            raise forms.ValidationError(_("Kies een programma dat u organiseert."))
        return programme


EVENT_DEFAULTS = {
    "vat_rate": "21.00",
    "offer_hours": 48,
    "is_published": True,
    "requires_all_parts": True,
}
EventCreate = schema_from_form(EventApiForm, "EventCreate", defaults=EVENT_DEFAULTS)
EventUpdate = schema_from_form(EventApiForm, "EventUpdate", all_optional=True)


class ApiRegistrationForm(DomainOrganisationMixin, PersonForm):
    """The same rules as the registration form on the event page."""

    organisation = forms.CharField(label=gettext_lazy("Organisatie"), max_length=150)
    attends_all_parts = forms.BooleanField(
        label=gettext_lazy("Ik neem deel aan alle delen."), required=False
    )
    accept_terms = forms.BooleanField(
        label=gettext_lazy("Ik ga akkoord met de voorwaarden en de privacyverklaring."),
        error_messages={
            "required": gettext_lazy("Ga akkoord met de voorwaarden en de privacyverklaring.")
        },
    )
    auto_confirm_from_waitlist = forms.BooleanField(
        label=gettext_lazy("Bevestig mij automatisch als er een plaats vrijkomt."), required=False
    )
    billing_address = forms.CharField(
        label=gettext_lazy("Factuuradres"), max_length=500, required=False, widget=forms.Textarea
    )
    billing_reference = forms.CharField(
        label=gettext_lazy("Inkoopnummer of kostenplaats"), max_length=100, required=False
    )
    invoice_email = forms.EmailField(
        label=gettext_lazy("E-mailadres voor de factuur"),
        max_length=254,
        required=False,
        help_text=gettext_lazy(
            "De factuur gaat ook naar dit adres (bijvoorbeeld de administratie)."
        ),
    )

    language = forms.ChoiceField(
        label=gettext_lazy("Taal van de e-mails"),
        choices=[("nl", "Nederlands"), ("en", "English")],
        required=False,
        help_text=gettext_lazy("nl (standaard) of en."),
        error_messages={"invalid_choice": gettext_lazy("Kies nl of en.")},
    )

    def clean_organisation(self):
        return clean_line(self.cleaned_data["organisation"])

    def clean_language(self):
        return self.cleaned_data["language"] or "nl"

    def clean_billing_address(self):
        return clean_text(self.cleaned_data["billing_address"])

    def clean_billing_reference(self):
        return clean_line(self.cleaned_data["billing_reference"])


RegistrationIn = schema_from_form(ApiRegistrationForm, "RegistrationIn")


@router.get("/events", response={200: EventList, **ERRORS}, summary="Komende bijeenkomsten")
@public_limit()
def list_events(request):
    return {"events": [event_json(e) for e in event_with_programme(upcoming_events())]}


@router.post(
    "/events", auth=staff_token, response={201: EventOut, **ERRORS}, summary="Bijeenkomst maken"
)
@public_limit()
def create_event(request, payload: EventCreate):
    form = EventApiForm({**EVENT_DEFAULTS, **form_data(payload)}, user=request.auth)
    if not form.is_valid():
        raise invalid(form)
    event = services.create_event(data=form.cleaned_data, actor=request.auth)
    return Status(201, event_json(_event_by_slug(event.slug)))


@router.get("/events/{slug:slug}", response={200: EventOut, **ERRORS}, summary="Een bijeenkomst")
@public_limit()
def get_event(request, slug: str):
    event = _event_by_slug(slug)
    if event is None or not event.is_published:
        raise ApiError(404, _("Bijeenkomst niet gevonden."))
    return event_json(event)


@router.patch(
    "/events/{slug:slug}",
    auth=staff_token,
    response={200: EventOut, **ERRORS},
    summary="Bijeenkomst wijzigen (alleen de meegegeven velden)",
)
@public_limit()
def update_event(request, slug: str, payload: EventUpdate):
    event = _event_or_404(slug, request.auth)
    data = form_data(payload)
    current = model_to_dict(event, fields=sorted(API_EVENT_FIELDS))
    current["programme"] = event.programme.slug if event.programme else None
    form = EventApiForm({**current, **data}, instance=event, user=request.auth)
    if not form.is_valid():
        raise invalid(form)
    try:
        services.update_event(
            event_id=event.pk, data={k: form.cleaned_data[k] for k in data}, actor=request.auth
        )
    except EventError as exc:
        raise _refused(400, exc) from None
    return event_json(_event_by_slug(form.cleaned_data["slug"]))


def _refused(status: int, exc: Refused) -> ApiError:
    return ApiError(status, str(exc), {exc.field: [str(exc)]} if exc.field else None)


@router.post(
    "/events/{slug:slug}/registrations",
    response={201: RegistrationCreated, **ERRORS},
    summary="Aanmelden",
)
@public_limit()
def register(request, slug: str, payload: RegistrationIn):
    event_id = Event.objects.filter(slug=slug, is_published=True).values_list("pk", flat=True)
    if not (event_id := event_id.first()):
        raise ApiError(404, _("Bijeenkomst niet gevonden."))
    form = ApiRegistrationForm(form_data(payload))
    if not form.is_valid():
        raise invalid(form)
    try:
        (registration,) = services.register_for_event(
            event_id=event_id,
            organisation_name=form.cleaned_data["organisation"],
            people=[form.person()],
            attends_all_parts=form.cleaned_data["attends_all_parts"],
            accepted_terms=form.cleaned_data["accept_terms"],
            auto_confirm=form.cleaned_data["auto_confirm_from_waitlist"],
            billing_address=form.cleaned_data["billing_address"],
            billing_reference=form.cleaned_data["billing_reference"],
            invoice_email=form.cleaned_data["invoice_email"],
            source=Registration.Source.API,
            language=form.cleaned_data["language"],
        )
    except (services.AlreadyRegistered, services.RegistrationClosed) as exc:
        raise ApiError(409, str(exc)) from None
    except RegistrationError as exc:
        raise _refused(400, exc) from None
    return Status(
        201,
        {
            "id": registration.pk,
            "status": registration.status,
            "waitlist_position": registration.position,
            "price_excl_vat": f"{registration.price.excl_vat:.2f}",
            "price_incl_vat": f"{registration.price.incl_vat:.2f}",
            "partner_check": registration.partner_check,
            "manage_url": manage_url(registration),
        },
    )


@router.get(
    "/events/{slug:slug}/registrations",
    auth=staff_token,
    response={200: RegistrationList, **ERRORS},
    summary="Aanmeldingen van een bijeenkomst",
)
@public_limit()
def list_registrations(request, slug: str):
    event = _event_or_404(slug, request.auth)
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
    return {"registrations": rows}


@router.post(
    "/registrations/{token}/cancel",
    response={200: Cancelled, **ERRORS},
    summary="Afmelden met de persoonlijke sleutel uit de bevestiging",
)
@public_limit()
def cancel(request, token: str):
    registration = (
        Registration.objects.filter(manage_token=token, anonymised_at__isnull=True).first()
        if is_token(token)
        else None
    )
    if registration is None:
        raise ApiError(404, _("Aanmelding niet gevonden."))
    try:
        registration = services.cancel_registration(
            registration_id=registration.pk, channel=Channel.API, reason="api"
        )
    except (services.NotActive, services.PhaseRefused) as exc:
        raise ApiError(409, str(exc)) from None
    return {"id": registration.pk, "status": registration.status}

"""The organisers' forms (staff): the event editor, its programme, a copy to a new date, a
change notice, a message to registrants, cancelling an event, the registrations search."""

from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wijkactie.accounts.models import Organisation
from wijkactie.core.forms import (
    DATETIME_YEARS,
    MAX_LENGTH,
    CleanForm,
    CleanModelForm,
    clean_line,
    clean_text,
    required_when,
)
from wijkactie.core.markdown import MAX_LENGTH as MARKDOWN_MAX
from wijkactie.events.editing import PartData, SpeakerData
from wijkactie.events.forms import EventChoiceField
from wijkactie.events.models import Event, ProgrammePart, Registration
from wijkactie.events.names import split_surname

EDITOR_FIELDS = [
    "title",
    "slug",
    "programme",
    "teaser",
    "teaser_cta",
    "introduction",
    "body",
    "contents",
    "audience",
    "starts_at",
    "ends_at",
    "registration_closes_at",
    "location_kind",
    "online_platform",
    "join_url",
    "location_text",
    "venue_name",
    "street_address",
    "postcode",
    "city",
    "capacity",
    "offer_hours",
    "price_excl_vat",
    "vat_rate",
    "free_cancellation_days",
    "requires_all_parts",
    "programme_intro",
    "programme_notice",
    "full_notice",
    "contribution_title",
    "contribution_text",
    "contact_name",
    "contact_email",
    "final_programme_on",
    "final_programme_text",
    "reminder_on",
    "reminder_text",
]
MARKDOWN_FIELDS = ("body", "contents", "location_text")
RESERVED_SLUGS = {"nieuw"}  # /beheer/bijeenkomsten/nieuw/ makes a new event
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MinuteDateTimeField(forms.DateTimeField):
    """A moment to the minute, as the page shows it: seconds stored earlier (through the API) do
    not make an untouched field count as changed."""

    def has_changed(self, initial, data):
        if isinstance(initial, datetime):
            initial = initial.replace(second=0, microsecond=0)
        return super().has_changed(initial, data)


class EventEditorForm(CleanModelForm):
    """Every field of the public event page. Texts marked Markdown allow **bold**, lists and
    links; raw HTML is shown as text (core/markdown.py)."""

    class Meta:
        model = Event
        fields = EDITOR_FIELDS
        field_classes = {
            "starts_at": MinuteDateTimeField,
            "ends_at": MinuteDateTimeField,
            "registration_closes_at": MinuteDateTimeField,
        }
        widgets = {
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "registration_closes_at": MOMENT,
            "teaser": forms.Textarea(attrs={"rows": 3}),
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "programme_intro": forms.Textarea(attrs={"rows": 2}),
            "programme_notice": forms.Textarea(attrs={"rows": 2}),
            "full_notice": forms.Textarea(attrs={"rows": 2}),
            "contribution_text": forms.Textarea(attrs={"rows": 3}),
            "final_programme_text": forms.Textarea(attrs={"rows": 3}),
            "reminder_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].required = True
        self.fields["programme"].empty_label = _("Kies een programma")
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        for name in MARKDOWN_FIELDS:
            self.fields[name].help_text = _(
                "Markdown: een lege regel begint een nieuwe alinea, **vet**, - opsomming, "
                "[tekst](https://…) voor een link. Hoogstens %(n)s tekens."
            ) % {"n": number_format(MARKDOWN_MAX, force_grouping=True)}
        self.fields["join_url"].help_text = _(
            "Alleen https. Nooit openbaar: alleen bevestigde deelnemers krijgen de link."
        )
        self.fields["slug"].help_text = _(
            "Kleine letters, cijfers en streepjes, bijv. actie-maart."
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Deze korte naam is gereserveerd. Kies een andere."))
        return slug

    def clean_join_url(self):
        url = self.cleaned_data["join_url"]
        if url and not url.startswith("https://"):
            raise forms.ValidationError(_("Gebruik een link die met https:// begint."))
        return url

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        closes = data.get("registration_closes_at")
        if closes and starts and closes > starts:
            self.add_error(
                "registration_closes_at", _("De aanmelding moet uiterlijk bij het begin sluiten.")
            )
        if data.get("location_kind") == Event.LocationKind.PHYSICAL:
            for name in ("venue_name", "street_address", "city"):
                if not data.get(name):
                    self.add_error(name, _("Vul dit in voor een bijeenkomst op locatie."))
        return data


class PartForm(CleanForm):
    part_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(
        label=_("Onderdeel"), max_length=100, help_text=_("Bijv. ochtenddeel of pauze.")
    )
    # Its initial value lets an untouched empty part count as unchanged (and be skipped).
    kind = forms.ChoiceField(
        label=_("Soort"), choices=ProgrammePart.Kind.choices, initial=ProgrammePart.Kind.SESSION
    )
    starts_at = forms.TimeField(label=_("Van"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Tot"), widget=forms.TimeInput(attrs={"type": "time"}))
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    speakers = forms.CharField(
        label=_("Sprekers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén spreker per regel: naam | organisatie | onderwerp. Organisatie en onderwerp "
            "mogen leeg blijven. Zet de regels in de volgorde van het programma."
        ),
    )

    def clean_speakers(self):
        speakers = []
        for number, line in enumerate(self.cleaned_data["speakers"].splitlines(), 1):
            if not line.strip():
                continue
            name, organisation, topic = ([*(" ".join(p.split()) for p in line.split("|")), "", ""])[
                :3
            ]
            if not name or line.count("|") > 2:
                raise forms.ValidationError(
                    _("Regel %(n)d: schrijf naam | organisatie | onderwerp.") % {"n": number}
                )
            if len(name) > 150 or len(organisation) > 150 or len(topic) > 200:
                raise forms.ValidationError(_("Regel %(n)d is te lang.") % {"n": number})
            speakers.append(SpeakerData(name, organisation, topic))
        return tuple(speakers)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        return data

    def part(self) -> PartData:
        data = self.cleaned_data
        return PartData(
            label=data["label"],
            kind=data["kind"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            title=data["title"],
            description=data["description"],
            speakers=data["speakers"],
            part_id=data["part_id"],
        )


class BasePartFormSet(forms.BaseFormSet):
    def parts(self) -> list[PartData]:
        """The parts to keep, ordered by start time (ties keep the order on the page)."""
        kept = [
            form.part()
            for form in self.forms
            if (form.has_changed() or form.initial) and not self._should_delete_form(form)
        ]
        return sorted(kept, key=lambda part: part.starts_at)


PartFormSet = forms.formset_factory(
    PartForm, formset=BasePartFormSet, extra=1, can_delete=True, max_num=20, validate_max=True
)


def part_initial(event: Event) -> list[dict]:
    return [
        {
            "part_id": part.pk,
            "label": part.label,
            "kind": part.kind,
            "starts_at": part.starts_at,
            "ends_at": part.ends_at,
            "title": part.title,
            "description": part.description,
            "speakers": "\n".join(
                " | ".join(x for x in (s.name, s.organisation, s.topic)).rstrip(" |")
                for s in part.speakers.all()
            ),
        }
        for part in event.parts.all()
    ]


class DuplicateForm(CleanForm):
    starts_on = forms.DateField(
        label=_("Nieuwe datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De tijden blijven gelijk; de kopie is een concept."),
    )

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if not DATETIME_YEARS[0] <= day.year <= DATETIME_YEARS[1]:
            raise forms.ValidationError(_("Kies een datum tussen 2000 en 2100."))
        return day


class ChangeNoticeForm(CleanForm):
    note = forms.CharField(
        label=_("Persoonlijke toelichting (komt boven de wijzigingen)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld waarom het verandert. Leeg laten mag."),
    )

    def clean_note(self):
        return clean_text(self.cleaned_data["note"])


class MessageForm(CleanForm):
    statuses = forms.MultipleChoiceField(
        label=_("Aan wie"),
        choices=[
            (Registration.Status.CONFIRMED, _("Bevestigd")),
            (Registration.Status.OFFERED, _("Plaats aangeboden")),
            (Registration.Status.WAITLISTED, _("Op de wachtlijst")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één groep.")},
    )
    subject = forms.CharField(label=_("Onderwerp"), max_length=150)
    body = forms.CharField(
        label=_("Tekst"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "De aanhef (Beste …) en een regel over de bijeenkomst komen er vanzelf bij. "
            "Markdown mag: **vet**, - opsomming, [tekst](https://…)."
        ),
    )

    def clean_subject(self):
        return clean_line(self.cleaned_data["subject"])

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])


class CancelEventForm(CleanForm):
    reason = forms.CharField(
        label=_("Waarom gaat de bijeenkomst niet door?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Deze tekst staat in de e-mail aan iedereen die is aangemeld en op de pagina."),
        error_messages={"required": _("Schrijf kort waarom: de deelnemers lezen het.")},
    )

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


def search_words(registrations, query: str):
    """Registrations that have each of the first five words in a name, e-mail or organisation."""
    for word in query.split()[:5]:
        registrations = registrations.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return registrations


class AttendanceSearchForm(CleanForm):
    """The attendance tab: find people by name, e-mail or organisation."""

    q = forms.CharField(
        label=_("Zoek op naam, e-mail of organisatie"), required=False, max_length=100
    )

    def filtered(self, registrations):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return search_words(registrations, data.get("q") or "")


class RegistrationSearchForm(CleanForm):
    """The registrations tab: find people by name, e-mail or organisation, by status."""

    ENDED = "ended"

    q = forms.CharField(
        label=_("Zoek op naam, e-mail of organisatie"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle actieve")),
            (Registration.Status.CONFIRMED, _("Bevestigd")),
            (Registration.Status.OFFERED, _("Plaats aangeboden")),
            (Registration.Status.WAITLISTED, _("Op de wachtlijst")),
            (ENDED, _("Afgemeld of vervallen")),
        ],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, queryset=None, empty_label=_("Alle organisaties")
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(registrations__event=event).distinct().order_by("name")
        )

    def filtered(self, registrations):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status")
        if status == self.ENDED:
            registrations = registrations.exclude(status__in=Registration.ACTIVE)
        elif status:
            registrations = registrations.filter(status=status)
        else:
            registrations = registrations.filter(status__in=Registration.ACTIVE)
        if data.get("organisation"):
            registrations = registrations.filter(organisation=data["organisation"])
        return search_words(registrations, data.get("q") or "")


class MoveForm(CleanForm):
    event = EventChoiceField(
        label=_("Naar welke bijeenkomst?"),
        queryset=Event.objects.none(),
        empty_label=_("Kies een bijeenkomst"),
        error_messages={"required": _("Kies een bijeenkomst.")},
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class StaffCancelForm(CleanForm):
    """Staff cancel one registration: why (in the person's mail), and, once the cancellation
    deadline has passed, whether the invoice is credited."""

    reden = forms.CharField(
        label=_("Reden (staat in de mail aan de deelnemer)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=MAX_LENGTH,
    )
    crediteren = forms.ChoiceField(
        label=_("Krijgt deze deelnemer een creditfactuur?"),
        choices=[("ja", _("Ja, crediteren")), ("nee", _("Nee, de kosten blijven staan"))],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, decision_needed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if decision_needed:
            required_when(self.fields["crediteren"], _("na de termijn om kosteloos af te melden"))
        else:
            del self.fields["crediteren"]

    def clean_reden(self):
        return clean_text(self.cleaned_data["reden"])

    def credit(self) -> bool | None:
        choice = self.cleaned_data.get("crediteren")
        return {"ja": True, "nee": False}.get(choice)


class CorrectRegistrationForm(CleanModelForm):
    """The name and billing details of one registration, as staff correct them."""

    class Meta:
        model = Registration
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "billing_address",
            "billing_reference",
            "invoice_email",
        ]
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("last_name") and not data.get("name_prefix"):
            data["name_prefix"], data["last_name"] = split_surname(data["last_name"])
        for name in ("first_name", "name_prefix", "last_name", "billing_reference"):
            if name in data:
                data[name] = clean_line(data[name])
        if "billing_address" in data:
            data["billing_address"] = clean_text(data["billing_address"])
        return data

"""The forms of people who register (the event page, the API's registration, staff adding one).
The organisers' forms are in `office/forms.py`."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkactie.accounts.queries import organisation_at_domain
from wijkactie.core.forms import (
    CONTROL_CHARS_BUT_NEWLINES,
    CleanForm,
    clean_line,
    clean_text,
    posted_key,
    required_when,
)
from wijkactie.events.models import Event, Phase, Role
from wijkactie.events.names import split_surname
from wijkactie.events.services import Person


class PersonForm(CleanForm):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=100,
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    name_prefix = forms.CharField(
        label=_("Tussenvoegsel"),
        max_length=20,
        required=False,
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
        widget=forms.TextInput(attrs={"autocomplete": "additional-name", "class": "input-short"}),
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=100,
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres (werk)"),
        max_length=254,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = forms.ChoiceField(
        label=_("Functie"), choices=[("", _("Kies een functie"))] + Role.choices
    )

    def clean_first_name(self):
        return clean_line(self.cleaned_data["first_name"])

    def clean_name_prefix(self):
        return clean_line(self.cleaned_data["name_prefix"]).lower()

    def clean_last_name(self):
        return clean_line(self.cleaned_data["last_name"])

    def clean(self):
        data = super().clean()
        if data.get("last_name") and not data.get("name_prefix"):
            data["name_prefix"], data["last_name"] = split_surname(data["last_name"])
        return data

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(
            first_name=data["first_name"],
            name_prefix=data["name_prefix"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
        )


class ColleagueForm(PersonForm):
    """A colleague row: left empty, it is ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False


class BaseColleagueFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            email = form.cleaned_data.get("email", "").lower() if form.has_changed() else ""
            if email and email in seen:
                form.add_error("email", _("Dit e-mailadres staat al bij een andere collega."))
            seen.add(email)


MAX_COLLEAGUES = 20  # with the person registering: the most one submission may hold

ColleagueFormSet = forms.formset_factory(
    ColleagueForm,
    formset=BaseColleagueFormSet,
    extra=0,
    max_num=MAX_COLLEAGUES,
    validate_max=True,
)


def with_one_more_colleague(data, *, event: Event):
    """The form as typed, unbound (no error shown yet), with one more empty colleague block:
    "Nog een collega toevoegen" without JavaScript, and the same answer for htmx."""
    count = min(_colleague_count(data) + 1, MAX_COLLEAGUES)
    form = RegistrationForm(initial=data.dict(), event=event)
    initial = [
        {name: data.get(f"collega-{i}-{name}", "") for name in ColleagueForm.base_fields}
        for i in range(count)
    ]
    colleagues = ColleagueFormSet(initial=initial, prefix="collega")
    colleagues.forms[-1].fields["first_name"].widget.attrs["autofocus"] = True  # the new block
    return form, colleagues


def _colleague_count(data) -> int:
    return min(posted_key(data.get("collega-TOTAL_FORMS")), MAX_COLLEAGUES)


class DomainOrganisationMixin(forms.Form):
    """An address at an organisation's verified domain proves that organisation: another typed
    name is filed under it, or kept, as the person chooses (asked once). For the registration
    form and the API alike, so the two cannot drift."""

    organisation_choice = forms.ChoiceField(
        label=_("Onder welke organisatie meldt u zich aan?"),
        choices=[("domain", ""), ("typed", "")],
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        data = super().clean()
        email, typed = data.get("email", ""), data.get("organisation", "")
        self.domain_organisation = organisation_at_domain(email) if email and typed else None
        found = self.domain_organisation
        if found is None or " ".join(typed.split()).casefold() == found.name.casefold():
            return data
        self.fields["organisation_choice"].choices = [
            (
                "domain",
                _("%(name)s: bij deze organisatie hoort uw e-mailadres") % {"name": found.name},
            ),
            ("typed", _("%(name)s, zoals ik typte") % {"name": typed}),
        ]
        choice = data.get("organisation_choice")
        if choice == "domain":
            data["organisation"] = found.name
        elif choice != "typed":
            self.add_error(
                "organisation_choice",
                _(
                    "Uw e-mailadres hoort bij %(found)s. Kies of u zich aanmeldt onder "
                    "%(found)s of onder %(typed)s."
                )
                % {"found": found.name, "typed": typed},
            )
        return data

    def offers_organisation_choice(self) -> bool:
        return bool(self.is_bound and getattr(self, "domain_organisation", None)) and (
            "organisation_choice" in self.errors or self.data.get("organisation_choice")
        )


class RegistrationForm(DomainOrganisationMixin, PersonForm):
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=150,
        help_text=_("Kies uw organisatie uit de lijst of typ de naam."),
        widget=forms.TextInput(attrs={"autocomplete": "organization", "list": "organisaties"}),
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
    )
    attends_all_parts = forms.BooleanField(label=_("Ik neem deel aan alle delen."), required=False)
    auto_confirm = forms.BooleanField(
        label=_("Bevestig mij automatisch als er een plaats vrijkomt."),
        required=False,
        help_text=_("Alleen van toepassing als u op de wachtlijst komt."),
    )
    billing_address = forms.CharField(
        label=_("Factuuradres van uw organisatie"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_(
            "Nodig, behalve als uw organisatie partner is en iedereen zich aanmeldt met een "
            "e-mailadres van die organisatie."
        ),
    )
    billing_reference = forms.CharField(
        label=_("Inkoopnummer of kostenplaats"), max_length=100, required=False
    )
    invoice_email = forms.EmailField(
        label=_("E-mailadres voor de factuur"),
        max_length=254,
        required=False,
        help_text=_(
            "Bijvoorbeeld van de financiële administratie. De factuur gaat naar u en naar dit "
            "adres."
        ),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")},
    )
    accept_terms = forms.BooleanField(
        label=_("Ik ga akkoord met de voorwaarden en de privacyverklaring."),
        error_messages={"required": _("Ga akkoord met de voorwaarden en de privacyverklaring.")},
    )
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    field_order = [
        "first_name",
        "name_prefix",
        "last_name",
        "email",
        "organisation",
        "organisation_choice",
        "role",
        "attends_all_parts",
        "billing_address",
        "billing_reference",
        "invoice_email",
        "auto_confirm",
        "accept_terms",
    ]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.all_parts_required():
            field = self.fields["attends_all_parts"]
            field.required = True
            field.label = _("Ik neem deel aan %(parts)s.") % {"parts": event.all_parts_text()}
            field.error_messages["required"] = event.all_parts_missing()
        if event.price_excl_vat:
            required_when(self.fields["billing_address"], _("verplicht, behalve voor partners"))
        else:
            del self.fields["billing_address"]
            del self.fields["billing_reference"]
            del self.fields["invoice_email"]

    def clean_organisation(self):
        return clean_line(self.cleaned_data["organisation"])

    def clean_billing_address(self):
        value = self.cleaned_data["billing_address"]
        if CONTROL_CHARS_BUT_NEWLINES.search(value):
            raise forms.ValidationError(_("Gebruik geen speciale tekens."))
        return value.strip()

    def clean_billing_reference(self):
        return clean_line(self.cleaned_data["billing_reference"])

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Dit veld moet leeg blijven."))
        return ""


class StaffRegistrationForm(PersonForm):
    """Staff add someone by hand; they confirm terms and attendance on the person's behalf."""

    organisation = forms.CharField(label=_("Organisatie"), max_length=150)
    billing_address = forms.CharField(
        label=_("Factuuradres"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nodig als deze persoon betaalt."),
    )
    billing_reference = forms.CharField(
        label=_("Inkoopnummer of kostenplaats"), max_length=100, required=False
    )

    def clean_organisation(self):
        return clean_line(self.cleaned_data["organisation"])

    def clean_billing_address(self):
        return clean_text(self.cleaned_data["billing_address"])

    def clean_billing_reference(self):
        return clean_line(self.cleaned_data["billing_reference"])


class EventChoiceField(forms.ModelChoiceField):
    """Pick an event by what tells two apart: title, date and state ("ACTIE-instrument —
    di 12 jan 2027 — vol"), so a copy on a new date or a full session is recognisable."""

    def label_from_instance(self, event) -> str:
        now = timezone.now()
        phase = event.phase_at(now)
        state = ""
        if phase == Phase.OPEN and event.seats.is_full:
            state = gettext("vol, wachtlijst")
        elif phase != Phase.OPEN:
            state = str(phase.label)
        day = date_format(timezone.localtime(event.starts_at), "D j M Y")
        return " — ".join(part for part in (event.title, day, state) if part)

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wijkactie.core.forms import MAX_LENGTH, CleanForm, CleanModelForm, clean_line, clean_text
from wijkactie.core.privacy import personal_data_hints
from wijkactie.events.forms import EventChoiceField
from wijkactie.events.models import Event
from wijkactie.initiatives.models import EDITABLE_FIELDS, Initiative, Phase, PracticeCase, Theme
from wijkactie.initiatives.queries import name_problem

EMAIL_ERRORS = {"invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")}


class ThemesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Theme.objects.all(),
            widget=forms.CheckboxSelectMultiple,
            label=_("Thema's"),
            required=False,
            **kwargs,
        )


class CaseForm(CleanForm):
    kind = forms.ChoiceField(
        label=_("Wat wil je inbrengen?"),
        choices=PracticeCase.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een praktijkvraagstuk of een inspirerend voorbeeld.")},
    )
    title = forms.CharField(label=_("Titel"), max_length=150, error_messages=MAX_LENGTH)
    situation = forms.CharField(
        label=_("De situatie"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Wat speelt er, in welke wijk, met welk initiatief? Zonder namen of adressen van bewoners."
        ),
        error_messages=MAX_LENGTH,
    )
    question = forms.CharField(
        label=_("Je vraag, of wat anderen ervan kunnen leren"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=MAX_LENGTH,
    )
    neighbourhood = forms.CharField(
        label=_("Buurt of wijk"), max_length=150, required=False, error_messages=MAX_LENGTH
    )
    municipality = forms.CharField(label=_("Gemeente"), max_length=100, error_messages=MAX_LENGTH)
    themes = ThemesField()
    contributor_name = forms.CharField(
        label=_("Je naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contributor_organisation = forms.CharField(
        label=_("Je organisatie"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization", "list": "organisaties"}),
    )
    contributor_email = forms.EmailField(
        label=_("Je e-mailadres (werk)"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    may_use_in_session = forms.BooleanField(
        label=_("De casus mag gebruikt worden in een bijeenkomst"), required=False
    )
    may_publish = forms.BooleanField(
        label=_("De casus mag gepubliceerd worden op de kennispagina"), required=False
    )
    no_personal_data = forms.BooleanField(
        label=_(
            "Ik heb het gecontroleerd: wat hierboven gevonden is, zijn geen gegevens van bewoners"
        ),
        required=False,
    )

    def clean_contributor_email(self):
        return self.cleaned_data["contributor_email"].strip().lower()

    LINES = (
        "title",
        "neighbourhood",
        "municipality",
        "contributor_name",
        "contributor_organisation",
    )
    TEXTS = ("situation", "question")

    def clean(self):
        data = super().clean()
        for names, rule in ((self.LINES, clean_line), (self.TEXTS, clean_text)):
            for name in names:
                if name in data:
                    try:
                        data[name] = rule(data[name])
                    except forms.ValidationError as error:
                        self.add_error(name, error)
        self.personal_data_found = False
        if not data.get("no_personal_data"):
            for name in ("title", "situation", "question"):
                hints = personal_data_hints(data.get(name, ""))
                if hints:
                    self.personal_data_found = True
                    self.add_error(
                        name,
                        _(
                            "Dit lijkt %(what)s te bevatten. Haal gegevens van bewoners weg. Gaat "
                            "het niet over een bewoner (bijvoorbeeld het adres van een buurthuis)? "
                            "Vink dan onderaan aan dat je het gecontroleerd hebt."
                        )
                        % {"what": " en ".join(hints)},
                    )
        return data


class AcceptForm(CleanForm):
    event = EventChoiceField(
        label=_("Voor bijeenkomst"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Geen bijeenkomst"),
    )
    for_publication = forms.BooleanField(
        label=_("Voor publicatie op de kennispagina"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.order_by("-starts_at")


class DeclineForm(CleanForm):
    reason = forms.CharField(
        label=_("Reden (de inbrenger krijgt deze te lezen)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden: de inbrenger krijgt die te lezen.")},
    )

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


class CaseEditForm(CleanModelForm):
    """Staff edit the public text of a case, e.g. to take out a name the check cannot see."""

    note = forms.CharField(
        label=_("Wat heb je veranderd en waarom? (de inbrenger krijgt dit te lezen)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort wat je veranderde: de inbrenger leest het.")},
    )

    class Meta:
        model = PracticeCase
        fields = ["title", "situation", "question", "neighbourhood"]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 8}),
            "question": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_title(self):
        return clean_line(self.cleaned_data["title"])

    def clean_neighbourhood(self):
        return clean_line(self.cleaned_data["neighbourhood"])

    def clean_situation(self):
        return clean_text(self.cleaned_data["situation"])

    def clean_question(self):
        return clean_text(self.cleaned_data["question"])

    def clean_note(self):
        return clean_text(self.cleaned_data["note"])


class CaseFilterForm(CleanForm):
    q = forms.CharField(label=_("Zoeken"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Alle soorten")), *PracticeCase.Kind.choices],
        required=False,
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("Alle thema's"),
    )
    municipality = forms.CharField(label=_("Gemeente"), max_length=100, required=False)


class InitiativeForm(CleanModelForm):
    themes = ThemesField()
    manual_latitude = forms.FloatField(
        label=_("Breedtegraad (handmatig)"),
        required=False,
        min_value=50.5,
        max_value=53.8,
        help_text=_("Alleen als het adres niet gevonden wordt, bijvoorbeeld 52.0907."),
        error_messages={
            "min_value": _("Dit ligt niet in Nederland (50,5 tot 53,8)."),
            "max_value": _("Dit ligt niet in Nederland (50,5 tot 53,8)."),
            "invalid": _("Vul een getal in, zoals 52.0907."),
        },
    )
    manual_longitude = forms.FloatField(
        label=_("Lengtegraad (handmatig)"),
        required=False,
        min_value=3.2,
        max_value=7.3,
        help_text=_("Bijvoorbeeld 5.1214."),
        error_messages={
            "min_value": _("Dit ligt niet in Nederland (3,2 tot 7,3)."),
            "max_value": _("Dit ligt niet in Nederland (3,2 tot 7,3)."),
            "invalid": _("Vul een getal in, zoals 5.1214."),
        },
    )

    class Meta:
        model = Initiative
        fields = [*EDITABLE_FIELDS, "themes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "address": _(
                "Straat en huisnummer of plaats van het initiatief (bijvoorbeeld een buurthuis); we zoeken de plek en de CBS-buurt op bij PDOK."
            ),
            "contact_name": _("Iemand van een organisatie, nooit een bewoner."),
            "description": _("Zonder namen of adressen van bewoners."),
        }
        error_messages = {"contact_email": EMAIL_ERRORS}

    def clean_name(self):
        name = clean_line(self.cleaned_data["name"])
        problem = name_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean(self):
        data = super().clean()
        lat, lon = data.get("manual_latitude"), data.get("manual_longitude")
        if (
            (lat is None) != (lon is None)
            and not self.has_error("manual_latitude")
            and not self.has_error("manual_longitude")
        ):
            self.add_error(
                "manual_longitude" if lon is None else "manual_latitude",
                _("Vul allebei in, of geen van beide."),
            )
        for name in (
            "name",
            "address",
            "neighbourhood",
            "municipality",
            "circumstances_note",
            "contact_name",
        ):
            if isinstance(data.get(name), str):
                try:
                    data[name] = clean_line(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def manual_position(self):
        lat, lon = (
            self.cleaned_data.get("manual_latitude"),
            self.cleaned_data.get("manual_longitude"),
        )
        return (lat, lon) if lat is not None and lon is not None else None


class InitiativeFilterForm(CleanForm):
    q = forms.CharField(label=_("Zoeken op naam"), max_length=100, required=False)
    municipality = forms.CharField(label=_("Gemeente"), max_length=100, required=False)
    neighbourhood = forms.CharField(label=_("Buurt of buurtcode"), max_length=100, required=False)
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("Alle thema's"),
    )
    phase = forms.TypedChoiceField(
        label=_("Fase"),
        choices=[("", _("Alle fases")), *Phase.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *Initiative.Status.choices], required=False
    )
    needs_support = forms.BooleanField(
        label=_("Alleen initiatieven die ondersteuning vragen"), required=False
    )

    def params(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class ImportForm(CleanForm):
    file = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_(
            "Kolommen: naam, beschrijving, adres, buurt, gemeente, fase (1-5), initiatiefnemer (bewoners/organisatie/samen), thema's (gescheiden door ;), ondersteuning, status, zichtbaarheid."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Kies een .csv- of .xlsx-bestand."))
        limit = settings.WIJKACTIE_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            )
        return upload


class AfternoonForm(CleanForm):
    cases = forms.ModelMultipleChoiceField(
        label=_("Casussen voor de middag"),
        queryset=PracticeCase.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één casus.")},
    )
    size = forms.IntegerField(
        label=_("Gewenste groepsgrootte"),
        min_value=2,
        max_value=30,
        initial=6,
        error_messages={
            "min_value": _("Een groep heeft minstens twee mensen."),
            "max_value": _("Houd groepen bij maximaal 30 mensen."),
        },
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = PracticeCase.objects.filter(
            accepted_event=event,
            status__in=[PracticeCase.Status.ACCEPTED, PracticeCase.Status.PUBLISHED],
        ).order_by("created_at", "pk")


class MoveForm(CleanForm):
    """Staff move someone to another afternoon group (ids from the page's own buttons)."""

    registration = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    group = forms.IntegerField(min_value=1, max_value=1000)


def initiative_by_number(label) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Initiative.objects.all(),
        widget=forms.NumberInput,
        error_messages={"invalid_choice": _("Er is geen initiatief met dit nummer.")},
    )


class MergeForm(CleanForm):
    keep = initiative_by_number(_("Nummer van het initiatief dat blijft"))
    remove = initiative_by_number(_("Nummer van het dubbele initiatief (verdwijnt)"))

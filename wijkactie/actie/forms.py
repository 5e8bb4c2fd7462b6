from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkactie.actie.content import Content, Level
from wijkactie.actie.models import Approach
from wijkactie.actie.models import Level as ScanLevel
from wijkactie.core.forms import MAX_LENGTH, CleanForm, clean_line, clean_text, required_when
from wijkactie.events.models import Event
from wijkactie.initiatives.models import Initiative, Origin, Phase, PracticeCase
from wijkactie.initiatives.queries import name_problem, similar_initiatives

UNKNOWN = "?"
NOTE_HELP = _(
    "Schrijf geen namen, adressen of andere gegevens van bewoners op. Notities zijn privé: ze "
    "staan niet in de bespreekversie."
)


def origin_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Wie nam het initiatief?"),
        choices=[("", _("Kies wie")), *Origin.choices],
        required=False,
    )


def phase_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Fase"),
        choices=[("", _("Kies een fase")), *Phase.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )


class IntuitionField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Wat is je eerste neiging?"),
            help_text=_(
                "Welke rol zou je nu, zonder lang na te denken, kiezen? Je vergelijkt dit straks "
                "met de uitkomst van de scan."
            ),
            choices=[*Approach.choices, ("weet_niet", _("Weet ik nog niet"))],
            widget=forms.RadioSelect,
            error_messages={"required": _("Kies een rol, of 'Weet ik nog niet'.")},
            **kwargs,
        )


class NewScanForm(CleanForm):
    level = forms.ChoiceField(
        label=_("Waar gaat de scan over?"),
        choices=ScanLevel.choices,
        initial=ScanLevel.PROFESSIONAL,
        widget=forms.RadioSelect,
    )
    initiative = forms.ModelChoiceField(
        label=_("Een initiatief dat je al eerder scande"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Nieuw initiatief (vul hieronder in)"),
    )
    name = forms.CharField(
        label=_("Naam van het initiatief"),
        max_length=150,
        required=False,
        error_messages=MAX_LENGTH,
    )
    neighbourhood = forms.CharField(
        label=_("Buurt of wijk"), max_length=150, required=False, error_messages=MAX_LENGTH
    )
    phase = phase_field()
    origin = origin_field()
    new_on_purpose = forms.BooleanField(
        label=_("Het is een ander initiatief: maak een nieuw initiatief aan"), required=False
    )

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        for name in ("name", "phase", "origin"):
            required_when(self.fields[name], _("verplicht bij een nieuw initiatief"))

    def clean_name(self):
        return clean_line(self.cleaned_data["name"])

    def clean_neighbourhood(self):
        return clean_line(self.cleaned_data["neighbourhood"])

    def clean(self):
        data = super().clean()
        if data.get("level") != ScanLevel.PROFESSIONAL:
            return data
        existing = data.get("initiative")
        self.matches = []
        if existing is None and data.get("name"):
            self._check_new_name(data)
        if existing is None:
            for name, message in (
                ("name", _("Vul de naam van het initiatief in.")),
                ("phase", _("Kies de fase van het initiatief.")),
                ("origin", _("Kies wie het initiatief nam.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        else:
            for name in ("phase", "origin"):
                if not data.get(name):
                    data[name] = getattr(existing, name)
        return data

    def _check_new_name(self, data) -> None:
        """A new initiative only on purpose: not under a placeholder name, and not when one with
        (nearly) the same name exists that the person can scan."""
        problem = name_problem(data["name"])
        if problem:
            self.add_error("name", problem)
            return
        self.matches = similar_initiatives(self.fields["initiative"].queryset, data["name"])
        if self.matches and not data.get("new_on_purpose"):
            names = ", ".join(f"'{m.name}'" for m in self.matches)
            self.add_error(
                "name",
                _(
                    "Dit initiatief bestaat misschien al: %(names)s. Kies het in de lijst hierboven, "
                    "of vink aan dat het een ander initiatief is."
                )
                % {"names": names},
            )


class IntuitionForm(CleanForm):
    intuitive_approach = IntuitionField()


def _answer_choices(content: Content, question) -> list[tuple[str, str]]:
    if question.is_choice:
        options = [(c.value, c.label) for c in question.choices]
    else:
        options = [(s.value, f"{s.value} – {s.label}") for s in content.scale]
    return [*options, (UNKNOWN, content.unknown_label)]


class AnswersForm(CleanForm):
    """Radio buttons per question (plus an optional private note), for one area or for all."""

    def __init__(
        self,
        *args,
        content: Content,
        level: Level,
        area_ids: list[str],
        answers: dict,
        notes: dict | None = None,
        with_notes: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.content = content
        self.questions = [q for a in area_ids for q in level.questions_in(a)]
        self.with_notes = with_notes
        notes = notes or {}
        for question in self.questions:
            initial = None
            if question.id in answers:
                value = answers[question.id]
                initial = UNKNOWN if value is None else str(value)
            self.fields[question.id] = forms.ChoiceField(
                label=f"{question.id}. {question.text}",
                help_text=question.help,
                choices=_answer_choices(content, question),
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
            )
            if with_notes:
                self.fields[f"note_{question.id}"] = forms.CharField(
                    label=_("Notitie bij %(id)s") % {"id": question.id},
                    max_length=1000,
                    required=False,
                    initial=notes.get(question.id, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages=MAX_LENGTH,
                )

    def clean(self):
        data = super().clean()
        for question in self.questions:
            key = f"note_{question.id}"
            if self.with_notes and data.get(key):
                try:
                    data[key] = clean_text(data[key])
                except forms.ValidationError as error:
                    self.add_error(key, error)
        return data

    def rows(self):
        """(question, answer field, note field) per question, for the template."""
        return [
            (q, self[q.id], self[f"note_{q.id}"] if self.with_notes else None)
            for q in self.questions
        ]

    def answers(self) -> dict:
        """Only the questions answered in this submission: {id: value or None}."""
        result = {}
        for question in self.questions:
            raw = self.cleaned_data.get(question.id) or ""
            if raw == "":
                continue
            if raw == UNKNOWN:
                result[question.id] = None
            elif question.is_choice:
                result[question.id] = raw
            else:
                result[question.id] = int(raw)
        return result

    def notes(self) -> dict:
        if not self.with_notes:
            return {}
        return {q.id: self.cleaned_data.get(f"note_{q.id}", "") for q in self.questions}


class QuickScanForm(AnswersForm):
    """The anonymous scan: context and every question on one page, nothing stored."""

    intuitive_approach = IntuitionField(required=False)
    origin = origin_field()
    phase = phase_field()


class ChoiceForm(CleanForm):
    chosen_approach = forms.ChoiceField(
        label=_("Welke benadering kies je?"),
        choices=Approach.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de benadering die jij wilt volgen.")},
    )
    rationale = forms.CharField(
        label=_("Waarom? (in één zin)"),
        max_length=300,
        required=False,
        error_messages=MAX_LENGTH,
    )
    next_checkin = forms.DateField(
        label=_("Wanneer kijk je opnieuw?"),
        required=False,
        # A date input's value is ISO whatever the language; the browser shows it localised.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een datum in, zoals 15-03-2027.")},
    )

    def clean_rationale(self):
        return clean_line(self.cleaned_data["rationale"])


class ShareColleagueForm(CleanForm):
    email = forms.EmailField(
        label=_("E-mailadres van je collega"),
        max_length=254,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ShareLinkForm(CleanForm):
    days = forms.TypedChoiceField(
        label=_("Geldig"),
        choices=[(1, _("1 dag")), (7, _("1 week")), (14, _("2 weken")), (30, _("30 dagen"))],
        coerce=int,
        initial=14,
    )
    include_notes = forms.BooleanField(
        label=_("Met mijn notities (alleen voor collega's, niet voor bewoners)"), required=False
    )


class GroupSessionForm(CleanForm):
    title = forms.CharField(
        label=_("Titel van de casus"), max_length=150, error_messages=MAX_LENGTH
    )
    case_summary = forms.CharField(
        label=_("Korte beschrijving van de casus"),
        max_length=2000,
        help_text=_("Zonder namen of adressen van bewoners. Deelnemers zien deze tekst."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=MAX_LENGTH,
    )
    event = forms.ModelChoiceField(
        label=_("Bijeenkomst"), queryset=None, required=False, empty_label=_("Geen bijeenkomst")
    )
    case = forms.ModelChoiceField(
        label=_("Praktijkcasus"),
        queryset=PracticeCase.objects.filter(
            status__in=[PracticeCase.Status.ACCEPTED, PracticeCase.Status.PUBLISHED]
        ),
        required=False,
        empty_label=_("Geen (eigen casus)"),
    )
    origin = origin_field()
    phase = phase_field()
    hours_open = forms.TypedChoiceField(
        label=_("Hoe lang kan de groep meedoen?"),
        choices=[(3, _("3 uur")), (8, _("vandaag (8 uur)")), (72, _("3 dagen"))],
        coerce=int,
        initial=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.now() - timedelta(days=7)
        self.fields["event"].queryset = Event.objects.filter(ends_at__gte=since).order_by(
            "starts_at"
        )

    def clean_title(self):
        return clean_line(self.cleaned_data["title"])

    def clean_case_summary(self):
        return clean_text(self.cleaned_data["case_summary"])


class JoinForm(CleanForm):
    code = forms.CharField(
        label=_("Deelnamecode"),
        max_length=12,
        help_text=_("Zes tekens, bijvoorbeeld K7M2QX. Je krijgt de code van de begeleider."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "input-short"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()


class ParticipantForm(CleanForm):
    display_name = forms.CharField(
        label=_("Je naam in de groep"),
        max_length=40,
        help_text=_("Een voornaam of bijnaam is genoeg."),
        error_messages=MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    show_name = forms.BooleanField(
        label=_("De begeleider mag mijn antwoorden met mijn naam erbij tonen"),
        required=False,
        help_text=_("Zonder vinkje ziet de groep alleen aantallen, niet wie wat antwoordde."),
    )
    intuitive_approach = IntuitionField()

    def clean_display_name(self):
        return clean_line(self.cleaned_data["display_name"])

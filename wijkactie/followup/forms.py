from django import forms
from django.forms import fields_for_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wijkactie.core.forms import CleanForm, CleanModelForm
from wijkactie.events.models import Event, Programme
from wijkactie.followup.models import Evaluation, Material, Recap
from wijkactie.followup.recap import IMAGES, MAX_MATERIAL_BYTES, MB, TooManyPixels, kind_of
from wijkactie.followup.teams import WHERE_TO_FIND

MAX_REPORT_BYTES = 5 * 1024 * 1024


class TeamsReportForm(CleanForm):
    report = forms.FileField(
        label=_("Aanwezigheidsrapport uit Teams"),
        help_text=format_lazy("{} {}", WHERE_TO_FIND, _("Hoogstens 5 MB.")),
        error_messages={"required": _("Kies het bestand met het rapport.")},
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(_("Dit bestand is groter dan 5 MB."))
        return report


GRADES = [(n, str(n)) for n in range(1, 11)]
USEFULNESS = [
    (1, _("1 – niet nuttig")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – heel nuttig")),
]


class EvaluationForm(CleanForm):
    """The questions; one 'how useful' per part the person attended."""

    grade = forms.TypedChoiceField(
        label=_("Welk rapportcijfer geeft u de bijeenkomst?"),
        choices=GRADES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer van 1 tot en met 10.")},
    )
    will_apply = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    improve = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    topics = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, parts, texts, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            self.fields[f"part_{part.pk}"] = forms.TypedChoiceField(
                label=_("Hoe nuttig was %(part)s?") % {"part": part.title or part.label},
                choices=USEFULNESS,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["will_apply"].label = texts["question_apply"]
        self.fields["improve"].label = texts["question_improve"]
        self.fields["topics"].label = texts["question_topics"]
        self.order_fields(["grade", *[f"part_{p.pk}" for p in parts]])

    def usefulness(self) -> dict[int, int]:
        return {
            part.pk: self.cleaned_data[f"part_{part.pk}"]
            for part in self.parts
            if self.cleaned_data.get(f"part_{part.pk}")
        }


class EvaluationSettingsForm(CleanModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "is_on",
            "intro",
            "question_apply",
            "question_improve",
            "question_topics",
            "on_recap",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class RecapForm(CleanModelForm):
    class Meta:
        model = Recap
        fields = ["report", "is_published", "mail_no_shows"]
        widgets = {"report": forms.Textarea(attrs={"rows": 10})}


class MaterialForm(CleanForm):
    title = forms.CharField(label=_("Titel"), max_length=150)
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "PDF of PowerPoint (.pptx) tot 20 MB, of een afbeelding (PNG, JPEG, WebP) tot 5 MB."
        ),
        error_messages={"required": _("Kies een bestand.")},
    )
    audience = forms.ChoiceField(
        label=_("Voor wie"),
        choices=Material.Audience.choices,
        initial=Material.Audience.PUBLIC,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        """Only the size before reading; what the file is, the service decides (recap.py)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MATERIAL_BYTES:
            raise forms.ValidationError(
                _("Dit bestand is groter dan %(mb)s MB.") % {"mb": MAX_MATERIAL_BYTES // MB}
            )
        return upload


class VerifyForm(CleanForm):
    code = forms.CharField(
        label=_("Code op het certificaat"), max_length=20, help_text=_("Bijvoorbeeld WA-7KQM-29HT.")
    )


class CertificateSettingsForm(CleanForm):
    """What the certificate says besides attendance: the accreditation of this session and the
    signature line of the programme."""

    logo = forms.FileField(
        label=_("Logo van het programma"),
        required=False,
        help_text=_("PNG, JPEG of WebP, hoogstens 1 MB. Staat boven op elk certificaat."),
    )
    remove_logo = forms.BooleanField(label=_("Logo weghalen"), required=False)

    EVENT_FIELDS = [
        "accreditation_register",
        "accreditation_number",
        "accreditation_points_per_hour",
    ]
    PROGRAMME_FIELDS = ["signatory_name", "signatory_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels, limits and help texts as the models declare them.
        self.fields.update(fields_for_model(Event, self.EVENT_FIELDS))
        self.fields.update(fields_for_model(Programme, self.PROGRAMME_FIELDS))
        self.order_fields([*self.EVENT_FIELDS, *self.PROGRAMME_FIELDS, "logo", "remove_logo"])
        points = self.fields["accreditation_points_per_hour"]
        # 0,5 as a Dutch reader types it: a text field (a number field takes only "0.5").
        points.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        points.localize = points.widget.is_localized = True
        points.error_messages["invalid"] = _("Vul een getal in, bijvoorbeeld 1 of 0,5.")

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > MB:
            raise forms.ValidationError(_("Dit logo is groter dan 1 MB."))
        data = upload.read()
        try:
            kind = kind_of(data)
        except TooManyPixels:
            kind = None
        if kind is None or kind.content_type not in {k.content_type for k in IMAGES.values()}:
            raise forms.ValidationError(
                _("Dit bestand is geen afbeelding die we kunnen tonen: kies PNG, JPEG of WebP.")
            )
        return (data, kind.content_type)

    def clean(self):
        data = super().clean()
        if data.get("accreditation_register") and not data.get("accreditation_number"):
            self.add_error(
                "accreditation_number", _("Vul het accreditatienummer in dat het register gaf.")
            )
        return data

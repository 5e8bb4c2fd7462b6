from django import forms
from django.utils.translation import gettext_lazy as _

from wijkactie.core.forms import CleanForm

MAX_REPORT_BYTES = 5 * 1024 * 1024


class TeamsReportForm(CleanForm):
    report = forms.FileField(
        label=_("Aanwezigheidsrapport uit Teams"),
        help_text=_(
            "In Teams: open de vergadering, kies Aanwezigheid en download het rapport (.csv of "
            ".xlsx). Hoogstens 5 MB."
        ),
        error_messages={"required": _("Kies het bestand met het rapport.")},
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(_("Dit bestand is groter dan 5 MB."))
        return report

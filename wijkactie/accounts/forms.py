from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wijkactie.core.forms import CleanForm, CleanInputMixin, clean_line

EMAIL_ERRORS = {"invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")}


class EmailForm(CleanForm):
    email = forms.EmailField(
        label=_("E-mailadres (werk)"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ProfileForm(CleanForm):
    name = forms.CharField(
        label=_("Je naam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=150,
        help_text=_("Kies je organisatie uit de lijst of typ de naam."),
        widget=forms.TextInput(attrs={"autocomplete": "organization", "list": "organisaties"}),
    )

    def clean_name(self):
        return clean_line(self.cleaned_data["name"])

    def clean_organisation(self):
        return clean_line(self.cleaned_data["organisation"])


class SignUpForm(ProfileForm, EmailForm):
    field_order = ["name", "email", "organisation"]


class PasswordLoginForm(CleanInputMixin, AuthenticationForm):
    """Username is the lower-cased e-mail address; the label says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mailadres (werk)")
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.error_messages["invalid_login"] = _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters in het wachtwoord."
        )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class StaffLoginForm(PasswordLoginForm):
    """Staff sign in with their user name (often their e-mail address)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam of e-mailadres")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.error_messages["invalid_login"] = _(
            "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar. Let op hoofdletters in het wachtwoord."
        )

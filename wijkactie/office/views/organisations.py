"""Staff pages for organisations (mail domains, memberships, review) and API keys."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts import services
from wijkactie.accounts.access import administrator_required
from wijkactie.accounts.models import (
    ApiToken,
    Organisation,
    OrganisationDomain,
    PartnerPeriod,
    Professional,
)
from wijkactie.accounts.queries import pending_members
from wijkactie.core.forms import MAX_LENGTH, CleanForm, clean_line


class DomainForm(CleanForm):
    domain = forms.CharField(
        label=gettext_lazy("E-maildomein"),
        max_length=253,
        error_messages=MAX_LENGTH,
        help_text=gettext_lazy(
            "Bijvoorbeeld gemeente-oosterwolde.nl. Geen gmail.com en dergelijke."
        ),
    )

    def clean_domain(self):
        try:
            return services.check_domain(clean_line(self.cleaned_data["domain"]))
        except services.MembershipError as exc:
            raise forms.ValidationError(str(exc)) from exc


class PartnerPeriodForm(CleanForm):
    starts_on = forms.DateField(
        label=gettext_lazy("Partner vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Vul de begindatum in."),
            "invalid": gettext_lazy("Vul een datum in, zoals 2027-01-01."),
        },
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        help_text=gettext_lazy("Leeg: tot nader bericht."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Vul een datum in, zoals 2027-12-31.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting"), max_length=200, required=False, error_messages=MAX_LENGTH
    )

    def clean_note(self):
        return clean_line(self.cleaned_data["note"])


class ApiTokenForm(CleanForm):
    name = forms.CharField(
        label=gettext_lazy("Waarvoor is deze sleutel?"), max_length=100, error_messages=MAX_LENGTH
    )
    days = forms.IntegerField(
        label=gettext_lazy("Geldig (dagen)"),
        min_value=1,
        max_value=365,
        initial=90,
        error_messages={
            "min_value": gettext_lazy("Kies 1 tot en met 365 dagen."),
            "max_value": gettext_lazy("Kies 1 tot en met 365 dagen."),
            "invalid": gettext_lazy("Vul een aantal dagen in."),
        },
    )

    def clean_name(self):
        return clean_line(self.cleaned_data["name"])


@administrator_required
def organisations(request):
    """Pending memberships, organisations to review, and every organisation's mail domains."""
    organisations = Organisation.objects.prefetch_related(
        Prefetch("domains", queryset=OrganisationDomain.objects.order_by("domain")),
        Prefetch("partner_periods", queryset=PartnerPeriod.objects.order_by("starts_on")),
    ).order_by("-needs_review", "name")
    return render(
        request,
        "office/organisations.html",
        {
            "pending": pending_members(request.user)[:200],
            "organisations": organisations,
            "form": DomainForm(),
        },
    )


@administrator_required
@require_POST
def add_domain(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = DomainForm(request.POST)
    if form.is_valid():
        try:
            services.add_domain(
                organisation_id=organisation.pk,
                domain=form.cleaned_data["domain"],
                actor=request.user,
            )
        except services.MembershipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Domein toegevoegd aan %(name)s. Collega's met een adres daar zijn lid.")
                % {"name": organisation.name},
            )
    else:
        messages.error(request, " ".join(form.errors["domain"]))
    return redirect("staff_accounts:organisations")


@administrator_required
@require_POST
def add_partner_period(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = PartnerPeriodForm(request.POST)
    if form.is_valid():
        try:
            services.add_partner_period(
                organisation_id=organisation.pk,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.MembershipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Partnerperiode van %(name)s opgeslagen.") % {"name": organisation.name}
            )
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(reverse("staff_accounts:organisations") + f"#org-{organisation.pk}")


@administrator_required
@require_POST
def remove_partner_period(request, pk: int):
    period = get_object_or_404(PartnerPeriod, pk=pk)
    services.remove_partner_period(period_id=period.pk, actor=request.user)
    messages.success(request, _("Partnerperiode verwijderd."))
    return redirect(reverse("staff_accounts:organisations") + f"#org-{period.organisation_id}")


@administrator_required
@require_POST
def set_kvk_number(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        services.set_kvk_number(
            organisation_id=organisation.pk,
            kvk_number=clean_line(request.POST.get("kvk_number", "")),
            actor=request.user,
        )
    except (services.MembershipError, forms.ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request, _("KvK-nummer van %(name)s opgeslagen.") % {"name": organisation.name}
        )
    return redirect("staff_accounts:organisations")


@administrator_required
@require_POST
def remove_domain(request, pk: int):
    domain = get_object_or_404(OrganisationDomain, pk=pk)
    services.remove_domain(domain_id=domain.pk, actor=request.user)
    messages.success(request, _("Domein %(domain)s verwijderd.") % {"domain": domain.domain})
    return redirect("staff_accounts:organisations")


@administrator_required
@require_POST
def verify_organisation(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    services.verify_organisation(organisation_id=organisation.pk, actor=request.user)
    messages.success(request, _("%(name)s is bevestigd.") % {"name": organisation.name})
    return redirect("staff_accounts:organisations")


@administrator_required
@require_POST
def approve_member(request, pk: int):
    professional = get_object_or_404(Professional, pk=pk)
    services.approve_membership(professional_id=professional.pk, actor=request.user)
    messages.success(
        request,
        _("%(name)s hoort nu bij %(organisation)s.")
        % {"name": professional.name, "organisation": professional.organisation.name},
    )
    return redirect("staff_accounts:organisations")


@administrator_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """List, name, expire and revoke API keys. A new key is shown once, in this response only."""
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            new_token = services.create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
            form = ApiTokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.select_related("user").order_by("-created_at")
    response = render(
        request,
        "office/api_tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "now": timezone.now()},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@administrator_required
@require_POST
def revoke_api_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    services.revoke_api_token(token_id=token.pk, actor=request.user)
    messages.success(
        request, _("De sleutel %(prefix)s… werkt niet meer.") % {"prefix": token.prefix}
    )
    return redirect("staff_accounts:api_tokens")

"""Reads about organisations and their members that more than one place needs."""

from django.db.models import QuerySet

from wijkactie.accounts.models import Organisation, OrganisationDomain, Professional, email_domain


def organisation_domains(organisation: Organisation) -> frozenset[str]:
    return frozenset(
        OrganisationDomain.objects.filter(organisation=organisation).values_list(
            "domain", flat=True
        )
    )


def email_is_at(organisation: Organisation, email: str) -> bool:
    return email_domain(email) in organisation_domains(organisation)


def organisation_at_domain(email: str) -> Organisation | None:
    """The reviewed organisation whose verified mail domain this address is at: such an address
    proves the organisation, whatever name was typed."""
    found = (
        OrganisationDomain.objects.select_related("organisation")
        .filter(domain=email_domain(email), organisation__needs_review=False)
        .first()
    )
    return found.organisation if found else None


def organisation_names() -> list[str]:
    """Names for the pick lists of public forms: only organisations that staff verified, so a
    typed name never shows up for others."""
    return list(
        Organisation.objects.filter(needs_review=False)
        .order_by("name")
        .values_list("name", flat=True)[:500]
    )


def coordinates(user, organisation_id: int) -> bool:
    """Whether the user is a confirmed coordinator of this organisation."""
    professional = getattr(user, "professional", None)
    return bool(
        professional
        and professional.is_coordinator
        and professional.is_member
        and professional.organisation_id == organisation_id
    )


def pending_members(user) -> QuerySet[Professional]:
    """Professionals whose membership this user may confirm (staff: all; coordinator: own)."""
    pending = Professional.objects.select_related("user", "organisation").filter(verified_by="")
    if user.is_staff:
        return pending.order_by("organisation__name", "name")
    professional = getattr(user, "professional", None)
    if professional is None or not coordinates(user, professional.organisation_id):
        return pending.none()
    return pending.filter(organisation_id=professional.organisation_id).order_by("name")

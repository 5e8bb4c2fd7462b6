from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.accounts.models import (
    ApiToken,
    Organisation,
    OrganisationDomain,
    PartnerPeriod,
    Professional,
    Verification,
    email_domain,
    hash_token,
)
from wijkactie.accounts.queries import coordinates, email_is_at
from wijkactie.core.services import log_activity

# Addresses at these domains prove nothing about an employer: no organisation may claim them.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.nl",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.nl",
        "icloud.com",
        "me.com",
        "ziggo.nl",
        "kpnmail.nl",
        "planet.nl",
        "home.nl",
        "xs4all.nl",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
    }
)


class MembershipError(Exception):
    """A rule refused the change; `str(error)` is fit for the person."""


TOKEN_DAYS = range(1, 366)


def create_api_token(*, user, days: int, name: str = "", actor=None) -> str:
    """Create a staff API token valid for `days` days, whichever way it is made (page, command).

    Writes: the token's hash, name and expiry; an activity entry. Returns the raw token, which is
    shown once and never stored. Refuses: a validity outside 1–365 days (MembershipError).
    """
    if days not in TOKEN_DAYS:
        raise MembershipError(_("Kies 1 tot en met 365 dagen."))
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_token(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    log_activity(
        actor=actor or user, verb="api_token_created", obj_ref=f"accounts.apitoken:{token.pk}"
    )
    return raw


def revoke_api_token(*, token_id: int, actor) -> ApiToken:
    """Writes: the token's revocation time (once); an activity entry. It stops working at once."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            log_activity(
                actor=actor, verb="api_token_revoked", obj_ref=f"accounts.apitoken:{token.pk}"
            )
    return token


def user_for_token(raw: str):
    """The active staff user of a token that is neither revoked nor expired, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            expires_at__gt=now,
            key_hash=hash_token(raw),
            revoked_at__isnull=True,
            user__is_active=True,
            user__is_staff=True,
        )
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def check_domain(domain: str) -> str:
    """The domain, cleaned; refuses a public mail provider or a malformed name (MembershipError)."""
    domain = domain.strip().lower().removeprefix("@")
    labels = domain.split(".")
    if len(labels) < 2 or not all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
        for label in labels
    ):
        raise MembershipError(_("Vul een domein in zoals gemeente.nl, zonder @ of spaties."))
    if domain in PUBLIC_MAIL_DOMAINS:
        raise MembershipError(
            _("%(domain)s is een openbare maildienst: daarmee bewijst niemand waar hij werkt.")
            % {"domain": domain}
        )
    return domain


def add_partner_period(
    *, organisation_id: int, starts_on: date, ends_on: date | None, note: str = "", actor
) -> PartnerPeriod:
    """A period in which the organisation is a partner (and its people at its verified domains
    attend for free). Prices already given stay as they were: a registration keeps its price.

    Writes: the period; an activity entry. Refuses: an end before the start, or a period that
    overlaps another of the organisation's (MembershipError).
    """
    if ends_on is not None and ends_on < starts_on:
        raise MembershipError(_("De einddatum ligt voor de begindatum."))
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        for other in organisation.partner_periods.all():
            if (other.ends_on is None or other.ends_on >= starts_on) and (
                ends_on is None or other.starts_on <= ends_on
            ):
                raise MembershipError(
                    _("Deze periode overlapt met de partnerperiode vanaf %(start)s.")
                    % {"start": other.starts_on.strftime("%d-%m-%Y")}
                )
        period = PartnerPeriod.objects.create(
            organisation=organisation, starts_on=starts_on, ends_on=ends_on, note=note[:200]
        )
        log_activity(
            actor=actor,
            verb="partner_period_added",
            obj_ref=f"accounts.organisation:{organisation.pk}",
            data={"starts_on": str(starts_on), "ends_on": str(ends_on or "")},
        )
    return period


def remove_partner_period(*, period_id: int, actor) -> None:
    """Writes: the period removed; an activity entry. Registrations keep the price they got."""
    with transaction.atomic():
        period = PartnerPeriod.objects.select_for_update().get(pk=period_id)
        log_activity(
            actor=actor,
            verb="partner_period_removed",
            obj_ref=f"accounts.organisation:{period.organisation_id}",
            data={"starts_on": str(period.starts_on), "ends_on": str(period.ends_on or "")},
        )
        period.delete()


def add_domain(*, organisation_id: int, domain: str, actor) -> OrganisationDomain:
    """Writes: a verified mail domain for the organisation, the organisation as verified, and
    the membership of every professional of it whose proven address is at the domain.
    Refuses: a public mail provider, a malformed domain, a domain of another organisation."""
    domain = check_domain(domain)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        other = OrganisationDomain.objects.filter(domain=domain).first()
        if other is not None:
            raise MembershipError(
                _("Het domein %(domain)s hoort al bij %(name)s.")
                % {"domain": domain, "name": other.organisation.name}
            )
        added = OrganisationDomain.objects.create(organisation=organisation, domain=domain)
        if organisation.needs_review:
            organisation.needs_review = False
            organisation.save(update_fields=["needs_review"])
        log_activity(
            actor=actor,
            verb="organisation_domain_added",
            obj_ref=f"accounts.organisation:{organisation.pk}",
            data={"domain": domain},
        )
        for professional in Professional.objects.select_related("user").filter(
            organisation=organisation, verified_by=""
        ):
            refresh_membership(professional)
    return added


def remove_domain(*, domain_id: int, actor) -> None:
    """Writes: deletes the domain; memberships proven by it fall back to unconfirmed."""
    with transaction.atomic():
        domain = OrganisationDomain.objects.select_related("organisation").get(pk=domain_id)
        organisation = domain.organisation
        for professional in Professional.objects.select_related("user").filter(
            organisation=organisation, verified_by=Verification.DOMAIN
        ):
            if email_domain(professional.user.email) == domain.domain:
                professional.verified_by = ""
                professional.verified_at = None
                professional.save(update_fields=["verified_by", "verified_at"])
        domain.delete()
        log_activity(
            actor=actor,
            verb="organisation_domain_removed",
            obj_ref=f"accounts.organisation:{organisation.pk}",
            data={"domain": domain.domain},
        )


def set_kvk_number(*, organisation_id: int, kvk_number: str, actor) -> Organisation:
    """Writes: the organisation's KvK number (eight digits, or empty); an activity entry.
    Refuses (MembershipError): anything but eight digits."""
    kvk_number = kvk_number.strip().replace(" ", "")
    if kvk_number and not (len(kvk_number) == 8 and kvk_number.isascii() and kvk_number.isdigit()):
        raise MembershipError(_("Een KvK-nummer heeft acht cijfers."))
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        organisation.kvk_number = kvk_number
        organisation.save(update_fields=["kvk_number"])
        log_activity(
            actor=actor,
            verb="organisation_kvk_set",
            obj_ref=f"accounts.organisation:{organisation.pk}",
            data={"kvk_number": kvk_number},
        )
    return organisation


def verify_organisation(*, organisation_id: int, actor) -> Organisation:
    """Writes: the organisation as verified by staff (it may appear in public lists)."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if organisation.needs_review:
            organisation.needs_review = False
            organisation.save(update_fields=["needs_review"])
            log_activity(
                actor=actor,
                verb="organisation_verified",
                obj_ref=f"accounts.organisation:{organisation.pk}",
            )
    return organisation


def refresh_membership(professional: Professional) -> Professional:
    """Confirm the membership when the professional's proven address is at one of the
    organisation's domains. Call only once the address is proven (a sign-in link was used, or
    the person is signed in: an account is entered by link first). Writes: the verification."""
    if not professional.is_member and email_is_at(
        professional.organisation, professional.user.email
    ):
        professional.verified_by = Verification.DOMAIN
        professional.verified_at = timezone.now()
        professional.save(update_fields=["verified_by", "verified_at"])
    return professional


def approve_membership(*, professional_id: int, actor) -> Professional:
    """Confirm someone's membership by hand: staff for any organisation, a confirmed coordinator
    for their own. Writes: the verification; an activity entry.
    Refuses (MembershipError): anyone else."""
    with transaction.atomic():
        professional = Professional.objects.select_for_update().get(pk=professional_id)
        if actor.is_staff:
            how = Verification.STAFF
        elif coordinates(actor, professional.organisation_id):
            how = Verification.COORDINATOR
        else:
            raise MembershipError(_("Je mag dit lidmaatschap niet bevestigen."))
        if not professional.is_member:
            professional.verified_by = how
            professional.verified_at = timezone.now()
            professional.save(update_fields=["verified_by", "verified_at"])
            log_activity(
                actor=actor,
                verb="membership_approved",
                obj_ref=f"accounts.professional:{professional.pk}",
                scope_ref=f"accounts.organisation:{professional.organisation_id}",
            )
    return professional


def organisation_named(name: str) -> Organisation:
    """The organisation with this name (any case), or a new one that staff still have to review."""
    name = " ".join(name.split())
    found = Organisation.objects.filter(name__iexact=name).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name, needs_review=True)
    except IntegrityError:
        return Organisation.objects.get(name__iexact=name)


def sign_up(*, email: str, name: str, organisation: str):
    """The user for this address; a new one (no password, a profile) when there is none.

    Writes: a user and its professional profile, only for a new address. An existing account is
    returned unchanged, so the sign-up form tells nobody whether an address is known.
    """
    user = get_user_model().objects.filter(username=email).first()
    if user is None:
        user = get_user_model().objects.create_user(username=email, email=email, password=None)
        Professional.objects.create(
            user=user, name=name, organisation=organisation_named(organisation)
        )
    return user


def save_profile(*, user, name: str, organisation: str) -> Professional:
    """Writes: the user's professional profile (created when missing, e.g. for staff). Another
    organisation than before starts unconfirmed and is confirmed at once when the signed-in
    (so proven) address is at one of its domains."""
    chosen = organisation_named(organisation)
    professional = Professional.objects.filter(user=user).first()
    if professional is None:
        professional = Professional(user=user)
    if professional.organisation_id != chosen.pk:
        professional.organisation = chosen
        professional.verified_by = ""
        professional.verified_at = None
        professional.is_coordinator = False
    professional.name = name
    professional.save()
    return refresh_membership(professional)

"""Verified organisations: membership and partner price need a proven work address (issue 8)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests.factories import BILLING_ADDRESS, person, register_with_private_address
from wijkactie.accounts import services
from wijkactie.accounts.models import Organisation, OrganisationDomain, Professional
from wijkactie.accounts.signin import signin_path
from wijkactie.core.mails import render
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.sending import send_due_emails
from wijkactie.events import services as event_services
from wijkactie.events.models import Registration
from wijkactie.initiatives.models import Initiative
from wijkactie.invoices.models import Invoice
from wijkactie.invoices.services import issue_due_invoices

pytestmark = pytest.mark.django_db


def own_initiative(organisation) -> Initiative:
    return Initiative.objects.create(
        name="Buurtkamer De Zon", phase=2, organisation=organisation, visibility="organisatie"
    )


def test_typing_another_organisations_name_grants_nothing(client, make_professional, partner):
    """Finding: B typed A's name in the profile, then read, edited and published A's initiative."""
    own = own_initiative(partner)
    intruder = make_professional(email="b@elders.test", name="B", organisation="Elders")
    client.force_login(intruder)
    response = client.post(
        "/account/", {"name": "B", "organisation": "Woonstichting De Linie"}, follow=True
    )
    assert response.status_code == 200
    intruder.professional.refresh_from_db()
    assert intruder.professional.organisation == partner
    assert not intruder.professional.is_member
    assert client.get(f"/initiatieven/{own.pk}/").status_code == 404
    assert client.get(f"/initiatieven/{own.pk}/bewerken/").status_code == 404
    assert own.name not in client.get("/api/v1/initiatives.geojson").content.decode()


def test_a_work_address_at_the_domain_makes_a_member_once_the_link_is_used(client, partner):
    user = services.sign_up(
        email="sanne@linie.test", name="Sanne", organisation="Woonstichting De Linie"
    )
    assert not user.professional.is_member  # nothing is proven by typing
    client.post(signin_path(user))
    user.professional.refresh_from_db()
    assert user.professional.verified_by == "domain"
    own = own_initiative(partner)
    assert client.get(f"/initiatieven/{own.pk}/").status_code == 200


def test_staff_or_the_coordinator_confirm_a_private_address(client, make_professional, partner):
    coordinator = make_professional(email="fleur@linie.test")
    Professional.objects.filter(user=coordinator).update(is_coordinator=True)
    pending = make_professional(email="daan@gmail.com", name="Daan", member=False)
    outsider = make_professional(email="x@elders.test", organisation="Elders")
    client.force_login(outsider)
    assert client.post(f"/account/leden/{pending.professional.pk}/bevestigen/").status_code == 404
    client.force_login(coordinator)
    page = client.get("/account/").content.decode()
    assert "Bevestig Daan" in page
    client.post(f"/account/leden/{pending.professional.pk}/bevestigen/")
    pending.professional.refresh_from_db()
    assert pending.professional.verified_by == "coordinator"


def test_public_mail_providers_cannot_be_an_organisations_domain(partner, admin_user):
    with pytest.raises(services.MembershipError):
        services.add_domain(organisation_id=partner.pk, domain="gmail.com", actor=admin_user)
    with pytest.raises(services.MembershipError):
        services.add_domain(organisation_id=partner.pk, domain="linie.test", actor=admin_user)


def test_adding_a_domain_confirms_members_with_addresses_there(make_professional, admin_user):
    user = make_professional(email="ali@oosterwolde.test", organisation="Gemeente O", member=False)
    organisation = Organisation.objects.get(name="Gemeente O")
    services.add_domain(
        organisation_id=organisation.pk, domain="Oosterwolde.TEST", actor=admin_user
    )
    user.professional.refresh_from_db()
    assert user.professional.is_member
    assert OrganisationDomain.objects.get(organisation=organisation).domain == "oosterwolde.test"


def test_a_partners_name_with_a_private_address_pays_until_staff_confirm(
    make_event, partner, admin_client
):
    """Finding: a gmail address that typed a partner's name registered for € 0,00."""
    event = make_event(capacity=5)
    typed = register_with_private_address(event, partner)
    (proven,) = event_services.register_for_event(
        event_id=event.pk,
        organisation_name=partner.name,
        people=[person(2)],
        attends_all_parts=True,
        accepted_terms=True,
    )
    assert (typed.price_excl_vat, typed.partner_check) == (125, "pending")
    assert (proven.price_excl_vat, proven.partner_check) == (0, "")
    assert issue_due_invoices() == 0  # the invoice waits for the decision
    send_due_emails()  # the confirmation goes out before staff decide
    page = admin_client.get(f"/beheer/bijeenkomsten/{event.slug}/").content.decode()
    assert "Partnerschap te controleren" in page and "deelnemer1@gmail.com" in page
    admin_client.post(f"/beheer/aanmeldingen/{typed.pk}/partnerschap/", {"besluit": "partner"})
    typed.refresh_from_db()
    assert (typed.price_excl_vat, typed.partner_check) == (0, "confirmed")
    assert issue_due_invoices() == 0
    confirmation, decision = OutgoingEmail.objects.filter(to=typed.email).order_by("pk")
    confirmation, decision = confirmation.body_text, render(decision).body
    assert "kijken we eerst of u gratis mag deelnemen als partner" in confirmation
    assert "Deelname is voor u kosteloos" in decision


def test_refused_partnership_is_invoiced(make_event, partner, admin_user):
    event = make_event(capacity=5)
    typed = register_with_private_address(event, partner)
    event_services.decide_partnership(registration_id=typed.pk, is_partner=False, actor=admin_user)
    assert issue_due_invoices() == 1
    assert Invoice.objects.get().registration == typed


def test_the_personal_page_says_the_partnership_is_checked(client, make_event, partner):
    event = make_event(capacity=5)
    typed = register_with_private_address(event, partner)
    page = client.get(f"/aanmelding/{typed.manage_token}/").content.decode()
    assert "We kijken nog of u bij Woonstichting De Linie werkt" in page


def test_unverified_names_never_appear_in_public_lists(client, make_event, partner):
    event = make_event(capacity=5)
    event_services.register_for_event(
        event_id=event.pk,
        organisation_name="Bedrijfje Van Mij",
        people=[person(1, domain="mij.test")],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
    )
    for url in (f"/bijeenkomsten/{event.slug}/", "/casussen/insturen/", "/account/aanmelden/"):
        page = client.get(url).content.decode()
        assert "Bedrijfje Van Mij" not in page, url
        assert partner.name in page, url


def test_the_api_says_the_partnership_is_checked(client, make_event, partner):
    event = make_event(capacity=5)
    response = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        {
            "first_name": "Karim",
            "last_name": "El Amrani",
            "email": "karim@gmail.com",
            "organisation": partner.name,
            "role": "sociaal_beheerder",
            "attends_all_parts": True,
            "accept_terms": True,
            "billing_address": BILLING_ADDRESS,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (response.json()["partner_check"], response.json()["price_excl_vat"]) == (
        "pending",
        "125.00",
    )


def test_the_api_refuses_a_paid_registration_without_billing_address(client, make_event):
    event = make_event(capacity=5)
    response = client.post(
        f"/api/v1/events/{event.slug}/registrations",
        {
            "first_name": "Karim",
            "last_name": "El Amrani",
            "email": "karim@rivierstad.test",
            "organisation": "Wooncorporatie Rivierstad",
            "role": "sociaal_beheerder",
            "attends_all_parts": True,
            "accept_terms": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "billing_address" in response.json()["errors"]
    assert Registration.objects.count() == 0


def test_changing_a_password_asks_for_the_current_one(client, make_professional):
    user = make_professional()
    user.set_password("een-oud-wachtwoord-2026")
    user.save()
    client.force_login(user)
    new = {"new_password1": "nieuw-wachtwoord-2026!", "new_password2": "nieuw-wachtwoord-2026!"}
    assert client.post("/account/wachtwoord/", new).status_code == 400
    user.refresh_from_db()
    assert user.check_password("een-oud-wachtwoord-2026")
    client.post("/account/wachtwoord/", {**new, "old_password": "een-oud-wachtwoord-2026"})
    user.refresh_from_db()
    assert user.check_password("nieuw-wachtwoord-2026!")


def test_api_tokens_can_be_named_expired_and_revoked(client, admin_client, admin_user):
    page = admin_client.post("/beheer/api-sleutels/", {"name": "Website", "days": "30"})
    raw = page.context["new_token"]
    assert raw and raw in page.content.decode()
    auth = {"Authorization": f"Token {raw}"}
    assert client.get("/api/v1/events/x/registrations", headers=auth).status_code == 404
    token = admin_user.api_tokens.get()
    assert token.name == "Website" and token.expires_at is not None
    admin_client.post(f"/beheer/api-sleutels/{token.pk}/intrekken/")
    assert client.get("/api/v1/events/x/registrations", headers=auth).status_code == 401
    listing = admin_client.get("/beheer/api-sleutels/").content.decode()
    assert "ingetrokken" in listing and raw not in listing


def test_an_expired_api_token_no_longer_works(client, admin_user, time_machine):
    raw = services.create_api_token(user=admin_user, name="oud", days=1)
    time_machine.move_to(timezone.now() + timedelta(days=1, seconds=1))
    response = client.get(
        "/api/v1/events/x/registrations", headers={"Authorization": f"Token {raw}"}
    )
    assert response.status_code == 401


def test_a_token_made_by_the_command_expires_too(client, admin_user, time_machine):
    """Finding: `create_api_token` made tokens that never expired; the page gives 1–365 days."""
    out = io.StringIO()
    call_command("create_api_token", admin_user.username, stdout=out)
    raw = out.getvalue().split()[0]
    auth = {"Authorization": f"Token {raw}"}
    assert admin_user.api_tokens.get().expires_at is not None
    assert client.get("/api/v1/events/x/registrations", headers=auth).status_code == 404
    time_machine.move_to(timezone.now() + timedelta(days=91))
    assert client.get("/api/v1/events/x/registrations", headers=auth).status_code == 401
    call_command("create_api_token", admin_user.username, "--days", "365", stdout=out)
    with pytest.raises(CommandError, match="365"):
        call_command("create_api_token", admin_user.username, "--days", "366", stdout=out)
    with pytest.raises(services.MembershipError):
        services.create_api_token(user=admin_user, days=0)


def test_sign_in_mails_are_not_readable_by_staff(
    client, admin_client, make_professional, django_capture_on_commit_callbacks
):
    """Finding: staff read live sign-in links in the admin and signed in as that person."""
    user = make_professional()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/inloggen/", {"email": user.email})
    (message,) = mail.outbox
    link = message.body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    outgoing = OutgoingEmail.objects.get(to=user.email, topic="signin")
    assert outgoing.status == "sent"
    assert link.split("?")[0] not in outgoing.body_text  # blanked once sent
    page = admin_client.get(f"/admin/core/outgoingemail/{outgoing.pk}/change/").content.decode()
    assert "verborgen" in page and link.split("?")[0] not in page


def test_staff_set_a_kvk_number_without_the_admin(admin_client, partner):
    admin_client.post(f"/beheer/organisaties/{partner.pk}/kvk/", {"kvk_number": "1234 5678"})
    partner.refresh_from_db()
    assert partner.kvk_number == "12345678"
    page = admin_client.post(
        f"/beheer/organisaties/{partner.pk}/kvk/", {"kvk_number": "12ab"}, follow=True
    )
    assert "Een KvK-nummer heeft acht cijfers." in page.content.decode()
    partner.refresh_from_db()
    assert partner.kvk_number == "12345678"


def test_administrators_keep_partner_periods_on_the_sites_own_page(
    client, admin_client, make_event, django_user_model
):
    """Finding: partner periods, which decide the price, were edited only in Django admin
    (partly English; axe: critical 'label' on 7 fields)."""
    from datetime import date

    from wijkactie.accounts.models import PartnerPeriod

    organisation = Organisation.objects.create(name="Woonzorg Oost", kind="corporatie")
    OrganisationDomain.objects.create(organisation=organisation, domain="oost.test")
    page = admin_client.get("/beheer/organisaties/").content.decode()
    assert f'id="periode-van-{organisation.pk}"' in page
    url = f"/beheer/organisaties/{organisation.pk}/partnerperiodes/"
    admin_client.post(url, {"starts_on": "2020-01-01", "ends_on": "2099-12-31", "note": "Fonds"})
    (period,) = PartnerPeriod.objects.filter(organisation=organisation)
    assert (period.starts_on, period.ends_on) == (date(2020, 1, 1), date(2099, 12, 31))
    overlapping = admin_client.post(url, {"starts_on": "2026-01-01"}, follow=True)
    assert "overlapt" in overlapping.content.decode()
    assert PartnerPeriod.objects.filter(organisation=organisation).count() == 1
    backwards = admin_client.post(url, {"starts_on": "2030-01-01", "ends_on": "2029-01-01"})
    assert PartnerPeriod.objects.filter(organisation=organisation).count() == 1
    assert backwards.status_code == 302
    event = make_event()
    (registration,) = event_services.register_for_event(
        event_id=event.pk,
        organisation_name="Woonzorg Oost",
        people=[person(1, domain="oost.test")],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address=BILLING_ADDRESS,
    )
    assert registration.price_excl_vat == 0
    organiser = Client()
    organiser.force_login(django_user_model.objects.create_user("org", is_staff=True))
    assert organiser.post(url, {"starts_on": "2000-01-01"}).status_code == 403
    admin_client.post(f"/beheer/organisaties/partnerperiodes/{period.pk}/verwijderen/")
    assert not PartnerPeriod.objects.filter(organisation=organisation).exists()

"""Demo data for the register and the casework: initiatives on the map, contributed cases (four
accepted for the seed event's afternoon, two published). Idempotent."""

from wijkactie.accounts.models import Organisation
from wijkactie.events.models import Registration
from wijkactie.initiatives import services
from wijkactie.initiatives.models import Initiative, PhaseChange, PracticeCase, Theme
from wijkactie.initiatives.themes import ensure_default_themes

INITIATIVES = [
    # name, neighbourhood, municipality, phase, origin, themes, lat, lon, visibility, support
    (
        "Moestuin De Groene Hoek",
        "Lunetten",
        "Utrecht",
        3,
        "bewoners",
        ["groen", "ontmoeting"],
        52.0615,
        5.1440,
        "openbaar",
        "Hulp bij een huurovereenkomst voor de grond",
    ),
    (
        "Buurtkamer De Zon",
        "De Gaarde",
        "Utrecht",
        3,
        "organisatie",
        ["ontmoeting", "ouderen"],
        52.0700,
        5.1000,
        "openbaar",
        "",
    ),
    (
        "Taalcafé Oost",
        "Oosterpark",
        "Groningen",
        2,
        "bewoners",
        ["meedoen"],
        53.2230,
        6.5850,
        "openbaar",
        "Een ruimte op dinsdagavond",
    ),
    (
        "Speeltuinvereniging Het Klimrek",
        "Malburgen",
        "Arnhem",
        4,
        "samen",
        ["jongeren"],
        51.9700,
        5.9200,
        "professionals",
        "Opvolging van het bestuur",
    ),
    (
        "Energiecoöperatie Zuiderlicht",
        "Zuiderpark",
        "Den Haag",
        1,
        "bewoners",
        ["duurzaamheid"],
        52.0550,
        4.2850,
        "openbaar",
        "",
    ),
    (
        "Portiekgesprekken Kanaleneiland",
        "Kanaleneiland",
        "Utrecht",
        2,
        "organisatie",
        ["veiligheid", "wonen-beheer"],
        52.0750,
        5.0950,
        "organisatie",
        "Tolken voor de gesprekken",
    ),
]
CASES = [
    (
        "vraagstuk",
        "Moestuin op corporatiegrond",
        "Vier bewoners willen een moestuin op een braakliggend stuk grond van de corporatie. Er is geen geld en er zijn geen afspraken over beheer.",
        "Hoe regel je beheer en aansprakelijkheid zonder de bewoners te overvragen?",
        "Utrecht",
        "gebiedsconsulent@linie.demo",
    ),
    (
        "vraagstuk",
        "Buurtkamer zonder trekker",
        "De buurtkamer draait op twee vrijwilligers die willen stoppen. Nieuwe mensen komen wel, maar nemen geen taken over.",
        "Hoe help je een groep zonder het werk over te nemen?",
        "Arnhem",
        "",
    ),
    (
        "voorbeeld",
        "Portiekgesprekken in de flat",
        "Huismeester en opbouwwerker belden samen aan bij elke portiek en vroegen wat bewoners zelf wilden doen. Drie portieken begonnen een eigen activiteit.",
        "Begin bij de energie van bewoners, niet bij het eigen plan.",
        "Utrecht",
        "",
    ),
    (
        "voorbeeld",
        "Taalcafé in de bibliotheek",
        "Een groep bewoners startte een taalcafé. De corporatie regelde de ruimte, de gemeente een klein budget, de bewoners de rest.",
        "Kleine bedragen met lichte verantwoording maken veel mogelijk.",
        "Groningen",
        "",
    ),
]


def seed_initiatives(organisation: Organisation, event=None) -> None:
    ensure_default_themes()
    themes = {t.slug: t for t in Theme.objects.all()}
    if not Initiative.objects.filter(name=INITIATIVES[0][0]).exists():
        for (
            name,
            buurt,
            gemeente,
            phase,
            origin,
            slugs,
            lat,
            lon,
            visibility,
            support,
        ) in INITIATIVES:
            # The ACTIE demo already made "Buurtkamer De Zon": complete that one, keep its scans.
            initiative, created = Initiative.objects.update_or_create(
                name=name,
                organisation=organisation,
                defaults={
                    "neighbourhood": buurt,
                    "municipality": gemeente,
                    "phase": phase,
                    "origin": origin,
                    "latitude": lat,
                    "longitude": lon,
                    "geocode_status": Initiative.Geocode.MANUAL,
                    "visibility": visibility,
                    "support_needed": support,
                    "needs_support": bool(support),
                    "description": f"{name} in {buurt} ({gemeente}).",
                    "contact_name": "Gebiedsteam " + gemeente,
                },
            )
            initiative.themes.set([themes[s] for s in slugs])
            if created:
                PhaseChange.objects.create(initiative=initiative, phase=phase)
    if PracticeCase.objects.exists():
        return
    # The first case comes from someone who registered for the seed event: the afternoon
    # groups then show a contributor sitting with their own case.
    registrant = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .order_by("pk")
        .first()
        if event
        else None
    )
    for i, (kind, title, situation, question, gemeente, email) in enumerate(CASES):
        case = services.submit_case(
            data={
                "kind": kind,
                "title": title,
                "situation": situation,
                "question": question,
                "municipality": gemeente,
                "contributor_name": "Demo-inbrenger",
                "contributor_organisation": organisation.name,
                "contributor_email": (registrant.email if registrant and i == 0 else email)
                or f"inbrenger{i}@linie.demo",
                "may_use_in_session": True,
                "may_publish": True,
            },
            themes=[themes["ontmoeting"]],
            event=event,
        )
        services.accept_case(case=case, actor=None, event=event, for_publication=i >= 2)
        if i >= 2:
            services.publish_case(case=case, actor=None)

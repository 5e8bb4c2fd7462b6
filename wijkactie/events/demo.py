"""Demo data: the seed session 'Corporaties en bewonersinitiatieven' on the next 26 November, at
capacity with people waiting, two more sessions of the programme, and a handful of organisations.
Idempotent: an existing event is left alone."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify

from wijkactie.accounts.models import Organisation, OrganisationDomain, PartnerPeriod
from wijkactie.events import services
from wijkactie.events.models import Event, Programme, ProgrammePart, Speaker
from wijkactie.events.names import split_surname

AMS = ZoneInfo("Europe/Amsterdam")
PROGRAMME = "Werken aan leefbare wijken"
PROGRAMME_SLUG = "werken-aan-leefbare-wijken"
PROGRAMME_DESCRIPTION = (
    "Een kennisprogramma voor wijkprofessionals van woningcorporaties, gemeenten en sociale "
    "wijkteams. In online en fysieke kennissessies werken we aan leefbare wijken: met "
    "bewonersinitiatieven, met elkaar en met praktijkcasussen uit het werk.\n\n"
    "Partners van het programma nemen gratis deel met hun werkadres."
)
# The programme's organiser (programme staff, not an administrator): README names this account.
ORGANISER = "organisator@wijkactie.demo"
SEED_SLUG = "corporaties-en-bewonersinitiatieven"
CONTACT = "leefbarewijken@wijkactie.nl"

SEED_INTRO = (
    "Bewoners nemen steeds vaker zelf het initiatief en de regie in hun wijk om de leefbaarheid te "
    "verbeteren. Wijkprofessionals van corporaties, sociale wijkteams en gemeenten proberen deze "
    "initiatieven zo goed mogelijk te stimuleren en ondersteunen Maar hoe doet je dat? Welke rol en "
    "houding neem je aan ten opzichte van deze initiatieven? En hoe is dit specifiek voor "
    "corporaties? Tijdens deze online sessie bieden we handvatten en inspiratie aan de hand van het "
    "ACTIE-instrument."
)
SEED_BODY = (
    "Juist in tijden van corona schieten initiatieven van bewoners als paddenstoelen uit de grond. "
    "Door de beperkende maatregelen zitten bewoners vaker en langer thuis, zijn meer op elkaar "
    "aangewezen, en hebben soms ook meer tijd om in actie te komen. Een inventarisatie door de "
    "provincie Gelderland leverde een behoorlijke lijst van initiatieven op. Er lijkt een hernieuwd "
    "gevoel van saamhorigheid uit te spreken. Tegelijkertijd hebben andere initiatieven het onder de "
    "veranderde omstandigheden juist moeilijker, bijvoorbeeld omdat diezelfde beperkende "
    "maatregelen het elkaar ontmoeten lastiger maakt.\n\n"
    "Uit onderzoek naar bewonersinitiatieven blijkt dat de houding en ondersteuning van "
    "wijkprofessionals een belangrijke rol speelt bij het wel of niet slagen van een initiatief. Ze "
    "bieden ondersteuning waardoor bewoners zoveel mogelijk op eigen kracht verder kunnen. De "
    "ondersteuning vraagt vaak om maatwerk. Niet ieder initiatief zit op hulp te wachten. "
    "Enthousiasme en waardering spelen een belangrijke rol. Behoeften verschillen. Voor "
    "wijkprofessionals is het de uitdaging hierop flexibel in te kunnen spelen. Hoe kies je de "
    "juiste aanpak?"
)
SEED_CONTENTS = (
    "Tijdens deze bijeenkomst kijken we naar de verschillende rollen die je als wijkprofessional "
    "kunt aannemen. In het ochtendgedeelte lichten we het ACTIE-instrument toe, dat concrete "
    "handvatten biedt voor de rol en houding van organisaties en wijkprofessionals ten opzichte van "
    "bewonersinitiatieven. Ook laten we aan de hand van praktijkvoorbeelden van corporaties zien wat "
    "werkt.\n\n"
    "In het middaggedeelte gaan we in groepen uiteen om aan de hand van casussen van corporaties "
    "daadwerkelijk aan de slag te gaan met het ACTIE-instrument. Met behulp van het model breng je "
    "je rol en houding ten opzichte van bewonersinitiatieven in kaart en oefenen we met de vragen "
    "die je kunt stellen om de ondersteuning van initiatieven van bewoners goed vorm te geven."
)
SEED_PROGRAMME_INTRO = (
    "Omdat de bijeenkomst digitaal plaatsvindt, is er voor gekozen om het programma in tweeën te "
    "knippen, met tussendoor een lunchpauze op eigen gelegenheid. Het programma ziet er dan globaal "
    "als volgt uit:"
)
SEED_PROGRAMME_NOTICE = (
    "LET OP: bij aanmelding gaan we er vanuit dat wordt deelgenomen aan zowel het ochtend- als "
    "middagdeel. Het definitieve programma ontvangt u een week van tevoren."
)
SEED_LOCATION = (
    "De bijeenkomst vindt digitaal plaats via Microsoft Teams. U heeft hiervoor een laptop/pc met "
    "camera en microfoon nodig. Verder hoeft er niets geïnstalleerd/geregistreerd te worden en "
    "ontvangt u vooraf een link waarmee u deel kunt nemen aan de bijeenkomst."
)
SEED_AUDIENCE = (
    "De bijeenkomst is bedoeld voor corporatiemedewerkers die op wijk-, buurt- of complexniveau aan "
    "leefbaarheid werken: gebiedsconsulenten, sociaal beheerders, huismeesters, et cetera. Maar ook "
    "beleidsmedewerkers die geïnteresseerd zijn in dit thema, zijn van harte welkom. Per corporatie "
    "kunnen meerdere vertegenwoordigers deelnemen aan de bijeenkomst. Deelname voor partners is "
    "kosteloos, niet-partners betalen per persoon € 125,00 (excl. btw)."
)
SEED_CONTRIBUTION = (
    "De praktijk van de wijk staat centraal tijdens de bijeenkomsten van het programma 'Werken aan "
    "leefbare wijken'. Heeft u een ingewikkeld praktijkvraagstuk of een inspirerend voorbeeld uit "
    "uw wijk? Dan horen we graag van u! Voor deelname, contact en vragen:"
)
SEED_TEASER = (
    "Bewoners nemen steeds vaker zelf het initiatief om de leefbaarheid in de wijk te verbeteren. "
    "Wijkprofessionals van gemeenten, wijkteams en corporaties proberen deze initiatieven zo goed "
    "mogelijk te stimuleren en ondersteunen. Maar hoe doe je dat?"
)

SESSION, BREAK = ProgrammePart.Kind.SESSION, ProgrammePart.Kind.BREAK
# (start, end, kind, label, title, description, [(speaker, organisation, topic)])
SEED_PROGRAMME = [
    (
        "10:30",
        "12:00",
        SESSION,
        "ochtenddeel",
        "Het ACTIE-model in theorie en de praktijk",
        "",
        [("Femke Bax", "Platform31", ""), ("Ruben Bouwman", "Platform31", "een praktijkvoorbeeld")],
    ),
    ("12:00", "13:00", BREAK, "lunchpauze op eigen gelegenheid", "", "", []),
    (
        "13:00",
        "14:30",
        SESSION,
        "middagdeel",
        "Zelf aan de slag met het ACTIE-model",
        "In groepen aan de slag met casussen van corporaties.",
        [],
    ),
]
LATER_PROGRAMME = [
    ("13:00", "14:30", SESSION, "eerste deel", "Inleiding en praktijkvoorbeelden", "", []),
    ("14:30", "14:45", BREAK, "pauze", "", "", []),
    ("14:45", "16:30", SESSION, "tweede deel", "Aan de slag met casussen", "", []),
]

ORGANISATIONS = [
    ("Woonstichting De Linie", "corporatie", True),
    ("Wooncorporatie Rivierstad", "corporatie", True),
    ("Woonbedrijf Zuiderkwartier", "corporatie", True),
    ("Gemeente Oosterwolde", "gemeente", True),
    ("Sociaal Wijkteam Noord", "wijkteam", False),
    ("Stichting Wonen Veldhoven-Oost", "corporatie", False),
]
FIRST = [
    "Anouk",
    "Bram",
    "Chantal",
    "Dennis",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Ilse",
    "Joost",
    "Karim",
    "Lotte",
    "Mohamed",
    "Nina",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
    "Sander",
    "Tessa",
]
LAST = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Yılmaz",
    "Visser",
    "van der Meer",
    "Smit",
    "El Amrani",
    "de Boer",
    "Mulder",
    "Bos",
]
ROLES = ["gebiedsconsulent", "sociaal_beheerder", "huismeester", "beleidsmedewerker", "wijkteam"]


PRIVATE_EMAIL = "sem.jansen@gmail.com"


def demo_domain(organisation: Organisation) -> str:
    return slugify(organisation.name.split()[-1]) + ".example"


def next_26_november(today: date) -> date:
    this_year = date(today.year, 11, 26)
    return this_year if this_year >= today else date(today.year + 1, 11, 26)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMS)


def seed_events() -> tuple[list[Organisation], Event | None]:
    """Organisations, the staff user, the sessions and their registrations; returns the demo
    organisations and the seed session (for the other apps' demo data)."""
    return _EventsDemo().load()


class _EventsDemo:
    def load(self) -> tuple[list[Organisation], Event | None]:
        today = timezone.localdate()
        organisations = self._organisations(today)
        self._staff_user()
        seed_day = next_26_november(today)
        seed = self._seed_event(seed_day)
        if seed is not None:
            fill(seed, organisations, people=seed.capacity + 3)  # full, three waiting
        self._other_events(seed_day, organisations)
        self._partnership_to_check(organisations[1])
        return organisations, Event.objects.filter(slug=SEED_SLUG).first()

    def _organisations(self, today: date) -> list[Organisation]:
        result = []
        for name, kind, partner in ORGANISATIONS:
            organisation, created = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind}
            )
            if created and partner:
                PartnerPeriod.objects.create(
                    organisation=organisation,
                    starts_on=date(today.year - 1, 1, 1),
                    ends_on=date(today.year + 2, 12, 31),
                    note="Convenant demo",
                )
            if created:
                # Work addresses at these domains prove membership (and partner price).
                OrganisationDomain.objects.create(
                    organisation=organisation, domain=demo_domain(organisation)
                )
            result.append(organisation)
        return result

    def _staff_user(self) -> None:
        User = get_user_model()
        if not User.objects.filter(username="beheer").exists():
            User.objects.create_superuser("beheer", "beheer@wijkactie.nl", "wijkactie-demo")
        self.programme, _created = Programme.objects.get_or_create(
            slug=PROGRAMME_SLUG,
            defaults={
                "name": PROGRAMME,
                "description": PROGRAMME_DESCRIPTION,
                "contact_name": "Programmateam Werken aan leefbare wijken",
                "contact_email": CONTACT,
                "price_excl_vat": Decimal("125.00"),
                "free_cancellation_days": 7,
            },
        )
        organiser = User.objects.filter(username=ORGANISER).first()
        if organiser is None:
            organiser = User.objects.create_user(
                ORGANISER, ORGANISER, "wijkactie-demo", is_staff=True, first_name="Noor"
            )
        self.programme.organisers.add(organiser)

    def _seed_event(self, day: date) -> Event | None:
        if Event.objects.filter(slug=SEED_SLUG).exists():
            return None
        event = Event.objects.create(
            slug=SEED_SLUG,
            title="Corporaties en bewonersinitiatieven",
            programme=self.programme,
            is_published=True,
            teaser=SEED_TEASER,
            teaser_cta=_call_to_talk(day),
            introduction=SEED_INTRO,
            body=SEED_BODY,
            contents=SEED_CONTENTS,
            programme_intro=SEED_PROGRAMME_INTRO,
            programme_notice=SEED_PROGRAMME_NOTICE,
            starts_at=at(day, 10, 30),
            ends_at=at(day, 14, 30),
            location_kind=Event.LocationKind.ONLINE,
            online_platform="Microsoft Teams",
            location_text=SEED_LOCATION,
            join_url="https://teams.microsoft.com/l/meetup-join/demo-corporaties-bewonersinitiatieven",
            audience=SEED_AUDIENCE,
            price_excl_vat=Decimal("125.00"),
            contribution_text=SEED_CONTRIBUTION,
            contact_name="Programmateam Werken aan leefbare wijken",
            contact_email=CONTACT,
            capacity=40,
            offer_hours=48,
            registration_closes_at=at(day, 9, 0),
        )
        add_programme(event, SEED_PROGRAMME)
        return event

    def _partnership_to_check(self, partner: Organisation) -> None:
        """A partner's name typed with a private address: pays, until staff confirm it."""
        event = Event.objects.filter(slug="sociaal-beheer-in-kwetsbare-complexen").first()
        if event is None or event.registrations.filter(email=PRIVATE_EMAIL).exists():
            return
        services.register_for_event(
            event_id=event.pk,
            organisation_name=partner.name,
            people=[
                services.Person(
                    first_name="Sem",
                    name_prefix="",
                    last_name="Jansen",
                    email=PRIVATE_EMAIL,
                    role="huismeester",
                )
            ],
            attends_all_parts=True,
            accepted_terms=True,
            billing_address="Postbus 200, 1000 AA Voorbeeldstad",
        )

    def _other_events(self, seed_day: date, organisations) -> None:
        later = [
            dict(
                slug="sociaal-beheer-in-kwetsbare-complexen",
                title="Sociaal beheer in kwetsbare complexen",
                day=seed_day + timedelta(days=56),
                location_kind=Event.LocationKind.PHYSICAL,
                venue_name="Stadskantoor, zaal De Brug",
                street_address="Stadsplateau 1",
                postcode="3521 AZ",
                city="Utrecht",
                latitude=Decimal("52.088419"),
                longitude=Decimal("5.108722"),
                capacity=60,
                intro="Hoe houd je een complex leefbaar als de problemen zich opstapelen? We "
                "bespreken samenwerking tussen huismeesters, sociaal beheerders en het wijkteam.",
            ),
            dict(
                slug="samenwerken-met-het-sociaal-wijkteam",
                title="Samenwerken met het sociaal wijkteam",
                day=seed_day + timedelta(days=112),
                location_kind=Event.LocationKind.ONLINE,
                capacity=80,
                intro="Corporaties en sociale wijkteams zien vaak dezelfde bewoners. Hoe maak je "
                "goede afspraken over signaleren, doorverwijzen en samen optrekken?",
            ),
        ]
        for spec in later:
            if Event.objects.filter(slug=spec["slug"]).exists():
                continue
            day = spec.pop("day")
            intro = spec.pop("intro")
            event = Event.objects.create(
                **spec,
                programme=self.programme,
                is_published=True,
                teaser=intro,
                teaser_cta=_call_to_talk(day),
                introduction=intro,
                starts_at=at(day, 13, 0),
                ends_at=at(day, 16, 30),
                online_platform="Microsoft Teams" if spec["location_kind"] == "online" else "",
                location_text=SEED_LOCATION if spec["location_kind"] == "online" else "",
                audience=SEED_AUDIENCE,
                price_excl_vat=Decimal("125.00"),
                contribution_text=SEED_CONTRIBUTION,
                contact_email=CONTACT,
            )
            add_programme(event, LATER_PROGRAMME)
            fill(event, organisations, people=5)


def fill(event: Event, organisations, *, people: int, confirm_all: bool = False) -> None:
    """Register `people` demo colleagues through the capacity service, in order (every other
    one confirms at once, or all with `confirm_all`)."""
    for i in range(people):
        organisation = organisations[i % len(organisations)]
        first = FIRST[i % len(FIRST)]
        prefix, surname = split_surname(LAST[(i * 7) % len(LAST)])
        domain = demo_domain(organisation)
        services.register_for_event(
            event_id=event.pk,
            organisation_name=organisation.name,
            people=[
                services.Person(
                    first_name=first,
                    name_prefix=prefix,
                    last_name=surname,
                    email=f"{slugify(first)}.{slugify(surname)}{i}@{domain}",
                    role=ROLES[i % len(ROLES)],
                )
            ],
            attends_all_parts=True,
            accepted_terms=True,
            billing_address="Postbus 100, 1000 AA Voorbeeldstad",
            auto_confirm=confirm_all or i % 2 == 0,
        )


def add_programme(event: Event, parts) -> None:
    for position, (start, end, kind, label, title, description, speakers) in enumerate(parts, 1):
        part = ProgrammePart.objects.create(
            event=event,
            position=position,
            starts_at=time.fromisoformat(start),
            ends_at=time.fromisoformat(end),
            kind=kind,
            label=label,
            title=title,
            description=description,
        )
        for order, (name, organisation, topic) in enumerate(speakers, 1):
            Speaker.objects.create(
                part=part, position=order, name=name, organisation=organisation, topic=topic
            )


def _call_to_talk(day: date) -> str:
    with translation.override("nl"):
        return f"Praat mee op {date_format(day, 'j F')}!"

"""Reads of the register and the knowledge page that more than one view needs."""

import difflib
import re
import unicodedata

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from wijkactie.initiatives.models import Initiative, PracticeCase


def visible_initiatives(user) -> QuerySet[Initiative]:
    """Public ones for everybody; for professionals also those shared with all professionals and,
    once their membership is confirmed, all of their own organisation (and what they made
    themselves); staff see everything."""
    qs = Initiative.objects.all()
    if user.is_authenticated and user.is_staff:
        return qs
    professional = getattr(user, "professional", None) if user.is_authenticated else None
    if professional is None:
        return qs.filter(visibility=Initiative.Visibility.PUBLIC)
    return qs.filter(
        Q(visibility__in=[Initiative.Visibility.PUBLIC, Initiative.Visibility.PROFESSIONALS])
        | Q(organisation_id=professional.member_organisation_id)
        | Q(created_by=user)
    )


def editable_initiatives(user) -> QuerySet[Initiative]:
    """What a professional may change: their confirmed organisation's initiatives, and those
    they made themselves while their membership waits for confirmation."""
    professional = getattr(user, "professional", None) if user.is_authenticated else None
    if professional is None:
        return Initiative.objects.none()
    return Initiative.objects.filter(
        Q(organisation_id=professional.member_organisation_id) | Q(created_by=user)
    )


def filter_initiatives(qs: QuerySet[Initiative], params: dict) -> QuerySet[Initiative]:
    """The list's and the map's filters, from validated form data."""
    if params.get("q"):
        qs = qs.filter(Q(name__icontains=params["q"]) | Q(description__icontains=params["q"]))
    if params.get("municipality"):
        qs = qs.filter(municipality__iexact=params["municipality"])
    if params.get("neighbourhood"):
        qs = qs.filter(
            Q(neighbourhood__icontains=params["neighbourhood"])
            | Q(neighbourhood_code__iexact=params["neighbourhood"])
        )
    if params.get("theme"):
        qs = qs.filter(themes=params["theme"])
    if params.get("phase"):
        qs = qs.filter(phase=params["phase"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("needs_support"):
        qs = qs.filter(needs_support=True)
    return qs


def published_cases(params: dict) -> QuerySet[PracticeCase]:
    qs = PracticeCase.objects.filter(status=PracticeCase.Status.PUBLISHED)
    if params.get("q"):
        qs = qs.filter(
            Q(title__icontains=params["q"])
            | Q(situation__icontains=params["q"])
            | Q(question__icontains=params["q"])
        )
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("theme"):
        qs = qs.filter(themes=params["theme"])
    if params.get("municipality"):
        qs = qs.filter(municipality__iexact=params["municipality"])
    return qs.order_by("-published_at", "-pk")


# Names that stand for "I don't know which initiative": never an entry in the register.
PLACEHOLDER_NAMES = frozenset(
    {
        "onbekend",
        "onbekend initiatief",
        "weet niet",
        "weet ik niet",
        "nvt",
        "n v t",
        "geen",
        "initiatief",
        "test",
        "x",
        "nieuw",
        "nieuw initiatief",
        "naamloos",
    }
)


def normalised_name(name: str) -> str:
    """'Repair Café  De Schroef!' → 'repair cafe de schroef': case, accents, punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def is_placeholder_name(name: str) -> bool:
    return normalised_name(name) in PLACEHOLDER_NAMES or not normalised_name(name)


def name_problem(name: str) -> str:
    """A Dutch message when a name stands for "I don't know which initiative"; else ''. The one
    rule for the register form, the new-scan form and imports."""
    if is_placeholder_name(name):
        return str(
            _(
                "Geef het initiatief een naam die collega's herkennen, bijvoorbeeld 'Moestuin "
                "Lunetten'. Weet je de naam niet? Vraag het eerst na."
            )
        )
    return ""


def in_register(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Leave out rows named like a placeholder (made by scans before names were checked):
    the same names `is_placeholder_name` knows, whatever the punctuation between the words."""
    names = [r"\W+".join(map(re.escape, n.split())) for n in sorted(PLACEHOLDER_NAMES)]
    return qs.exclude(name__iregex=r"^\W*(" + "|".join(names) + r")\W*$")


def similar_initiatives(qs: QuerySet[Initiative], name: str, *, limit: int = 5) -> list[Initiative]:
    """Initiatives in `qs` whose name is the same or nearly the same as `name`, closest first:
    case, accents and punctuation do not count; a typo or a word more or less still matches."""
    wanted = normalised_name(name)
    if not wanted:
        return []
    scored = []
    for pk, other in qs.values_list("pk", "name").iterator():
        candidate = normalised_name(other)
        ratio = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        contained = min(len(wanted), len(candidate)) >= 6 and (
            wanted in candidate or candidate in wanted
        )
        if ratio >= 0.85 or contained:
            scored.append((-ratio, pk))
    ids = [pk for _ratio, pk in sorted(scored)[:limit]]
    found = {i.pk: i for i in qs.filter(pk__in=ids)}
    return [found[pk] for pk in ids]


def duplicate_groups(qs: QuerySet[Initiative]) -> list[list[Initiative]]:
    """Initiatives whose names are the same but for case, accents and punctuation, oldest first."""
    ids: dict[str, list[int]] = {}
    for pk, name in qs.order_by("created_at", "pk").values_list("pk", "name").iterator():
        ids.setdefault(normalised_name(name), []).append(pk)
    groups = [group for group in ids.values() if len(group) > 1]
    found = qs.select_related("organisation").in_bulk([pk for group in groups for pk in group])
    return [[found[pk] for pk in group] for group in groups]

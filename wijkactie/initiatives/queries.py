"""Reads of the register and the knowledge page that more than one view needs."""

from django.db.models import Q, QuerySet

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

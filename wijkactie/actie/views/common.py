"""Pieces shared by the scan, group and quick-scan views."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from wijkactie.actie.content import Content, registry
from wijkactie.actie.engine import Result, ScanInput, evaluate
from wijkactie.actie.presentation import area_sections, profile_chart


@dataclass(frozen=True)
class Step:
    key: str
    kind: str  # "intuition", "area", "review"
    label: str
    url: str
    number: int
    total: int


def _steps(content: Content, *, with_intuition: bool, url) -> list[Step]:
    keys = [("start", "intuition", _("Eerste neiging"))] if with_intuition else []
    keys += [(a.id, "area", a.name) for a in content.areas]
    keys += [("overzicht", "review", _("Overzicht"))]
    return [
        Step(key, kind, label, url(key, kind), i + 1, len(keys))
        for i, (key, kind, label) in enumerate(keys)
    ]


def steps_for(scan) -> list[Step]:
    def url(key, kind):
        if kind == "intuition":
            return reverse("actie:intuition", args=[scan.public_id])
        if kind == "review":
            return reverse("actie:review", args=[scan.public_id])
        return reverse("actie:area", args=[scan.public_id, key])

    content = registry().get(scan.content_version)
    return _steps(content, with_intuition=scan.level == "professional", url=url)


def participant_steps(session) -> list[Step]:
    def url(key, kind):
        if kind == "review":
            return reverse("actie:participant_done", args=[session.code])
        return reverse("actie:participant_area", args=[session.code, key])

    content = registry().get(session.content_version)
    return _steps(content, with_intuition=False, url=url)


def result_parts(
    content: Content,
    scan_input: ScanInput,
    *,
    notes: dict | None = None,
    only_area: str | None = None,
    result: Result | None = None,
) -> dict:
    """What the result partial needs, for any source of answers."""
    level = content.levels[scan_input.level]
    result = result or evaluate(content, scan_input)
    return {
        "content": content,
        "level": level,
        "result": result,
        "sections": area_sections(
            content, level, result, dict(scan_input.answers), notes, only_area
        ),
        "chart": profile_chart(content, result),
        "only_area": only_area,
        "phase": content.phase(scan_input.phase) if scan_input.phase else None,
        "origin_label": content.origins.get(scan_input.origin or "", ""),
        "intuition_label": content.approach_label(scan_input.intuitive_approach)
        if scan_input.intuitive_approach
        else "",
    }


def result_context(scan, *, show_notes: bool, only_area: str | None = None) -> dict:
    content = registry().get(scan.content_version)
    return result_parts(
        content,
        scan.scan_input(),
        notes=scan.notes if show_notes else None,
        only_area=only_area,
    )

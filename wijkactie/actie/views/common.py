"""Pieces shared by the scan, group and quick-scan views."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from wijkactie.actie import services
from wijkactie.actie.content import Content, Level, registry
from wijkactie.actie.engine import Result, ScanInput, evaluate
from wijkactie.actie.forms import AnswersForm
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


def answer_page(request, *, content: Content, level: Level, area_id: str, target, steps, context):
    """One area's questions. GET shows them; POST saves (htmx: a status line) and moves on.

    `target` is a Scan (with private notes) or a group Participant (answers only).
    """
    if area_id not in [a.id for a in content.areas]:
        raise Http404
    with_notes = hasattr(target, "notes")
    form = AnswersForm(
        request.POST or None,
        content=content,
        level=level,
        area_ids=[area_id],
        answers=target.answers,
        notes=target.notes if with_notes else None,
        with_notes=with_notes,
    )
    index = next(i for i, s in enumerate(steps) if s.key == area_id)
    if request.method == "POST":
        if form.is_valid():
            services.save_answers(
                target=target, answers=form.answers(), notes=form.notes() if with_notes else None
            )
            if request.htmx:
                now = time_format(timezone.localtime(), "H:i")
                return HttpResponse(_("Opgeslagen om %(time)s") % {"time": now})
            return redirect(steps[index - 1 if "terug" in request.POST else index + 1].url)
        if request.htmx:
            return HttpResponse(_("Niet opgeslagen: controleer je invoer."), status=400)
    return render(
        request,
        "actie/area.html",
        {
            **context,
            "form": form,
            "area": content.area(area_id),
            "steps": steps,
            "step": steps[index],
            "previous": steps[index - 1] if index > 0 else None,
            "save_url": request.path,
            "with_notes": with_notes,
        },
        status=400 if form.errors else 200,
    )


def open_questions(level: Level, steps: list[Step], answers: dict) -> dict:
    """The unanswered questions per area step, for a review page."""
    per_step = [
        (step, [q for q in level.questions_in(step.key) if q.id not in answers])
        for step in steps
        if step.kind == "area"
    ]
    return {
        "open_questions": [(s, qs) for s, qs in per_step if qs],
        "unanswered": sum(len(qs) for _, qs in per_step),
    }

"""Turning an engine result into what a page shows: rows of answers, a profile chart, a diff.

Pure functions over content and results; templates only lay them out.
"""

from dataclasses import dataclass

from wijkactie.actie.content import Content, Level, Question
from wijkactie.actie.engine import AreaResult, Result


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    answer: str  # the label shown
    answered: bool
    unknown: bool
    note: str


@dataclass(frozen=True)
class AreaSection:
    area: AreaResult
    definition: str
    rows: tuple[AnswerRow, ...]


def answer_label(content: Content, question: Question, answers: dict) -> tuple[str, bool, bool]:
    """(label, answered, unknown) for one question."""
    if question.id not in answers:
        return "", False, False
    value = answers[question.id]
    if value is None:
        return content.unknown_label, True, True
    if question.is_choice:
        return question.choice_label(value), True, False
    label = next((s.label for s in content.scale if s.value == str(value)), str(value))
    return label, True, False


def area_sections(
    content: Content,
    level: Level,
    result: Result,
    answers: dict,
    notes: dict | None = None,
    only_area: str | None = None,
) -> list[AreaSection]:
    notes = notes or {}
    sections = []
    for area in result.areas:
        if only_area and area.id != only_area:
            continue
        rows = []
        for question in level.questions_in(area.id):
            label, answered, unknown = answer_label(content, question, answers)
            rows.append(AnswerRow(question, label, answered, unknown, notes.get(question.id, "")))
        sections.append(AreaSection(area, content.area(area.id).definition, tuple(rows)))
    return sections


BAND_LEVELS = {"aandacht": 1, "let_op": 2, "op_orde": 3}


@dataclass(frozen=True)
class ChartBar:
    area: str
    band: str
    band_label: str
    y: int
    width: int
    label_y: int


@dataclass(frozen=True)
class ProfileChart:
    bars: tuple[ChartBar, ...]
    height: int
    width: int
    bar_x: int
    full: int
    ticks: tuple[tuple[int, str], ...]
    description: str


def profile_chart(content: Content, result: Result) -> ProfileChart:
    """Horizontal bars, one per area, as long as the band (never a decimal score)."""
    bar_x, full, row = 120, 360, 44
    bars = []
    for i, area in enumerate(result.areas):
        level = BAND_LEVELS.get(area.band, 0)
        bars.append(
            ChartBar(
                area=area.name,
                band=area.band,
                band_label=area.band_label,
                y=16 + i * row,
                width=round(full * level / 3),
                label_y=16 + i * row + 19,
            )
        )
    ticks = tuple(
        (bar_x + round(full * (i + 1) / 3), band.label) for i, band in enumerate(content.bands)
    )
    description = "; ".join(f"{a.name}: {a.band_label}" for a in result.areas) + "."
    return ProfileChart(
        bars=tuple(bars),
        height=16 + len(bars) * row + 28,
        width=bar_x + full + 20,
        bar_x=bar_x,
        full=full,
        ticks=ticks,
        description=description,
    )


@dataclass(frozen=True)
class AreaChange:
    name: str
    before: str
    after: str
    direction: str  # "beter", "slechter", "gelijk", "onbekend"


@dataclass(frozen=True)
class Comparison:
    areas: tuple[AreaChange, ...]
    resolved: tuple[str, ...]
    new: tuple[str, ...]
    approach_before: str
    approach_after: str

    @property
    def approach_changed(self) -> bool:
        return self.approach_before != self.approach_after


def compare(before: Result, after: Result) -> Comparison:
    """What changed between two scans: areas that moved, points resolved or new, the approach."""
    changes = []
    for old, new in zip(before.areas, after.areas, strict=True):
        a, b = BAND_LEVELS.get(old.band), BAND_LEVELS.get(new.band)
        if a is None or b is None:
            direction = "gelijk" if old.band == new.band else "onbekend"
        else:
            direction = "beter" if b > a else "slechter" if b < a else "gelijk"
        changes.append(AreaChange(new.name, old.band_label, new.band_label, direction))
    before_points = {p.id: p.title for p in before.points}
    after_points = {p.id: p.title for p in after.points}
    return Comparison(
        areas=tuple(changes),
        resolved=tuple(t for i, t in before_points.items() if i not in after_points),
        new=tuple(t for i, t in after_points.items() if i not in before_points),
        approach_before=before.suggestion.label if before.suggestion else "",
        approach_after=after.suggestion.label if after.suggestion else "",
    )

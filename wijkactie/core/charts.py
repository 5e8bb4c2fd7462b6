"""Bar charts as plain SVG drawn by a template (`_bar_chart.html`): no script, so the strict
Content Security Policy holds; every chart comes with a text summary and its data table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    title: str
    summary: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    baseline: float


def bar_chart(title: str, summary: str, points, *, width: int = 640, height: int = 160) -> BarChart:
    """`points`: (label, value) pairs in order. Bars scale to the largest value."""
    points = list(points)
    top = max((value for _label, value in points), default=0) or 1
    plot = height - 24  # room for the labels below
    slot = width / max(len(points), 1)
    bars = tuple(
        Bar(
            label=label,
            value=value,
            x=round(i * slot + slot * 0.15, 1),
            y=round(plot - plot * value / top, 1),
            width=round(slot * 0.7, 1),
            height=round(plot * value / top, 1),
        )
        for i, (label, value) in enumerate(points)
    )
    return BarChart(title, summary, bars, width, height, plot)

"""How two actors treat each other over time: their PLOVER events by period, quad class, score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from newsloom.errors import NewsloomError
from newsloom.model import Event

PERIODS = ("month", "week")
QUAD_CLASSES = (
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
# Statuses that count towards a relation: what happened and what was announced as planned
# (a scheduled visit is already a signal); a condition, a denial or a negation is not.
RELATION_STATUSES = frozenset({"happened", "planned"})
# Chart colours per quad class: greens for cooperation, reds for conflict, lighter for words.
QUAD_COLOURS = {
    "verbal cooperation": "#8fd18b",
    "material cooperation": "#2e8b57",
    "verbal conflict": "#f4a582",
    "material conflict": "#b2182b",
}
# Chart size in inches, and the dots per inch of a PNG: readable on a screen and in a report.
CHART_SIZE = (10.0, 5.0)
CHART_DPI = 120
# Each period's two bars (a→b, b→a) share this much of the slot between ticks.
BAR_GROUP_WIDTH = 0.8
# The chart formats written, chosen by the file's suffix.
CHART_FORMATS = ("png", "svg", "pdf")
# The event axis of a chart with no events: 0 to 1, not matplotlib's default around zero.
EMPTY_AXIS_TOP = 1


@dataclass(frozen=True)
class RelationEvent:
    """One event behind a point of the series, traceable to its article and sentence."""

    article_id: int | str  # the store's article id (an int), as every other record gives it
    type: str
    date: str | None
    status: str
    evidence: str
    score: float
    quad_class: str
    date_basis: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The event as a JSON-ready dict."""
        return {
            "article_id": self.article_id,
            "type": self.type,
            "date": self.date,
            "date_basis": self.date_basis,
            "status": self.status,
            "evidence": self.evidence,
            "score": self.score,
            "quad_class": self.quad_class,
        }


@dataclass(frozen=True)
class RelationPoint:
    """One direction in one period: counts by quad class, the mean score, the events."""

    period: str
    source: str
    target: str
    counts: dict[str, int]
    mean_score: float
    events: tuple[RelationEvent, ...]

    def as_dict(self) -> dict[str, Any]:
        """The point as a JSON-ready dict."""
        return {
            "period": self.period,
            "source": self.source,
            "target": self.target,
            "counts": dict(self.counts),
            "total": sum(self.counts.values()),
            "mean_score": round(self.mean_score, 2),
            "events": [e.as_dict() for e in self.events],
        }


@dataclass(frozen=True)
class RelationSeries:
    """The events between actors a and b, both directions, period by period."""

    a: str
    b: str
    by: str
    since: str | None
    until: str | None
    points: tuple[RelationPoint, ...]
    undated: tuple[RelationEvent, ...] = field(default_factory=tuple)

    @property
    def periods(self) -> list[str]:
        """The periods with at least one event, in order."""
        return sorted({p.period for p in self.points})

    def point(self, period: str, source: str) -> RelationPoint | None:
        """The point for one period and direction, or None when nothing happened."""
        return next((p for p in self.points if p.period == period and p.source == source), None)

    def left_out(self) -> str | None:
        """A sentence saying how many events the periods leave out for want of a date; or None."""
        n = len(self.undated)
        if not n:
            return None
        events, verb = ("event", "has") if n == 1 else ("events", "have")
        return (
            f"{n} {events} between {self.a} and {self.b} {verb} no date precise enough for a "
            f"{self.by} and {'is' if n == 1 else 'are'} left out"
        )

    def as_dict(self) -> dict[str, Any]:
        """The series as a JSON-ready dict."""
        return {
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "since": self.since,
            "until": self.until,
            "periods": self.periods,
            "points": [p.as_dict() for p in self.points],
            "undated": [e.as_dict() for e in self.undated],
        }


def relation_series(
    events: Iterable[tuple[Event, int | str]],
    a: str,
    b: str,
    by: str = "month",
    since: str | None = None,
    until: str | None = None,
) -> RelationSeries:
    """The series of events between ISO-3 actors a and b (both ways), by month or ISO week."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, not {by!r}")
    a, b = a.upper(), b.upper()
    low = period_of(since, by) if since else None
    high = period_of(until, by) if until else None
    grouped: dict[tuple[str, str], list[RelationEvent]] = {}
    undated: list[RelationEvent] = []
    for event, article_id in events:
        direction = _direction(event, a, b)
        if direction is None or event.status not in RELATION_STATUSES:
            continue
        record = RelationEvent(
            article_id,
            event.type,
            event.date,
            event.status,
            event.text,
            event.score,
            event.quad_class,
            event.date_basis,
        )
        period = period_of(event.date, by) if event.date else None
        if period is None:
            undated.append(record)
            continue
        if (low is not None and period < low) or (high is not None and period > high):
            continue
        grouped.setdefault((period, direction), []).append(record)
    points = []
    for (period, source), records in sorted(grouped.items()):
        counts = {quad: sum(r.quad_class == quad for r in records) for quad in QUAD_CLASSES}
        mean = sum(r.score for r in records) / len(records)
        target = b if source == a else a
        points.append(RelationPoint(period, source, target, counts, mean, tuple(records)))
    return RelationSeries(a, b, by, since, until, tuple(points), tuple(undated))


def _direction(event: Event, a: str, b: str) -> str | None:
    """The source code when the event runs between a and b, else None."""
    source = event.source.code if event.source else None
    target = event.target.code if event.target else None
    if (source, target) in ((a, b), (b, a)):
        return source
    return None


def period_of(value: str | None, by: str) -> str | None:
    """The month (YYYY-MM) or ISO week (YYYY-Www) of a TIMEX3 date; None when too coarse."""
    if not value:
        return None
    if len(value) >= 8 and value[5] == "W":  # 2024-W17
        if by == "week":
            return value[:8]
        try:
            thursday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 4)
        except ValueError:
            return None
        return thursday.strftime("%Y-%m")
    if by == "month":
        return value[:7] if len(value) >= 7 and value[4] == "-" else None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None  # a month or a year cannot be placed in a week
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def timeline(periods: list[str], by: str) -> list[str]:
    """Every period from the first to the last given, so gaps show as gaps on the chart."""
    if len(periods) < 2:
        return list(periods)
    first, last = min(periods), max(periods)
    out = []
    if by == "month":
        year, month = int(first[:4]), int(first[5:7])
        while f"{year:04d}-{month:02d}" <= last:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    day = date.fromisocalendar(int(first[:4]), int(first[6:8]), 1)
    while True:
        year, week, _ = day.isocalendar()
        key = f"{year}-W{week:02d}"
        if key > last:
            return out
        out.append(key)
        day = date.fromordinal(day.toordinal() + 7)


def chart_format(path: Path) -> str:
    """The chart format a file's suffix asks for (png, svg or pdf); another suffix is an error."""
    fmt = Path(path).suffix.lstrip(".").lower()
    if fmt not in CHART_FORMATS:
        raise NewsloomError(
            f"cannot write a chart to {path}: give a file ending in "
            + ", ".join(f".{f}" for f in CHART_FORMATS)
        )
    return fmt


def _label(text: str) -> str:
    """Text for the chart, drawn as written: a "$" would otherwise start matplotlib mathtext."""
    return text.replace("$", r"\$")


def chart_bytes(series: RelationSeries, fmt: str) -> bytes:
    """The series drawn as a chart in one of CHART_FORMATS: stacked quad-class bars per period
    for each direction, each direction's mean score as a line, and a note of what is left out."""
    # matplotlib is an optional extra: only the chart needs it.
    # Figure draws through its own Agg canvas: no pyplot, and no process-wide backend switched.
    try:
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch
        from matplotlib.ticker import MaxNLocator
    except ImportError as exc:
        raise NewsloomError("charts need matplotlib: pip install 'newsloom[plot]'") from exc
    if fmt not in CHART_FORMATS:
        raise NewsloomError(f"unknown chart format {fmt!r}: use {', '.join(CHART_FORMATS)}")

    a, b = _label(series.a), _label(series.b)
    periods = timeline(series.periods, series.by)
    fig = Figure(figsize=CHART_SIZE)
    ax = fig.add_subplot(1, 1, 1)
    scores = ax.twinx()
    width = BAR_GROUP_WIDTH / 2
    directions = ((series.a, -width / 2, ""), (series.b, width / 2, "//"))
    for source, offset, hatch in directions:
        xs = [i + offset for i in range(len(periods))]
        bottoms = [0] * len(periods)
        for quad in QUAD_CLASSES:
            heights = [(pt.counts[quad] if (pt := series.point(p, source)) else 0) for p in periods]
            ax.bar(
                xs,
                heights,
                width,
                bottom=bottoms,
                color=QUAD_COLOURS[quad],
                hatch=hatch,
                edgecolor="white" if not hatch else "#444444",
                linewidth=0.5,
            )
            bottoms = [x + h for x, h in zip(bottoms, heights, strict=True)]
        line = [
            (i + offset, pt.mean_score)
            for i, p in enumerate(periods)
            if (pt := series.point(p, source))
        ]
        if line:
            other = series.b if source == series.a else series.a
            scores.plot(
                [x for x, _ in line],
                [y for _, y in line],
                marker="o",
                linestyle="-" if not hatch else "--",
                color="#222222",
                label=_label(f"mean score {source}→{other}"),
            )
    ax.set_xticks(range(len(periods)))
    ax.set_xticklabels(periods, rotation=45, ha="right")
    ax.set_ylabel("events")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    scores.set_ylabel("mean score (−10 conflict … +10 cooperation)")
    scores.set_ylim(-10.5, 10.5)
    scores.axhline(0, color="#999999", linewidth=0.5)
    handles = [Patch(color=QUAD_COLOURS[q], label=q) for q in QUAD_CLASSES]
    handles += [
        Patch(facecolor="white", edgecolor="#444444", label=f"{a}→{b}"),
        Patch(facecolor="white", edgecolor="#444444", hatch="//", label=f"{b}→{a}"),
    ]
    line_handles, _ = scores.get_legend_handles_labels()
    ax.legend(handles=handles + line_handles, loc="upper left", fontsize="small", framealpha=0.8)
    ax.set_title(f"{a} ↔ {b} by {series.by}")
    if not periods:
        # No bars: matplotlib would centre the axis on zero (down to -0.045); keep it 0 to 1.
        ax.set_ylim(0, EMPTY_AXIS_TOP)
        ax.text(
            0.5, 0.6, f"no dated events between {a} and {b}", transform=ax.transAxes, ha="center"
        )
    note = series.left_out()
    if note:
        fig.text(0.01, 0.01, _label(note), fontsize="small")
    fig.tight_layout()
    out = BytesIO()
    fig.savefig(out, dpi=CHART_DPI, format=fmt)
    return out.getvalue()


def plot_relations(series: RelationSeries, path: Path) -> Path:
    """Write the series as a chart, in the format its suffix names (png, svg or pdf)."""
    path = Path(path)
    data = chart_bytes(series, chart_format(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

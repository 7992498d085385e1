"""Geometry for the server-drawn SVG bar charts on the baseline page. Templates draw the shapes;
the same numbers are always in a table beside the chart, so the chart never carries meaning
the table does not."""

from __future__ import annotations

from dataclasses import dataclass

from journey.quality.baseline import Share

WIDTH = 960
PLOT_TOP = 20
PLOT_HEIGHT = 200
LEFT = 50
RIGHT = 10
AXIS_TICKS = (0, 25, 50, 75, 100)
ROW_HEIGHT = 30
LABEL_WIDTH = 320


@dataclass
class Bar:
    share: Share
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    target_y: float | None = None
    target_x2: float | None = None
    short_label: str = ""
    slot_x: float = 0
    tick_y1: float = 0
    tick_y2: float = 0

    @property
    def text(self) -> str:
        return "no audits" if self.share.percent is None else f"{self.share.percent}%"

    @property
    def description(self) -> str:
        share = self.share
        if share.percent is None:
            return f"{share.label}: no audits"
        target = f"; target {share.target}%" if share.target is not None else ""
        return (
            f"{share.label}: {share.percent}% good or better "
            f"({share.good} of {share.audits} audits){target}"
        )


@dataclass
class Chart:
    bars: list[Bar]
    width: int
    height: int
    ticks: list[tuple[int, float]]
    summary: str
    label_right: int = LABEL_WIDTH - 10


def _y(percent: float) -> float:
    return PLOT_TOP + PLOT_HEIGHT * (1 - percent / 100)


def summary(shares: list[Share], what: str) -> str:
    measured = [s for s in shares if s.percent is not None]
    if not measured:
        return f"No audits were completed in the period, so there is no share {what} to show."
    high = max(measured, key=lambda s: s.percent)
    low = min(measured, key=lambda s: s.percent)
    parts = [f"Share of audits graded good or better {what}."]
    parts.append(f"Highest: {high.label}, {high.percent}%. Lowest: {low.label}, {low.percent}%.")
    met = [s for s in measured if s.meets_target]
    if any(s.target is not None for s in measured):
        parts.append(f"{len(met)} of {len(measured)} met the target.")
    return " ".join(parts)


def month_chart(shares: list[Share]) -> Chart:
    """Vertical bars, one a month, with the target in force marked across each month."""
    slot = (WIDTH - LEFT - RIGHT) / max(len(shares), 1)
    bars = []
    for i, share in enumerate(shares):
        x = LEFT + i * slot + slot * 0.15
        width = slot * 0.7
        percent = share.percent or 0
        y = _y(percent)
        bars.append(
            Bar(
                share=share,
                x=round(x, 1),
                y=round(y, 1),
                width=round(width, 1),
                height=round(PLOT_TOP + PLOT_HEIGHT - y, 1),
                label_x=round(x + width / 2, 1),
                label_y=round(y - 6, 1),
                target_y=round(_y(share.target), 1) if share.target is not None else None,
                target_x2=round(LEFT + (i + 1) * slot, 1),
                short_label=f"{share.key:%b %y}",
                slot_x=round(LEFT + i * slot, 1),
            )
        )
    return Chart(
        bars=bars,
        width=WIDTH,
        height=PLOT_TOP + PLOT_HEIGHT + 50,
        ticks=[(t, round(_y(t), 1)) for t in AXIS_TICKS],
        summary=summary(shares, "by month"),
    )


def row_chart(shares: list[Share], what: str) -> Chart:
    """Horizontal bars, one a row (a team or a domain), with the target as a line down."""
    plot = WIDTH - LABEL_WIDTH - 50
    bars = []
    for i, share in enumerate(shares):
        y = PLOT_TOP + i * ROW_HEIGHT
        width = plot * (share.percent or 0) / 100
        bars.append(
            Bar(
                share=share,
                x=LABEL_WIDTH,
                y=y + 4,
                width=round(width, 1),
                height=ROW_HEIGHT - 8,
                label_x=round(LABEL_WIDTH + width + 4, 1),
                label_y=y + ROW_HEIGHT / 2 + 5,
                target_y=None,
                target_x2=(
                    round(LABEL_WIDTH + plot * share.target / 100, 1)
                    if share.target is not None
                    else None
                ),
                short_label=share.label,
                tick_y1=y + 1,
                tick_y2=y + ROW_HEIGHT - 1,
            )
        )
    return Chart(
        bars=bars,
        width=WIDTH,
        height=PLOT_TOP + len(shares) * ROW_HEIGHT + 30,
        ticks=[(t, round(LABEL_WIDTH + plot * t / 100, 1)) for t in AXIS_TICKS],
        summary=summary(shares, what),
    )

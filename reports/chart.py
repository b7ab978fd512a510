"""The rekap chart: done, overdue and open periods per area (or per component for one team or area) as
horizontal stacked bars, sized and lettered to be read on a phone.

Uses matplotlib's object API with the Agg canvas (no pyplot, no global state), so charts can be drawn in
a worker thread while the bot keeps answering.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from plan.progress import Progress
from plan.targets import MONTH_NAMES
from reports.rekap_text import is_detailed, percent_text, scope_title

# 1200 x 900 pixels: sharp on a phone screen, small enough to send in an instant.
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8, 6, 150
SIZE_PIXELS = (WIDTH_INCHES * DPI, HEIGHT_INCHES * DPI)
# Characters of a 14-point bold title line that fit the width with a margin.
_TITLE_WIDTH = 60

_PILES = (
    ("done", "Selesai", "#2e7d32"),
    ("overdue", "Terlambat", "#c62828"),
    ("open", "Belum lewat tenggat", "#b0bec5"),
)


def progress_chart(progress: Progress) -> bytes:
    """A PNG of `SIZE_PIXELS`."""
    buffer = io.BytesIO()
    # No bbox_inches="tight": it would change the pixel size the bot and the tests rely on.
    draw_chart(progress).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def draw_chart(progress: Progress) -> Figure:
    """The chart's figure, drawn on an Agg canvas."""
    groups = progress.components if is_detailed(progress) else progress.areas
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    today = progress.today
    # A team's or an area's full name is longer than the picture is wide: the scope gets lines of its own.
    figure.suptitle(
        f"Progres Rencana Aksi ZI · per {today.day} {MONTH_NAMES[today.month - 1]} {today.year}\n"
        + textwrap.fill(scope_title(progress), _TITLE_WIDTH),
        fontsize=14,
        fontweight="bold",
    )
    if not groups:
        axes.set_axis_off()
        axes.text(0.5, 0.5, "Tidak ada periode tenggat", ha="center", va="center", fontsize=16)
        return figure
    # Top to bottom in plan order.
    labels = [_label(tally.code, tally.name) for tally in reversed(groups)]
    positions = range(len(groups))
    left = [0] * len(groups)
    for field, name, colour in _PILES:
        values = [getattr(tally, field) for tally in reversed(groups)]
        axes.barh(positions, values, left=left, color=colour, label=name, height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    # The percentage the text gives, with what it counts: a month's share done, else done of what is due.
    for position, tally in zip(positions, reversed(groups), strict=True):
        share = progress.share(tally)
        label = f"  {percent_text(share)} ({share.done}/{share.base})"
        axes.text(tally.total, position, label, va="center", fontsize=11, fontweight="bold")
    axes.set_yticks(list(positions), labels, fontsize=11 if len(groups) <= 8 else 9)
    axes.set_xlabel("Jumlah periode tenggat", fontsize=12)
    axes.set_xlim(0, max(tally.total for tally in groups) * 1.3 or 1)
    axes.tick_params(axis="x", labelsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    # Periods are counted: a tick at 2.5 periods means nothing.
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=10, frameon=False)
    return figure


def _label(code: str, name: str) -> str:
    short = textwrap.shorten(" ".join(name.split()), 34, placeholder="…")
    return f"{code} {short}"

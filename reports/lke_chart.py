"""The LKE chart: each area's score as a share of its weight against its WBK and WBBM minimums, the
enabler areas (Pemenuhan, Reform) then the hasil, sized and lettered like the rekap chart (reports/chart.py).

matplotlib's object API on the Agg canvas (no pyplot, no global state), so it can be drawn in a worker
thread while the bot keeps answering."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from plan.lke import Lke
from plan.lke_score import Score, area_minimum
from reports.chart import DPI, HEIGHT_INCHES, WIDTH_INCHES
from reports.lke_text import number

# A bar is red below the WBK minimum, amber from it, green from the WBBM minimum.
_BELOW, _WBK, _WBBM = "#c62828", "#f9a825", "#2e7d32"
_WBK_LINE, _WBBM_LINE = "black", "#1565c0"
_LABEL_WIDTH = 36


def score_chart(lke: Lke, score: Score) -> bytes:
    """A PNG of the rekap chart's pixel size."""
    buffer = io.BytesIO()
    draw_score_chart(lke, score).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def draw_score_chart(lke: Lke, score: Score) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    verdicts = " · ".join(
        f"{v.predicate} {'memenuhi' if v.passed else 'belum'}" for v in (score.wbk, score.wbbm)
    )
    figure.suptitle(f"Nilai LKE {number(score.total)} dari 100 · {verdicts}", fontsize=14, fontweight="bold")
    areas = list(reversed(lke.areas))  # top to bottom in LKE order
    for position, area in enumerate(areas):
        achieved = score.areas[area.code]
        wbk, wbbm = (area_minimum(lke, limits, area.code) for limits in (lke.wbk, lke.wbbm))
        colour = _WBBM if achieved + 1e-9 >= wbbm else _WBK if achieved + 1e-9 >= wbk else _BELOW
        axes.barh(position, 100 * achieved / area.weight, color=colour, height=0.7)
        for minimum, line, name in ((wbk, _WBK_LINE, "minimal WBK"), (wbbm, _WBBM_LINE, "minimal WBBM")):
            share = 100 * minimum / area.weight
            # One legend entry per line colour: matplotlib skips labels starting with "_".
            label = name if position == 0 else f"_{name}"
            axes.plot(
                [share, share], [position - 0.42, position + 0.42], color=line, linewidth=2.5, label=label
            )
        axes.text(102, position, f"{number(achieved)}/{number(area.weight)}", va="center", fontsize=10)
    labels = [_label(f"{area.code} {area.name}") for area in areas]
    axes.set_yticks(range(len(areas)), labels, fontsize=9)
    axes.set_xlim(0, 120)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel("% dari bobot area (PP Pemenuhan, PR Reform, H Hasil)", fontsize=11)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=10, frameon=False)
    axes.tick_params(axis="x", labelsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def _label(text: str) -> str:
    return text if len(text) <= _LABEL_WIDTH else text[: _LABEL_WIDTH - 1] + "…"

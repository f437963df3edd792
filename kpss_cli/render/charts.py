"""Bar charts of achievement for the report, drawn with matplotlib (imported only here).

The figure is built with matplotlib's object API on the Agg canvas (no pyplot, no global
backend switch) and saved without metadata, so the same figures give the same PNG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Status colours: green fulfilled, amber partial, red not fulfilled, blue ongoing, greys for
# the rest; chosen to stay distinct when printed in grey scale too.
STATUS_COLOURS = {
    "fulfilled": "#2E7D32",
    "partially_fulfilled": "#F2A900",
    "not_fulfilled": "#C62828",
    "ongoing": "#1F6FB2",
    "not_started": "#7F7F7F",
    "cancelled": "#4E342E",
    "not_evaluated": "#BDBDBD",
}
TEXT = "#262626"
GRID = "#D9D9D9"
REFERENCE = "#1F3864"


@dataclass
class Bar:
    """One measure in a chart."""

    label: str
    value: float | None  # achievement in percent, uncapped; None when not reported
    status: str


def achievement_chart(
    bars: Sequence[Bar],
    status_label: Callable[[str], str],
    percent: Callable[[float | None], str],
    missing: str,
    axis_label: str,
    width_cm: float = 16.0,
) -> bytes:
    """Horizontal bars (one per measure, top to bottom) with a line at 100 %; PNG bytes."""
    import warnings

    # A glyph the font lacks (an emoji in a title) is drawn as a box; matplotlib's warning about
    # it would reach the coordinator's terminal as a Python warning with our source path.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _draw(bars, status_label, percent, missing, axis_label, width_cm)


def _draw(
    bars: Sequence[Bar],
    status_label: Callable[[str], str],
    percent: Callable[[float | None], str],
    missing: str,
    axis_label: str,
    width_cm: float,
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    count = max(len(bars), 1)
    height_in = 1.2 + 0.36 * count
    # Constrained layout makes room for the (wrapped) measure names and the legend below.
    fig = Figure(figsize=(width_cm / 2.54, height_in), dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    values = [b.value for b in bars]
    top = max([100.0] + [v for v in values if v is not None])
    limit = min(max(120.0, top * 1.12), 250.0)
    positions = list(range(len(bars)))[::-1]
    for pos, bar in zip(positions, bars, strict=True):
        colour = STATUS_COLOURS.get(bar.status, STATUS_COLOURS["not_evaluated"])
        if bar.value is None:
            ax.text(
                1.5,
                pos,
                missing,
                va="center",
                ha="left",
                fontsize=7.5,
                color="#595959",
                style="italic",
            )
            continue
        shown = min(max(bar.value, 0.0), limit)
        ax.barh(pos, shown, height=0.62, color=colour, edgecolor="none", zorder=2)
        # A white box keeps the figure legible where it crosses the 100 % line.
        ax.text(
            min(shown, limit) + limit * 0.012,
            pos,
            percent(bar.value),
            va="center",
            ha="left",
            fontsize=7.5,
            color=TEXT,
            zorder=5,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    ax.axvline(100, color=REFERENCE, linewidth=1.2, linestyle=(0, (4, 2)), zorder=4)
    ax.set_xlim(0, limit)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.set_yticks(positions)
    ax.set_yticklabels([b.label for b in bars], fontsize=7.5, color=TEXT)
    ax.xaxis.set_major_locator(MultipleLocator(25 if limit <= 150 else 50))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: percent(x)))
    ax.tick_params(axis="x", labelsize=7, colors="#595959", length=0)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(axis_label, fontsize=7.5, color="#595959")
    ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    present = [s for s in STATUS_COLOURS if any(b.status == s for b in bars)]
    handles = [Patch(color=STATUS_COLOURS[s], label=status_label(s)) for s in present]
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=min(len(handles), 4),
            fontsize=7,
            frameon=False,
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def short(text: str, width: int = 40, lines: int = 2) -> str:
    """A label wrapped to ``lines`` lines of ``width`` characters, cut with an ellipsis."""
    import textwrap

    # Control and non-characters are cleaned (with a warning) where the text reaches the document;
    # the chart draws the same label, so it drops them too.
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    wrapped = textwrap.wrap(text, width=width)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    if len(last) > width - 1:
        last = last[: width - 1].rsplit(" ", 1)[0]
    kept[-1] = last.rstrip(",;:–-") + "\u2026"
    return "\n".join(kept)

"""Inline SVG bar charts for the web site (no library, no request elsewhere).

A chart is an image with a title for screen readers; the page always puts the same figures in a
data table beside it, so nothing is only in the picture. Text takes the page's font (CSS).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

BAR = 22
GAP = 10
LABEL_WIDTH = 260
WIDTH = 640


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    ident: str,
    title: str,
    bars: Sequence[tuple[str, float | None, str]],
    maximum: float | None = None,
) -> str:
    """A horizontal bar chart: (label, value or None, the value as text) per bar."""
    values = [v for _, v, _ in bars if v is not None]
    top = maximum if maximum is not None else max(values + [1.0])
    top = top or 1.0
    plot = WIDTH - LABEL_WIDTH - 70
    height = len(bars) * (BAR + GAP) + GAP
    out = [
        f'<svg class="chart" id="{escape(ident)}" role="img" aria-labelledby="{escape(ident)}-title" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
    ]
    for i, (label, value, shown) in enumerate(bars):
        y = GAP + i * (BAR + GAP)
        short = label if len(label) <= 38 else label[:37] + "…"
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" class="chart-label">'
            f"{escape(short)}</text>"
        )
        out.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{plot}" height="{BAR}" class="chart-track"/>')
        if value is not None and value > 0:
            width = plot * min(value, top) / top
            out.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{_fmt(width)}" height="{BAR}" class="chart-bar"/>'
            )
        out.append(
            f'<text x="{LABEL_WIDTH + plot + 6}" y="{y + BAR * 0.7:.1f}" class="chart-value">{escape(shown)}</text>'
        )
    out.append("</svg>")
    return "".join(out)

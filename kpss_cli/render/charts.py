"""Bar charts of achievement for the report, as native Word charts (DrawingML, ``c:chartSpace``).

A native chart is drawn by Word and LibreOffice themselves: the council can restyle it, change
its colours or labels in the word processor, it stays sharp at any zoom and in print, and no
plotting library is needed (the environment of a pre-commit hook stays small). The chart holds
its figures in its cache; there is no embedded workbook, so "Edit data" in Word offers none.

One series per status present (so the legend names the statuses in their colours), the
categories are the measures top to bottom, each measure has a value in its own status's series
only (bars overlap fully, so each category shows one bar). Values are percent, uncapped in the
data labels; the axis stops at ``limit``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

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

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
NS = (
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
CAT_AXIS, VAL_AXIS = 50010, 50020


@dataclass
class Bar:
    """One measure in a chart."""

    label: str
    value: float | None  # achievement in percent, uncapped; None when not reported
    status: str


@dataclass
class Chart:
    """A chart part's XML and the size it is shown at."""

    xml: bytes
    width_cm: float
    height_cm: float


def _text_props(size_hundredths: int, colour: str = TEXT, bold: bool = False) -> str:
    return (
        "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{size_hundredths}" b="{1 if bold else 0}">'
        f'<a:solidFill><a:srgbClr val="{colour[1:]}"/></a:solidFill></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="cs-CZ"/></a:p></c:txPr>'
    )


def _line(colour: str | None, width_emu: int = 9525) -> str:
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    return f'<a:ln w="{width_emu}"><a:solidFill><a:srgbClr val="{colour[1:]}"/></a:solidFill></a:ln>'


def _str_cache(values: Sequence[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache>'


def _num(value: float, places: int = 1) -> str:
    """A number for the chart's cache, rounded half up to ``places`` like the document's text."""
    from decimal import ROUND_HALF_UP, Decimal

    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(rounded, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("", "-0") else text


def achievement_chart(
    bars: Sequence[Bar],
    status_label: Callable[[str], str],
    percent: Callable[[float | None], str],
    missing: str,
    axis_label: str,
    width_cm: float = 16.0,
) -> Chart:
    """Horizontal bars, one per measure top to bottom, coloured by status; a native Word chart.

    ``percent`` is kept for the callers' symmetry with the text; Word formats the numbers itself
    (``0,0 %`` in a Czech Word). A measure without a value is labelled ``missing`` in its name.
    """
    del percent  # the data labels use a number format, which Word renders in its locale
    count = max(len(bars), 1)
    height_cm = (1.4 + 0.36 * count) * 2.54
    values = [b.value for b in bars]
    top = max([100.0] + [v for v in values if v is not None])
    limit = min(max(120.0, top * 1.12), 250.0)
    major = 25 if limit <= 150 else 50
    limit = major * -(-limit // major)  # the axis ends on a gridline
    labels = [b.label.replace("\n", " ") + ("" if b.value is not None else f" ({missing})") for b in bars]
    rows = len(bars) + 1
    categories = (
        f"<c:cat><c:strRef><c:f>List1!$A$2:$A${rows}</c:f>{_str_cache(labels)}</c:strRef></c:cat>"
    )
    present = [s for s in STATUS_COLOURS if any(b.status == s and b.value is not None for b in bars)]
    series = []
    for order, status in enumerate(present):
        column = chr(ord("B") + order)
        points = "".join(
            f'<c:pt idx="{i}"><c:v>{_num(b.value)}</c:v></c:pt>'
            for i, b in enumerate(bars)
            if b.status == status and b.value is not None
        )
        colour = STATUS_COLOURS[status][1:]
        series.append(
            f'<c:ser><c:idx val="{order}"/><c:order val="{order}"/>'
            f"<c:tx><c:strRef><c:f>List1!${column}$1</c:f>{_str_cache([status_label(status)])}</c:strRef></c:tx>"
            f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{_line(None)}</c:spPr>'
            '<c:invertIfNegative val="0"/>'
            '<c:dLbls><c:numFmt formatCode="General&quot;\u00a0%&quot;" sourceLinked="0"/>'
            f"<c:spPr><a:noFill/>{_line(None)}</c:spPr>{_text_props(750)}"
            '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
            '<c:showBubbleSize val="0"/></c:dLbls>'
            f"{categories}"
            f"<c:val><c:numRef><c:f>List1!${column}$2:${column}${rows}</c:f>"
            f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(bars)}"/>{points}'
            "</c:numCache></c:numRef></c:val></c:ser>"
        )
    axis_title = (
        "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="750" b="0"><a:solidFill><a:srgbClr val="595959"/></a:solidFill></a:defRPr></a:pPr>'
        f'<a:r><a:rPr lang="cs-CZ" sz="750" b="0"/><a:t>{escape(axis_label)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title>'
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<c:chartSpace {NS}>"
        '<c:date1904 val="0"/><c:lang val="cs-CZ"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f"{''.join(series)}"
        f'<c:gapWidth val="60"/><c:overlap val="100"/><c:axId val="{CAT_AXIS}"/><c:axId val="{VAL_AXIS}"/>'
        "</c:barChart>"
        f'<c:catAx><c:axId val="{CAT_AXIS}"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr>{_line(GRID)}</c:spPr>{_text_props(750)}"
        f'<c:crossAx val="{VAL_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{_num(limit)}"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        f"<c:majorGridlines><c:spPr>{_line(GRID, 6350)}</c:spPr></c:majorGridlines>{axis_title}"
        '<c:numFmt formatCode="0&quot;\u00a0%&quot;" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr>{_line(None)}</c:spPr>{_text_props(700, '#595959')}"
        f'<c:crossAx val="{CAT_AXIS}"/><c:crosses val="max"/><c:crossBetween val="between"/>'
        f'<c:majorUnit val="{major}"/></c:valAx>'
        f"<c:spPr><a:noFill/>{_line(None)}</c:spPr></c:plotArea>"
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_props(700)}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"<c:spPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill>{_line(None)}</c:spPr>"
        f"{_text_props(800)}"
        "</c:chartSpace>"
    )
    return Chart(xml.encode("utf-8"), width_cm, round(height_cm, 2))


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

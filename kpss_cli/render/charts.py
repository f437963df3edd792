"""Bar charts of achievement for the report, as native Word charts (DrawingML, ``c:chartSpace``).

A native chart is drawn by Word and LibreOffice themselves: the council can restyle it, change
its colours or labels in the word processor, it stays sharp at any zoom and in print, and no
plotting library is needed (the environment of a pre-commit hook stays small). The chart holds
its figures in its cache and, as Word's own charts do, in an embedded workbook (a small XLSX
package part, ``word/embeddings/Microsoft_Excel_Worksheet<N>.xlsx``, named by the chart's
``c:externalData``), so "Edit data" in Word opens the figures in a sheet: one row per measure,
one column per status, the percentages in the Czech format ``57,4 %``. The workbook is written
here by hand (a few fixed XML parts, zip entries dated 1980), not with openpyxl, so the same
repository still gives the same bytes.

One series per status present (so the legend names the statuses in their colours), the
categories are the measures top to bottom, each measure has a value in its own status's series
only (bars overlap fully, so each category shows one bar). Values are percent, uncapped in the
data labels; the axis stops at ``limit``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
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
WORKBOOK_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACKAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
WORKBOOK_RID = "rId1"  # the chart part's only relationship: its embedded workbook
SHEET = "List1"  # the first sheet's name in a Czech Excel; the chart's formulas name it
PERCENT_FORMAT = '0.0"\u00a0%"'  # 57.4 shows as 57,4 % in a Czech Excel (the values are percent)
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
    """A chart part's XML, its embedded workbook (XLSX bytes) and the size it is shown at."""

    xml: bytes
    width_cm: float
    height_cm: float
    workbook: bytes = b""


def chart_part(chart: Chart, number: int, package: Any) -> Any:
    """The python-docx part of ``chart`` (``/word/charts/chart<number>.xml``) with its workbook related."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CHART_CONTENT_TYPE, chart.xml, package)
    if chart.workbook:
        embedded = Part(
            PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"),
            WORKBOOK_CONTENT_TYPE,
            chart.workbook,
            package,
        )
        rid = part.relate_to(embedded, PACKAGE_RELATIONSHIP)
        assert rid == WORKBOOK_RID, rid  # the chart's XML names it already
    return part


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cell_ref(column: int, row: int) -> str:
    return f"{chr(ord('A') + column)}{row}"


def workbook(header: Sequence[str], labels: Sequence[str], columns: Sequence[Sequence[str | None]]) -> bytes:
    """An XLSX with one sheet ``List1``: row 1 the series names (from B1), column A the categories
    (from A2), each series' values below its name (a number, or empty), in the percent format.

    ``columns[j][i]`` is the value of category ``i`` in series ``j`` as the chart's cache holds it.
    """
    import zipfile

    def text_cell(ref: str, value: str, style: int = 0) -> str:
        value = _XML_ILLEGAL.sub(" ", value)
        style_attr = f' s="{style}"' if style else ""
        return f'<c r="{ref}" t="inlineStr"{style_attr}><is><t xml:space="preserve">{escape(value)}</t></is></c>'

    rows = ['<row r="1">' + "".join(text_cell(_cell_ref(j + 1, 1), name, 2) for j, name in enumerate(header)) + "</row>"]
    for i, label in enumerate(labels):
        cells = [text_cell(_cell_ref(0, i + 2), label)]
        for j, column in enumerate(columns):
            if column[i] is not None:
                cells.append(f'<c r="{_cell_ref(j + 1, i + 2)}" s="1"><v>{column[i]}</v></c>')
        rows.append(f'<row r="{i + 2}">{"".join(cells)}</row>')
    last = _cell_ref(max(len(header), 1), len(labels) + 1)
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": head
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": head
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": head
        + f"<workbook {main} {rel}><sheets>"
        f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": head
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": head
        + f"<styleSheet {main}>"
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{escape(PERCENT_FORMAT, {chr(34): "&quot;"})}"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>",
        "xl/worksheets/sheet1.xml": head
        + f'<worksheet {main} {rel}><dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<cols><col min="1" max="1" width="60" customWidth="1"/></cols>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()


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
        f"<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${rows}</c:f>{_str_cache(labels)}</c:strRef></c:cat>"
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
            f"<c:tx><c:strRef><c:f>{SHEET}!${column}$1</c:f>{_str_cache([status_label(status)])}</c:strRef></c:tx>"
            f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{_line(None)}</c:spPr>'
            '<c:invertIfNegative val="0"/>'
            '<c:dLbls><c:numFmt formatCode="General&quot;\u00a0%&quot;" sourceLinked="0"/>'
            f"<c:spPr><a:noFill/>{_line(None)}</c:spPr>{_text_props(750)}"
            '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
            '<c:showBubbleSize val="0"/></c:dLbls>'
            f"{categories}"
            f"<c:val><c:numRef><c:f>{SHEET}!${column}$2:${column}${rows}</c:f>"
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
        f'<c:externalData r:id="{WORKBOOK_RID}"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )
    # The same figures in the embedded workbook: the cells the formulas above name.
    columns = [
        [_num(b.value) if b.status == status and b.value is not None else None for b in bars] for status in present
    ]
    data = workbook([status_label(s) for s in present], labels, columns)
    return Chart(xml.encode("utf-8"), width_cm, round(height_cm, 2), data)


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

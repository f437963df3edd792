"""A small XLSX writer: the parts of SpreadsheetML (ECMA-376) that kpss's workbooks use, and no more.

``kpss collect`` writes 92 workbooks for a national-scale action plan. openpyxl built each cell as
an object, then serialised every object of the workbook through its descriptor layer and a
temporary file per sheet: about 13 ms a workbook and 0.2 s of import, most of the command's time.
The layout of an evaluation workbook is fixed (layout.py), so it is written here as XML text
directly: styles as a fixed table, text as shared strings (what Excel itself writes), data
validation, sheet and structure protection, frozen panes, print titles, page setup, hidden columns
and sheets. The result is read back by openpyxl, LibreOffice Calc and the import's own reader in
the tests.

Text is escaped for XML and stripped of the control characters XML cannot hold, and a text cell
is always a string (``t="s"``): text from the repository never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# What XML 1.0 cannot hold (the characters openpyxl refuses too); tab, line feed and CR stay.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}
_ESCAPE = re.compile('[&<>"\r]')


def clean(text: str) -> str:
    """Text a cell can hold: the characters XML cannot carry dropped."""
    return _ILLEGAL.sub("", text)


def escape(text: str) -> str:
    """Text for an XML element or a double-quoted attribute."""
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Style:
    """A cell's look: font, fill, border, alignment, and whether it stays editable on a protected sheet."""

    bold: bool = False
    italic: bool = False
    size: float = 11
    color: str | None = None  # RRGGBB of the text
    fill: str | None = None  # RRGGBB of a solid fill
    border: str | None = None  # RRGGBB of a thin border on all four sides
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    locked: bool = True


PLAIN = Style()

# Number formats built into every spreadsheet (no numFmt element needed).
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}


@dataclass(frozen=True)
class Validation:
    """A data validation of input cells (the spreadsheet checks the value and shows the prompt)."""

    type: str  # decimal, list, date …
    formula1: str
    operator: str | None = None
    prompt_title: str = ""
    prompt: str = ""
    error_title: str = ""
    error: str = ""
    allow_blank: bool = True


@dataclass
class Sheet:
    """One worksheet: cells by (row, column), column widths, row heights and the sheet's settings."""

    name: str
    hidden: bool = False
    cells: dict[int, dict[int, tuple[Any, int]]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    hidden_columns: set[int] = field(default_factory=set)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None  # (row, column) of the first scrolling cell
    print_title_rows: tuple[int, int] | None = None
    landscape_fit_width: bool = False  # A4 landscape, one page wide
    protected: bool = False
    allow_format_columns_rows: bool = False
    validations: list[tuple[Validation, list[str]]] = field(default_factory=list)
    _book: Workbook | None = None

    def put(self, row: int, col: int, value: Any, style: Style | None = None, fmt: str = "General") -> str:
        """Set a cell (a str is always text, never a formula); returns its reference (``K7``)."""
        assert self._book is not None
        if isinstance(value, str):
            value = clean(value)
        xf = self._book._xf(style or PLAIN, fmt)
        self.cells.setdefault(row, {})[col] = (value, xf)
        return f"{column_letter(col)}{row}"

    def value(self, row: int, col: int) -> Any:
        cell = self.cells.get(row, {}).get(col)
        return cell[0] if cell is not None else None

    def validate(self, validation: Validation, refs: list[str]) -> None:
        if refs:
            self.validations.append((validation, list(refs)))


class Workbook:
    """Sheets in order, the first one shown; ``lock_structure`` forbids adding, moving, deleting sheets."""

    def __init__(self, lock_structure: bool = False, created: dt.datetime | None = None, creator: str = "") -> None:
        self.sheets: list[Sheet] = []
        self.lock_structure = lock_structure
        self.created = created or dt.datetime(2000, 1, 1)
        self.creator = creator
        self._xfs: dict[tuple[Style, str], int] = {(PLAIN, "General"): 0}
        self._strings: dict[str, int] = {}
        self._string_refs = 0

    def add_sheet(self, name: str, hidden: bool = False) -> Sheet:
        sheet = Sheet(name, hidden)
        sheet._book = self
        self.sheets.append(sheet)
        return sheet

    def _xf(self, style: Style, fmt: str) -> int:
        key = (style, fmt)
        xf = self._xfs.get(key)
        if xf is None:
            xf = self._xfs[key] = len(self._xfs)
        return xf

    def _string(self, text: str) -> int:
        self._string_refs += 1
        index = self._strings.get(text)
        if index is None:
            index = self._strings[text] = len(self._strings)
        return index

    # -- the parts ---------------------------------------------------------------------------------

    def _sheet_xml(self, n: int, sheet: Sheet) -> str:
        out: list[str] = [f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">']
        if sheet.landscape_fit_width:
            out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        rows = sorted(sheet.cells)
        if rows:
            last_col = max(max(cols) for cols in sheet.cells.values())
            out.append(f'<dimension ref="A1:{column_letter(last_col)}{rows[-1]}"/>')
        selected = ' tabSelected="1"' if n == 0 else ""
        if sheet.freeze is not None:
            row, col = sheet.freeze
            top_left = f"{column_letter(col)}{row}"
            out.append(
                f'<sheetViews><sheetView workbookViewId="0"{selected}>'
                f'<pane xSplit="{col - 1}" ySplit="{row - 1}" topLeftCell="{top_left}" activePane="bottomRight"'
                ' state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/></sheetView></sheetViews>'
            )
        else:
            out.append(f'<sheetViews><sheetView workbookViewId="0"{selected}/></sheetViews>')
        out.append('<sheetFormatPr defaultRowHeight="15"/>')
        if sheet.widths or sheet.hidden_columns:
            out.append("<cols>")
            for col in sorted(set(sheet.widths) | sheet.hidden_columns):
                width = sheet.widths.get(col, 9.140625)
                hidden = ' hidden="1"' if col in sheet.hidden_columns else ""
                out.append(f'<col min="{col}" max="{col}" width="{_num(width)}" customWidth="1"{hidden}/>')
            out.append("</cols>")
        out.append("<sheetData>")
        for r in sorted(set(rows) | set(sheet.heights)):
            height = sheet.heights.get(r)
            attrs = f' ht="{_num(height)}" customHeight="1"' if height is not None else ""
            cells = sheet.cells.get(r, {})
            if not cells:
                out.append(f'<row r="{r}"{attrs}/>')
                continue
            out.append(f'<row r="{r}"{attrs}>')
            for c in sorted(cells):
                value, xf = cells[c]
                out.append(self._cell(f"{column_letter(c)}{r}", value, xf))
            out.append("</row>")
        out.append("</sheetData>")
        if sheet.protected:
            # Attributes say what is forbidden; formatting columns and rows stays allowed.
            allow = ' formatColumns="0" formatRows="0"' if sheet.allow_format_columns_rows else ""
            out.append(f'<sheetProtection sheet="1" objects="1" scenarios="1"{allow}/>')
        if sheet.validations:
            out.append(f'<dataValidations count="{len(sheet.validations)}">')
            for v, refs in sheet.validations:
                operator = f' operator="{v.operator}"' if v.operator else ""
                out.append(
                    f'<dataValidation type="{v.type}"{operator} allowBlank="{int(v.allow_blank)}"'
                    ' showInputMessage="1" showErrorMessage="1"'
                    f' errorTitle="{escape(v.error_title)}" error="{escape(v.error)}"'
                    f' promptTitle="{escape(v.prompt_title)}" prompt="{escape(v.prompt)}" sqref="{" ".join(refs)}">'
                    f"<formula1>{escape(v.formula1)}</formula1></dataValidation>"
                )
            out.append("</dataValidations>")
        out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
        if sheet.landscape_fit_width:
            out.append('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
        out.append("</worksheet>")
        return "".join(out)

    def _cell(self, ref: str, value: Any, xf: int) -> str:
        style = f' s="{xf}"' if xf else ""
        if value is None:
            return f'<c r="{ref}"{style}/>'
        if isinstance(value, str):
            return f'<c r="{ref}"{style} t="s"><v>{self._string(value)}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)) and math.isfinite(value):
            return f'<c r="{ref}"{style}><v>{_num(value)}</v></c>'
        return f'<c r="{ref}"{style} t="s"><v>{self._string(str(value))}</v></c>'

    def _styles_xml(self) -> str:
        formats: dict[str, int] = {}
        fonts: dict[tuple[Any, ...], int] = {}
        fills: dict[str | None, int] = {None: 0, "gray125": 1}
        borders: dict[str | None, int] = {None: 0}
        xfs = []
        for (style, fmt), _ in sorted(self._xfs.items(), key=lambda kv: kv[1]):
            fmt_id = _BUILTIN_FORMATS.get(fmt)
            if fmt_id is None:
                fmt_id = formats.setdefault(fmt, 164 + len(formats))
            font = fonts.setdefault((style.bold, style.italic, style.size, style.color), len(fonts))
            fill = fills.setdefault(style.fill, len(fills))
            border = borders.setdefault(style.border, len(borders))
            xfs.append((style, fmt_id, font, fill, border))
        out = [f'<styleSheet xmlns="{MAIN}">']
        if formats:
            out.append(f'<numFmts count="{len(formats)}">')
            out.extend(f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for code, i in formats.items())
            out.append("</numFmts>")
        out.append(f'<fonts count="{len(fonts)}">')
        for bold, italic, size, color in fonts:
            out.append(
                "<font>" + ("<b/>" if bold else "") + ("<i/>" if italic else "") + f'<sz val="{_num(size)}"/>'
                + (f'<color rgb="FF{color}"/>' if color else "") + '<name val="Calibri"/><family val="2"/></font>'
            )
        out.append("</fonts>")
        out.append(f'<fills count="{len(fills)}">')
        for fill in fills:
            if fill is None:
                out.append('<fill><patternFill patternType="none"/></fill>')
            elif fill == "gray125":
                out.append('<fill><patternFill patternType="gray125"/></fill>')
            else:
                out.append(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
                           '<bgColor indexed="64"/></patternFill></fill>')
        out.append("</fills>")
        out.append(f'<borders count="{len(borders)}">')
        for border in borders:
            if border is None:
                out.append("<border><left/><right/><top/><bottom/><diagonal/></border>")
            else:
                side = f'style="thin"><color rgb="FF{border}"/>'
                out.append(f"<border><left {side}</left><right {side}</right><top {side}</top>"
                           f"<bottom {side}</bottom><diagonal/></border>")
        out.append("</borders>")
        out.append('<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>')
        out.append(f'<cellXfs count="{len(xfs)}">')
        for style, fmt_id, font, fill, border in xfs:
            alignment = ""
            if style.horizontal or style.vertical or style.wrap:
                alignment = (
                    "<alignment"
                    + (f' horizontal="{style.horizontal}"' if style.horizontal else "")
                    + (f' vertical="{style.vertical}"' if style.vertical else "")
                    + (' wrapText="1"' if style.wrap else "")
                    + "/>"
                )
            protection = "" if style.locked else '<protection locked="0"/>'
            applies = (
                (' applyNumberFormat="1"' if fmt_id else "")
                + (' applyFont="1"' if font else "")
                + (' applyFill="1"' if fill else "")
                + (' applyBorder="1"' if border else "")
                + (' applyAlignment="1"' if alignment else "")
                + (' applyProtection="1"' if protection else "")
            )
            body = alignment + protection
            head = f'<xf numFmtId="{fmt_id}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"{applies}'
            out.append(f"{head}>{body}</xf>" if body else f"{head}/>")
        out.append("</cellXfs>")
        out.append('<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>')
        out.append('<dxfs count="0"/><tableStyles count="0"/></styleSheet>')
        return "".join(out)

    def _strings_xml(self) -> str:
        out = [f'<sst xmlns="{MAIN}" count="{self._string_refs}" uniqueCount="{len(self._strings)}">']
        for text in self._strings:
            space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
            out.append(f"<si><t{space}>{escape(text)}</t></si>")
        out.append("</sst>")
        return "".join(out)

    def _workbook_xml(self) -> str:
        out = [f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/>']
        if self.lock_structure:
            out.append('<workbookProtection lockStructure="1"/>')
        out.append('<bookViews><workbookView activeTab="0"/></bookViews><sheets>')
        for n, sheet in enumerate(self.sheets, start=1):
            state = ' state="hidden"' if sheet.hidden else ""
            out.append(f'<sheet name="{escape(sheet.name)}" sheetId="{n}"{state} r:id="rId{n}"/>')
        out.append("</sheets>")
        names = []
        for n, sheet in enumerate(self.sheets):
            if sheet.print_title_rows is not None:
                first, last = sheet.print_title_rows
                quoted = sheet.name.replace("'", "''")
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                    f"{escape(f'{chr(39)}{quoted}{chr(39)}!${first}:${last}')}</definedName>"
                )
        if names:
            out.append("<definedNames>" + "".join(names) + "</definedNames>")
        out.append('<calcPr calcId="191029"/></workbook>')
        return "".join(out)

    def _parts(self) -> list[tuple[str, str]]:
        self._strings, self._string_refs = {}, 0  # filled again as the sheets are written
        sheets = [(f"xl/worksheets/sheet{n}.xml", self._sheet_xml(n - 1, s)) for n, s in enumerate(self.sheets, 1)]
        styles = self._styles_xml()
        strings = self._strings_xml()  # after the sheets: they fill the table
        sheet_types = "".join(
            f'<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/>'
            for name, _ in sheets
        )
        content_types = (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            f"{sheet_types}"
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
            'core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'extended-properties+xml"/>'
            "</Types>"
        )
        root_rels = (
            f'<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        )
        n = len(self.sheets)
        book_rels = (
            f'<Relationships xmlns="{PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
            + f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            + "</Relationships>"
        )
        stamp = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        core = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{escape(self.creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        )
        app = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{escape(self.creator)}</Application></Properties>"
        )
        return [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", root_rels),
            ("docProps/core.xml", core),
            ("docProps/app.xml", app),
            ("xl/workbook.xml", self._workbook_xml()),
            ("xl/_rels/workbook.xml.rels", book_rels),
            ("xl/styles.xml", styles),
            ("xl/sharedStrings.xml", strings),
            *sheets,
        ]

    def to_bytes(self) -> bytes:
        """The XLSX file; the same workbook gives the same bytes (the zip entries carry the creation date)."""
        stamp = max(self.created, dt.datetime(1980, 1, 1)).timetuple()[:6]
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in self._parts():
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
        return stream.getvalue()


def _num(value: float) -> str:
    """A number as SpreadsheetML writes it: ``16``, ``5.5``."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return repr(float(value))

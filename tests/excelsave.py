"""A workbook rewritten the way Microsoft Excel saves it (there is no Excel on the test machines).

What Excel (16, Microsoft 365) does to a workbook it opens and saves again, as seen in real
Excel-saved files (e.g. the test files of the calamine reader, tests/data/excel/):

- every text cell becomes a shared string (``t="s"``), numbered in the order Excel meets them,
  sheet by sheet; a carriage return is written as ``_x000D_``, an underscore that would look like
  such an escape as ``_x005F_``, and text with outer spaces or line breaks gets ``xml:space``;
- numbers are ``<v>`` without ``t``; a typed date is the day number (46405) in a date style; a
  formula keeps its cached result (``<f>30+7</f><v>37</v>``; text results ``t="str"``);
- an empty text cell loses its value (only its style is kept);
- the cell styles are renumbered (``s=``), rows get ``spans`` and ``x14ac:dyDescent``, the
  worksheet the ``mc``/``x14ac``/``xr`` namespaces and an ``xr:uid``;
- the sheet files are renumbered in tab order and the relationship ids are new (rId1 is not the
  first sheet), listed out of order; ``sheetId`` keeps the creation order; a hidden sheet keeps
  ``state="hidden"``; print titles are ``Indikátory!$3:$3`` without quotes;
- data validation ranges are merged (``K4:K8 K10``); a theme, ``fileVersion``, the
  ``AlternateContent`` path of the file and ``TitlesOfParts`` are added; every part starts with
  an XML declaration and CR LF.

The cell values themselves are taken as they are in the source (fill it as a person would have
typed into Excel first: in Czech Excel ``12,5`` typed into a number cell is stored as 12.5).
``formulas`` puts formulas with their cached results into cells, as if typed with ``=``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
N = {"m": MAIN, "r": REL, "p": PKG}
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_REF = re.compile(r"([A-Z]+)(\d+)")
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def _xml(el: ET.Element) -> str:
    """An element in the main namespace without a prefix (as Excel writes it)."""
    ET.register_namespace("", MAIN)
    ET.register_namespace("r", REL)
    return ET.tostring(el, encoding="unicode")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _excel_text(text: str) -> str:
    """ST_Xstring as Excel writes it: literal ``_xHHHH_`` protected, CR escaped."""
    return _LOOKS_ESCAPED.sub(r"_x005F_\1", text).replace("\r", "_x000D_")


def _text_of(el: ET.Element) -> str:
    parts = []
    for node in el.iter():
        if node.tag == f"{{{MAIN}}}t":
            parts.append(node.text or "")
    return "".join(parts)


def _ranges(refs: list[str]) -> str:
    """``K4 K5 K6 K8`` -> ``K4:K6 K8`` (Excel merges runs of one column)."""
    cells = sorted((_col(m.group(1)), int(m.group(2))) for m in map(_REF.fullmatch, refs) if m)
    out: list[str] = []
    i = 0
    while i < len(cells):
        col, start = cells[i]
        end = start
        while i + 1 < len(cells) and cells[i + 1] == (col, end + 1):
            i += 1
            end += 1
        out.append(f"{_letters(col)}{start}" if start == end else f"{_letters(col)}{start}:{_letters(col)}{end}")
        i += 1
    return " ".join(out)


def resave_like_excel(source: Path, target: Path, formulas: dict[tuple[str, str], tuple[str, Any]] | None = None) -> None:
    formulas = formulas or {}
    z = zipfile.ZipFile(source)
    workbook = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    shared: list[str] = []
    if "xl/sharedStrings.xml" in z.namelist():
        shared = [_text_of(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml"))]
    sheets = []
    for sheet in workbook.find("m:sheets", N):
        part = targets[sheet.get(f"{{{REL}}}id")]
        path = part.lstrip("/") if part.startswith("/") else "xl/" + part
        sheets.append((sheet.get("name"), sheet.get("state"), path))

    # Styles renumbered: the same formats, in reverse order after the default one.
    styles = ET.fromstring(z.read("xl/styles.xml"))
    xfs = styles.find("m:cellXfs", N)
    old = list(xfs)
    order = [0] + list(range(len(old) - 1, 0, -1))
    remap = {o: n for n, o in enumerate(order)}
    for el in old:
        xfs.remove(el)
    for o in order:
        xfs.append(old[o])

    strings: list[str] = []
    index: dict[str, int] = {}
    count = 0

    def sst(text: str) -> int:
        nonlocal count
        count += 1
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    parts: dict[str, str] = {}
    for n, (name, _state, path) in enumerate(sheets, start=1):
        ws = ET.fromstring(z.read(path))
        out = [
            f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
            'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
            'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
            'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
            'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
            f'xr:uid="{{00000000-0001-0000-{n:04d}-000000000000}}">'
        ]
        for child in ws:
            tag = child.tag.split("}")[-1]
            if tag == "sheetData":
                out.append("<sheetData>")
                for row in child:
                    cells = []
                    cols = []
                    for c in row:
                        ref = c.get("r")
                        cols.append(_col(_REF.fullmatch(ref).group(1)))
                        s = remap.get(int(c.get("s", "0")), 0)
                        style = f' s="{s}"' if s else ""
                        kind = c.get("t", "n")
                        v = c.find("m:v", N)
                        if (name, ref) in formulas:
                            formula, result = formulas[(name, ref)]
                            if isinstance(result, str):
                                cells.append(f'<c r="{ref}"{style} t="str"><f>{escape(formula)}</f>'
                                             f"<v>{escape(result)}</v></c>")
                            else:
                                cells.append(f'<c r="{ref}"{style}><f>{escape(formula)}</f><v>{result}</v></c>')
                            continue
                        if kind == "inlineStr":
                            is_ = c.find("m:is", N)
                            text = _text_of(is_) if is_ is not None else ""
                        elif kind == "s" and v is not None:
                            text = shared[int(v.text)]
                        elif kind in ("str", "s"):
                            text = v.text if v is not None and v.text else ""
                        else:
                            text = None
                        if text is not None:
                            if text == "":
                                cells.append(f'<c r="{ref}"{style}/>')
                            else:
                                cells.append(f'<c r="{ref}"{style} t="s"><v>{sst(text)}</v></c>')
                        elif v is None or v.text is None:
                            cells.append(f'<c r="{ref}"{style}/>')
                        elif kind == "b":
                            cells.append(f'<c r="{ref}"{style} t="b"><v>{v.text}</v></c>')
                        else:
                            cells.append(f'<c r="{ref}"{style}><v>{v.text}</v></c>')
                    attrs = f' r="{row.get("r")}"'
                    if cols:
                        attrs += f' spans="{min(cols)}:{max(cols)}"'
                    if row.get("ht"):
                        attrs += f' ht="{row.get("ht")}" customHeight="1"'
                    attrs += ' x14ac:dyDescent="0.25"'
                    out.append(f"<row{attrs}>" + "".join(cells) + "</row>" if cells else f"<row{attrs}/>")
                out.append("</sheetData>")
            elif tag == "dataValidations":
                out.append(f'<dataValidations count="{len(child)}">')
                for dv in child:
                    attrs = {k: v for k, v in dv.attrib.items() if k != "sqref"}
                    keep = ("type", "operator", "allowBlank", "showInputMessage", "showErrorMessage", "errorTitle",
                            "error", "promptTitle", "prompt")
                    text = "".join(f" {k}={quoteattr(attrs[k])}" for k in keep if k in attrs and attrs[k] != "0")
                    formula = dv.find("m:formula1", N)
                    out.append(f'<dataValidation{text} sqref="{_ranges(dv.get("sqref", "").split())}">'
                               f"<formula1>{escape(formula.text or '')}</formula1></dataValidation>")
                out.append("</dataValidations>")
            elif tag == "sheetProtection":
                allow = "".join(f' {k}="0"' for k in ("formatColumns", "formatRows") if child.get(k) in ("0", "false"))
                out.append(f'<sheetProtection sheet="1" objects="1" scenarios="1"{allow}/>')
            else:
                out.append(_xml(child))
        out.append("</worksheet>")
        parts[f"xl/worksheets/sheet{n}.xml"] = "".join(out)

    sst_xml = [f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{len(strings)}">']
    for text in strings:
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        sst_xml.append(f"<si><t{space}>{escape(_excel_text(text))}</t></si>")
    sst_xml.append("</sst>")

    k = len(sheets)
    # New relationship ids, not in tab order: the last sheet is rId1.
    rid = {n: f"rId{k + 1 - n}" for n in range(1, k + 1)}
    book = [
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2" '
        'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
        'xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
        'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" '
        'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2">'
        '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
        '<workbookPr defaultThemeVersion="166925"/>'
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\ucetni\\Documents\\Vyhodnocení\\" '
        'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice>'
        "</mc:AlternateContent>"
        '<xr:revisionPtr revIDLastSave="0" documentId="13_ncr:1_{A1B2C3D4-0000-0000-0000-000000000000}" '
        'xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}"/>'
    ]
    if workbook.find("m:workbookProtection", N) is not None:
        book.append('<workbookProtection lockStructure="1"/>')
    book.append('<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840" '
                'xr2:uid="{00000000-000D-0000-FFFF-FFFF00000000}"/></bookViews><sheets>')
    for n, (name, state, _path) in enumerate(sheets, start=1):
        hidden = f' state="{state}"' if state and state != "visible" else ""
        book.append(f"<sheet name={quoteattr(name)} sheetId=\"{n + 3 if n > 1 else 1}\"{hidden} r:id=\"{rid[n]}\"/>")
    book.append("</sheets>")
    names = workbook.find("m:definedNames", N)
    if names is not None:
        book.append("<definedNames>")
        for dn in names:
            text = (dn.text or "").replace("'", "")
            local = f' localSheetId="{dn.get("localSheetId")}"' if dn.get("localSheetId") is not None else ""
            book.append(f"<definedName name={quoteattr(dn.get('name'))}{local}>{escape(text)}</definedName>")
        book.append("</definedNames>")
    book.append('<calcPr calcId="191029"/><extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
                'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
                '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>')

    rel_items = [f'<Relationship Id="rId{k + 3}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>',
                 f'<Relationship Id="rId{k + 1}" Type="{REL}/theme" Target="theme/theme1.xml"/>']
    rel_items += [f'<Relationship Id="{rid[n]}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                  for n in range(1, k + 1)]
    rel_items.insert(1, f'<Relationship Id="rId{k + 2}" Type="{REL}/styles" Target="styles.xml"/>')
    workbook_rels = f'<Relationships xmlns="{PKG}">' + "".join(rel_items) + "</Relationships>"

    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, k + 1)
    )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{sheet_types}"
        '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
    )
    titles = "".join(f"<vt:lpstr>{escape(name)}</vt:lpstr>" for name, _s, _p in sheets)
    app = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        f'<TitlesOfParts><vt:vector size="{k}" baseType="lpstr">{titles}</vt:vector></TitlesOfParts>'
        "<AppVersion>16.0300</AppVersion></Properties>"
    )
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>kpss</dc:creator>'
        "<cp:lastModifiedBy>Účetní</cp:lastModifiedBy>"
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2027-01-18T09:12:44Z</dcterms:modified></cp:coreProperties>'
    )
    root_rels = (
        f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    theme = (
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Motiv Office">'
        '<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2>'
        '<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1>'
        '<a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>'
        '<a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5>'
        '<a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink>'
        '<a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>'
        '<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/>'
        '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
        '<a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>'
        '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
        '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst>'
        '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
        '<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
        '<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>'
        '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>'
        '<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>'
        '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
        '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
        "</a:theme>"
    )
    written = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "xl/workbook.xml": "".join(book),
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/theme/theme1.xml": theme,
        "xl/styles.xml": _xml(styles),
        **parts,
        "xl/sharedStrings.xml": "".join(sst_xml),
        "docProps/core.xml": core,
        "docProps/app.xml": app,
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, text in written.items():
            out.writestr(name, DECL + text)

"""The cell values of an XLSX workbook, read straight from its XML: the fast path of the import.

A returned evaluation workbook is a zip of XML parts (ECMA-376): the workbook lists the sheets,
each sheet holds its cells, text cells point into the shared strings. For reading values nothing
else is needed; openpyxl also builds every style, which made it six times slower on the 92
workbooks of the bench (1.33 s against 0.23 s of CPU). Anything this reader does not expect
raises :class:`NotReadable`, and the caller reads the file with openpyxl instead.

Untrusted input: the uncompressed size is bounded before anything is parsed, and a part with a
document type declaration (the door to entity expansion) is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from xml.etree.ElementTree import Element, ParseError, fromstring, iterparse

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_CELLS = 2_000_000

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


class NotReadable(Exception):
    """The fast reader cannot read this file; openpyxl should try."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _part(z: zipfile.ZipFile, name: str) -> bytes:
    try:
        data = z.read(name)
    except KeyError:
        raise NotReadable(f"no part {name}") from None
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise NotReadable(f"{name} declares a document type")
    return data


def _xml(z: zipfile.ZipFile, name: str) -> Element:
    try:
        return fromstring(_part(z, name))
    except ParseError as exc:
        raise NotReadable(f"{name}: {exc}") from None


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel's escapes in cell text (ST_Xstring): ``_x000D_`` is a carriage return, ``_x005F_`` an underscore.

    Excel writes a character XML cannot carry, and the CR of a Windows line end, as ``_xHHHH_``;
    a literal ``_x0041_`` typed by someone is written as ``_x005F_x0041_``. openpyxl leaves them.
    """
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text(el: Element) -> str:
    """The text of a string item: its ``t``, or the ``t`` of each rich-text run (not phonetic hints)."""
    parts = []
    for child in el:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return unescape("".join(parts))


def read_values(raw: bytes) -> tuple[dict[str, list[list[Any]]], bool]:
    """Every sheet's rows (values as openpyxl gives them with ``values_only``) and the 1904 flag."""
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise NotReadable(str(exc)) from None
    with z:
        if sum(i.file_size for i in z.infolist()) > MAX_UNCOMPRESSED:
            raise NotReadable("too large when unpacked")
        workbook = _xml(z, "xl/workbook.xml")
        rels = _xml(z, "xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target") or "" for r in rels if _local(r.tag) == "Relationship"}
        date1904 = any(
            _local(el.tag) == "workbookPr" and el.get("date1904") in ("1", "true") for el in workbook.iter()
        )
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            shared = [_text(si) for si in _xml(z, "xl/sharedStrings.xml") if _local(si.tag) == "si"]
        sheets: dict[str, list[list[Any]]] = {}
        cells = 0
        for sheet in workbook.iter():
            if _local(sheet.tag) != "sheet":
                continue
            rid = sheet.get(_REL_ID) or sheet.get(_STRICT_REL_ID)
            target = targets.get(rid)
            if not target:
                raise NotReadable(f"sheet {sheet.get('name')} has no part")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            rows: dict[int, dict[int, Any]] = {}
            try:
                for _, el in iterparse(io.BytesIO(_part(z, path))):
                    if _local(el.tag) != "c":
                        continue
                    cells += 1
                    if cells > MAX_CELLS:
                        raise NotReadable("too many cells")
                    match = _REF.match(el.get("r") or "")
                    if match is None:
                        raise NotReadable("a cell without a reference")
                    value = _value(el, shared)
                    if value is not None:
                        rows.setdefault(int(match.group(2)), {})[_column(match.group(1))] = value
                    el.clear()
            except ParseError as exc:
                raise NotReadable(f"{path}: {exc}") from None
            sheets[str(sheet.get("name"))] = _grid(rows)
        return sheets, date1904


def _value(el: Element, shared: list[str]) -> Any:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        inline = next((c for c in el if _local(c.tag) == "is"), None)
        return _text(inline) if inline is not None else None
    v = next((c for c in el if _local(c.tag) == "v"), None)
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        try:
            return shared[int(text)]
        except (ValueError, IndexError):
            raise NotReadable("a shared string that does not exist") from None
    if kind == "str":
        return unescape(text)
    if kind == "e":
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        return text
    try:
        number = float(text)
    except ValueError:
        raise NotReadable(f"a number cell holding {text!r}") from None
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _grid(rows: dict[int, dict[int, Any]]) -> list[list[Any]]:
    """Rows 1… as lists (None where a cell is empty), like openpyxl's ``iter_rows(values_only=True)``."""
    if not rows:
        return []
    width = max(max(r) for r in rows.values())
    grid = []
    for n in range(1, max(rows) + 1):
        row = rows.get(n, {})
        grid.append([row.get(c) for c in range(1, width + 1)])
    return grid


def serial_date(value: float, date1904: bool = False) -> dt.date:
    """A spreadsheet's day number as a date (1900 system: 1 = 1. 1. 1900, with Excel's 29. 2. 1900)."""
    base = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    return base + dt.timedelta(days=int(value))

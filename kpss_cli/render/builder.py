"""The shared building blocks of every document: template, styles, headings, tables, fields, save.

python-docx gives the package (parts, relationships, pictures); the body is written as raw
WordprocessingML through lxml because python-docx has no API for fields, repeated header rows or
rows that do not split, and because its proxies look styles up by name on every call (slow on
a 200-measure plan). Every string goes through :func:`kpss_cli.render.text.clean` first.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from kpss_cli.errors import KpssError
from kpss_cli.i18n import _
from kpss_cli.render import template as tpl
from kpss_cli.render.stream import BodyStream
from kpss_cli.render.text import clean
from kpss_cli.typography import nbsp

LINK_COLOUR = "0563C1"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

NAVY = tpl.NAVY
WHITE = "FFFFFF"
BORDER = "A6B8CC"
FILL_LABEL = "EAF0F7"
FILL_SECTION = "D5E1EE"
FILL_TOTAL = "F2F2F2"

_DOC_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACRO_TYPES = ("macroEnabled",)

# settings.xml children that must follow w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}

FIXED_ZIP_TIME = tpl.FIXED_TIME

# The body is streamed (render/stream.py): after this many new body elements the finished ones go
# to the temporary file. None keeps the whole body in the tree (the tests compare both ways).
FLUSH_EVERY: int | None = 256
# The newest body elements stay in the tree: a table may still change the paragraph before it
# (_release_heading), a picture or chart fills the paragraph just appended.
KEEP_LAST = 2


@dataclass
class R:
    """A run of text with direct formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    color: str | None = None
    size: int | None = None  # half-points
    link: str | None = None  # a web or mailto: address: the run is a working hyperlink
    as_written: bool = False  # no Czech no-break spaces added (headings)


Content = str | R | Sequence[str] | Sequence[R] | None


@dataclass
class Cell:
    """A table cell: its text (a string, paragraphs, or runs), span and look."""

    content: Content
    span: int = 1
    kind: str = "body"  # body, head, label, section, total
    align: str | None = None  # left, center, right
    fill: str | None = None


def head(content: Content, span: int = 1, align: str | None = None) -> Cell:
    return Cell(content, span, "head", align)


def label(content: Content, span: int = 1) -> Cell:
    return Cell(content, span, "label")


def section(content: Content, span: int) -> Cell:
    return Cell(content, span, "section")


def num(content: Content, span: int = 1, kind: str = "body") -> Cell:
    """A right-aligned (numeric) cell."""
    return Cell(content, span, kind, "right")


def total(content: Content, span: int = 1, align: str | None = None) -> Cell:
    return Cell(content, span, "total", align)


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Properties:
    """Core document properties (File → Info in Word)."""

    title: str
    subject: str
    author: str = ""
    keywords: str = ""
    category: str = ""
    comments: str = ""
    language: str = "cs-CZ"
    date: dt.date | None = None  # created/modified; left out when None (stable output)


def read_template(path: Any) -> bytes:
    """The bytes of a reference DOCX, or a KpssError that says what is wrong with it."""
    from pathlib import Path

    path = Path(path)
    if not path.exists():
        raise KpssError(_("template {path} not found").format(path=path))
    if path.is_dir():
        raise KpssError(_("template {path} is a folder, not a DOCX file").format(path=path))
    from kpss_cli.repo import MAX_READ_BYTES, read_regular

    try:
        data = read_regular(path)
    except OSError as exc:
        raise KpssError(
            _("cannot read template {path}: {strerror}").format(path=path, strerror=exc.strerror or exc)
        ) from None
    if len(data) > MAX_READ_BYTES:
        raise KpssError(
            _("template {path} is larger than {megabytes} MB; a reference DOCX needs only its styles").format(
                path=path, megabytes=MAX_READ_BYTES // (1024 * 1024)
            )
        )
    check_template(data, str(path))
    return data


def check_template(data: bytes, name: str) -> None:
    """Raise KpssError unless ``data`` is a Word document python-docx can open."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise KpssError(_("template {name} is not a DOCX file (not a ZIP package)").format(name=name))
    try:
        _open(data)
    except KpssError:
        raise
    except Exception as exc:  # python-docx raises many kinds on foreign packages
        raise KpssError(_("template {name} is not a Word document (DOCX): {exc}").format(name=name, exc=exc)) from None


def _open(data: bytes) -> Document:
    """Open a DOCX (or a .dotx template, whose main part is re-labelled as a document)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        except KeyError:
            raise KpssError(_("the file has no [Content_Types].xml: not an Office document")) from None
        if any(marker in types for marker in _MACRO_TYPES):
            raise KpssError(
                _(
                    "macro-enabled documents (.docm, .dotm) are not used as templates; save the template as .docx or "
                    ".dotx"
                )
            )
        if _TEMPLATE_MAIN in types:
            data = _rewrite_entry(archive, "[Content_Types].xml", types.replace(_TEMPLATE_MAIN, _DOC_MAIN))
    return docx.Document(io.BytesIO(data))


def _rewrite_entry(archive: zipfile.ZipFile, name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            payload = text.encode("utf-8") if info.filename == name else archive.read(info)
            out.writestr(info.filename, payload)
    return buffer.getvalue()


def normalize_zip(data: bytes, splice: tuple[str, bytes, BodyStream] | None = None) -> bytes:
    """The same package with fixed entry timestamps and attributes: equal input, equal bytes.

    With ``splice`` (part, marker, stream), the marker in that part is replaced by a streamed
    body (render/stream.py), copied in pieces."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            if splice is not None and info.filename == splice[0]:
                splice[2].write_spliced(out, fixed, source.read(info), splice[1])
            else:
                out.writestr(fixed, source.read(info))
    return buffer.getvalue()


_QN: dict[str, str] = {}


def _q(name: str) -> str:
    """``qn`` with a cache: a 200-measure plan creates half a million elements."""
    found = _QN.get(name)
    if found is None:
        found = _QN[name] = qn(name)
    return found


def _el(tag: str, **attrs: str) -> Any:
    element = etree.Element(_q(tag))
    for key, val in attrs.items():
        element.set(_q("w:" + key), val)
    return element


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    element = etree.SubElement(parent, _q(tag))
    for key, val in attrs.items():
        element.set(_q("w:" + key), val)
    return element


# About two thirds of an A4 page of 9.5 pt table text: rows longer than this may split.
_MAX_ROW_LINES = 40
# Lines of 9.5 pt table text a page holds below a heading (A4 with the template's margins, 54
# lines on a page of their own, measured in LibreOffice's PDF): a table kept together that is
# longer cannot stay on one page with its heading.
_PAGE_LINES = 48
# Average width of a character of 9.5 pt Calibri, in twips, and the cell's side margins.
_CHAR_TWIPS = 95
_CELL_MARGINS = 170


def _estimated_lines(content: Content, width: int) -> int:
    """Roughly how many lines a cell's text takes at a column width (twips)."""
    if content is None:
        return 1
    per_line = max(1, (width - _CELL_MARGINS) // _CHAR_TWIPS)
    if isinstance(content, str):  # the usual cell, without the lists below
        return sum(1 + len(line) // per_line for line in content.split("\n"))
    if isinstance(content, R):
        paragraphs: list[Any] = [content]
    elif content and all(isinstance(x, R) for x in content):
        paragraphs = [content]
    else:
        paragraphs = list(content)
    lines = 0
    for item in paragraphs:
        runs = [item] if isinstance(item, (str, R)) else item
        text = "".join(r if isinstance(r, str) else r.text for r in runs)
        for line in text.split("\n"):
            lines += 1 + len(line) // per_line
    return lines


# Widths of characters in thousandths of an em, of DejaVu Sans: the font LibreOffice sets for
# Calibri where Carlito is missing (Debian's default), wider than Calibri, so a column wide enough
# for it is wide enough in Word. Letters with diacritics count as their base letter.
_EM = {
    **dict.fromkeys("0123456789", 636), " ": 318, "\u00a0": 318, ".": 318, ",": 318, ":": 337,
    ";": 337, "%": 950, "–": 500, "-": 361, "/": 337, "(": 390, ")": 390, "§": 500, "+": 838,
    "a": 613, "b": 635, "c": 550, "d": 635, "e": 615, "f": 352, "g": 635, "h": 634, "i": 278,
    "j": 278, "k": 579, "l": 278, "m": 974, "n": 634, "o": 612, "p": 635, "q": 635, "r": 411,
    "s": 521, "t": 392, "u": 634, "v": 592, "w": 818, "x": 592, "y": 592, "z": 525,
}  # fmt: skip
_EM_UPPER = 722  # a capital letter, on average
_BOLD = 1.13  # DejaVu Sans Bold against Book
_TOKEN_BREAKS = re.compile(r"[ \t\n]+")  # where a line may break (no-break spaces excluded)


def _em(char: str) -> int:
    width = _EM.get(char)
    if width is None:
        base = unicodedata.normalize("NFD", char)[:1] or char
        width = _EM.get(base.lower(), 600)
        if base.isupper():
            width = _EM_UPPER if base.lower() not in "ijl" else 300
    return width


@functools.lru_cache(maxsize=1 << 16)
def _word_em(word: str) -> int:
    return sum(_em(c) for c in word)


@functools.lru_cache(maxsize=1 << 16)  # a card's labels and codes repeat on every card
def _longest_word_twips(text: str, half_points: int, bold: bool) -> int:
    """The width of the longest part of ``text`` that a line cannot break (a word, a number with
    its no-break spaces, ``50 %``), in twips at a font size in half-points."""
    words = _TOKEN_BREAKS.split(text)
    if not words:
        return 0
    # The longest in characters are the widest in practice: measure only a few.
    candidates = heapq.nlargest(2, words, key=len) if len(words) > 2 else words
    em = max(_word_em(word) for word in candidates)
    return int(em * half_points * 10 * (_BOLD if bold else 1.0) / 1000) + 1  # 1 pt = 20 twips


def _fit_columns(twips: list[int], needed: list[int], cap: int) -> list[int]:
    """Column widths at least ``needed`` (each at most ``cap``), taken from the columns with room
    to spare in proportion to it; the total stays the same. Where the room is short, each narrow
    column gets its share of what there is."""
    needed = [min(n, cap) for n in needed]
    short = [max(0, n - t) for t, n in zip(twips, needed, strict=True)]
    room = [max(0, t - n) for t, n in zip(twips, needed, strict=True)]
    missing, spare = sum(short), sum(room)
    if not missing or not spare:
        return twips
    moved = min(missing, spare)
    given = [s * moved // missing for s in short]
    taken = [r * moved // spare for r in room]
    out = [t + g - k for t, g, k in zip(twips, given, taken, strict=True)]
    out[room.index(max(room))] += sum(twips) - sum(out)  # rounding, on the roomiest column
    return out


_FILLS = {"head": NAVY, "label": FILL_LABEL, "section": FILL_SECTION, "total": FILL_TOTAL}
_EMPHASIS = ("head", "label", "section", "total")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_xml(run: R, color: str | None, size: int | None, rid: str | None = None, text: str | None = None) -> str:
    """One run as WordprocessingML text: line breaks and tabs as elements, text cleaned; inside a
    hyperlink when ``rid`` names its relationship. ``text`` instead of the run's own (typeset)."""
    text = clean(run.text if text is None else text)
    if not text:
        return ""
    props = []
    if rid:
        color = LINK_COLOUR
        props.append('<w:u w:val="single"/>')
    if run.bold:
        props.append("<w:b/><w:bCs/>")
    if run.italic:
        props.append("<w:i/><w:iCs/>")
    colour = run.color or color
    if colour:
        props.append(f'<w:color w:val="{colour}"/>')
    half_points = run.size or size
    if half_points:
        props.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    parts = ["<w:r>"]
    if props:
        parts.append("<w:rPr>" + "".join(props) + "</w:rPr>")
    for li, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if li:
            parts.append("<w:br/>")
        for ti, chunk in enumerate(line.split("\t")):
            if ti:
                parts.append("<w:tab/>")
            if chunk:
                space = ' xml:space="preserve"' if chunk[0] == " " or chunk[-1] == " " else ""
                parts.append(f"<w:t{space}>{_escape(chunk)}</w:t>")
    parts.append("</w:r>")
    if rid:
        return f'<w:hyperlink r:id="{rid}">' + "".join(parts) + "</w:hyperlink>"
    return "".join(parts)


@functools.lru_cache(maxsize=1 << 14)
def _cached_run_xml(
    text: str,
    bold: bool,
    italic: bool,
    run_color: str | None,
    run_size: int | None,
    color: str | None,
    size: int | None,
) -> str:
    """A run without a link, remembered: a catalogue's cards repeat their labels, types and forms."""
    return _run_xml(R(text, bold=bold, italic=italic, color=run_color, size=run_size), color, size)


class DocBuilder:
    """A document being written: body content, recorded headings, and the final save."""

    def __init__(self, template: bytes | None, lang: str, footer_words: tuple[str, str]) -> None:
        self.lang = lang
        self.footer_words = footer_words  # ("strana", "z")
        self.doc = _open(template if template is not None else tpl.default_template(lang))
        self.custom_template = template is not None
        body = self.doc.element.body
        self.body = body
        self.sect_pr = body.find(qn("w:sectPr"))
        if self.sect_pr is None:
            self.sect_pr = _sub(body, "w:sectPr")
        for child in list(body):
            if child is not self.sect_pr:
                body.remove(child)
        self.style = self._resolve_styles()
        self.text_width = self._text_width()
        self.headings: list[Heading] = []
        self._toc_anchor: Any = None
        self._toc_offset: int | None = None  # where the anchor was in the streamed text
        self._stream: BodyStream | None = BodyStream(self.doc.element, body) if FLUSH_EVERY else None
        self._pending = 0  # body elements appended since the last flush
        self._cell_looks: dict[tuple[Any, ...], tuple[str, str, str | None]] = {}
        # Tables go to the stream as the text they are built as, never parsed into the tree, where
        # the document names the two namespaces as that text does (python-docx's and Word's
        # documents do): the text is then what lxml would write for the parsed table (a test
        # compares both ways).
        nsmap = self.doc.element.nsmap
        self._text_tables = self._stream is not None and nsmap.get("w") == tpl.W_NS and nsmap.get("r") == R_NS
        self._numbers = [0, 0]
        self.numbered = not self._template_numbers_headings()
        self._picture_count = 0
        self._links: dict[str, str] | None = None  # hyperlink address -> relationship id
        self._next_link = 1
        # Czech typography (no-break spaces) for Czech documents; English keeps its spaces.
        # Cached: the width of the columns reads each cell's text as set, then the cell is written.
        self.typeset = functools.lru_cache(maxsize=1 << 16)(nbsp) if lang == "cs" else (lambda text: text)

    def link_id(self, address: str) -> str:
        """The relationship id of an external hyperlink (one per address).

        python-docx finds an existing one by scanning every relationship of the document, and
        numbers a new one by scanning again: quadratic in a catalogue with thousands of web and
        e-mail links (bench/bench_resources.py). The ids are kept here instead, starting from the
        hyperlinks a template already has.
        """
        rels = self.doc.part.rels
        if self._links is None:
            self._links = {
                rel.target_ref: rid for rid, rel in rels.items() if rel.is_external and rel.reltype == RT.HYPERLINK
            }
        rid = self._links.get(address)
        if rid is None:
            while f"rId{self._next_link}" in rels:
                self._next_link += 1
            rid = f"rId{self._next_link}"
            rels.add_relationship(RT.HYPERLINK, address, rid, is_external=True)
            self._links[address] = rid
        return rid

    # -- styles -------------------------------------------------------------------------------

    def _resolve_styles(self) -> dict[str, str]:
        """Map our style keys to style ids of the document, copying missing styles from ours."""
        styles_el = self.doc.styles.element
        by_name: dict[str, str] = {}
        ids: set[str] = set()
        for st in styles_el.findall(qn("w:style")):
            style_id = st.get(qn("w:styleId")) or ""
            ids.add(style_id)
            name_el = st.find(qn("w:name"))
            if st.get(qn("w:type")) == "paragraph" and name_el is not None:
                by_name.setdefault((name_el.get(qn("w:val")) or "").lower(), style_id)
        ours = parse_xml(tpl.styles_xml(self.lang).encode("utf-8"))
        our_styles = {st.get(qn("w:styleId")): st for st in ours.findall(qn("w:style"))}
        resolved: dict[str, str] = {}
        id_map: dict[str, str] = {}
        missing: list[str] = []
        for key, (name, our_id) in tpl.STYLE_NAMES.items():
            found = by_name.get(name.lower())
            if found is not None:
                resolved[key] = found
                id_map[our_id] = found
            else:
                missing.append(key)
        for key in missing:
            name, our_id = tpl.STYLE_NAMES[key]
            new_id = our_id if our_id not in ids else f"{our_id}KPSS"
            ids.add(new_id)
            resolved[key] = new_id
            id_map[our_id] = new_id
        for key in missing:
            name, our_id = tpl.STYLE_NAMES[key]
            copy = etree.fromstring(etree.tostring(our_styles[our_id]))
            copy.set(qn("w:styleId"), id_map[our_id])
            for ref in ("w:basedOn", "w:next"):
                ref_el = copy.find(qn(ref))
                if ref_el is not None:
                    target = ref_el.get(qn("w:val")) or ""
                    ref_el.set(qn("w:val"), id_map.get(target, target))
            if key == "normal":
                copy.set(qn("w:default"), "1")
            styles_el.append(copy)
        return resolved

    def _template_numbers_headings(self) -> bool:
        """True when the template's Heading 1 numbers itself (then we add no numbers)."""
        for st in self.doc.styles.element.findall(qn("w:style")):
            if st.get(qn("w:styleId")) == self.style["h1"]:
                ppr = st.find(qn("w:pPr"))
                return ppr is not None and ppr.find(qn("w:numPr")) is not None
        return False

    def _text_width(self) -> int:
        """Twips between the margins of the (only) section."""
        pg_sz = self.sect_pr.find(qn("w:pgSz"))
        pg_mar = self.sect_pr.find(qn("w:pgMar"))
        try:
            width = int(pg_sz.get(qn("w:w")))
            if pg_sz.get(qn("w:orient")) == "landscape" and pg_sz.get(qn("w:h")):
                width = max(width, int(pg_sz.get(qn("w:h"))))
            left = int(pg_mar.get(qn("w:left")))
            right = int(pg_mar.get(qn("w:right")))
            gutter = int(pg_mar.get(qn("w:gutter")) or 0)
        except (AttributeError, TypeError, ValueError):
            return tpl.TEXT_WIDTH
        usable = width - left - right - gutter
        return usable if usable > 2000 else tpl.TEXT_WIDTH

    # -- paragraphs ---------------------------------------------------------------------------

    def _append(self, element: Any) -> Any:
        self.sect_pr.addprevious(element)
        self._pending += 1
        if self._stream is not None and FLUSH_EVERY and self._pending >= FLUSH_EVERY:
            self._flush()
        return element

    def _flush(self, keep: int = KEEP_LAST) -> None:
        """Stream the finished body elements (all but the newest ``keep``) out of the tree."""
        assert self._stream is not None
        body = self.body
        count = len(body) - 1 - keep  # the section properties stay last
        anchor = self._toc_anchor
        at = body.index(anchor) if anchor is not None and self._toc_offset is None else count
        if at < count:
            # The contents are known only at save: remember where they go.
            self._stream.write(body, at)
            self._toc_offset = self._stream.offset
            body.remove(anchor)
            count -= at + 1
        self._stream.write(body, count)
        self._pending = keep

    def close(self) -> None:
        """Remove the temporary file of the streamed body (save does it; also on an error)."""
        if self._stream is not None:
            self._stream.close()

    def _paragraph(
        self,
        style: str | None,
        content: Content = None,
        align: str | None = None,
        keep_next: bool = False,
        page_break_before: bool = False,
        space_before: int | None = None,
        space_after: int | None = None,
    ) -> Any:
        p = _el("w:p")
        ppr = _sub(p, "w:pPr")
        if style:
            _sub(ppr, "w:pStyle", val=self.style.get(style, style))
        if keep_next:
            _sub(ppr, "w:keepNext")
        if page_break_before:
            _sub(ppr, "w:pageBreakBefore")
        if space_before is not None or space_after is not None:
            spacing = _sub(ppr, "w:spacing")
            if space_before is not None:
                spacing.set(qn("w:before"), str(space_before))
            if space_after is not None:
                spacing.set(qn("w:after"), str(space_after))
        if align:
            _sub(ppr, "w:jc", val={"left": "left", "center": "center", "right": "right"}[align])
        self._runs(p, content)
        return p

    def _runs(self, p: Any, content: Content, color: str | None = None, bold: bool = False) -> None:
        if content is None:
            return
        items: Sequence[str | R] = [content] if isinstance(content, (str, R)) else content
        for item in items:
            self._run(p, R(item) if isinstance(item, str) else item, color=color, bold=bold)

    def _run(self, p: Any, run: R, color: str | None = None, bold: bool = False) -> None:
        text = clean(run.text) if run.link or run.as_written else self.typeset(clean(run.text))
        if not text:
            return
        if run.link:
            holder = _sub(p, "w:hyperlink")
            holder.set(f"{{{R_NS}}}id", self.link_id(run.link))
            r = _sub(holder, "w:r")
            color = LINK_COLOUR
        else:
            r = _sub(p, "w:r")
        colour = run.color or color
        if run.link:
            rpr = _sub(r, "w:rPr")
            _sub(rpr, "w:color", val=LINK_COLOUR)
            _sub(rpr, "w:u", val="single")
        elif run.bold or bold or run.italic or colour or run.size:
            rpr = _sub(r, "w:rPr")
            if run.bold or bold:
                _sub(rpr, "w:b")
                _sub(rpr, "w:bCs")
            if run.italic:
                _sub(rpr, "w:i")
                _sub(rpr, "w:iCs")
            if colour:
                _sub(rpr, "w:color", val=colour)
            if run.size:
                _sub(rpr, "w:sz", val=str(run.size))
                _sub(rpr, "w:szCs", val=str(run.size))
        for li, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if li:
                _sub(r, "w:br")
            for ti, chunk in enumerate(line.split("\t")):
                if ti:
                    _sub(r, "w:tab")
                if chunk:
                    t = _sub(r, "w:t")
                    t.text = chunk
                    if chunk[0] == " " or chunk[-1] == " ":
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def para(
        self,
        content: Content,
        style: str = "normal",
        align: str | None = None,
        keep_next: bool = False,
        space_before: int | None = None,
        space_after: int | None = None,
    ) -> Any:
        """A paragraph of text (a string, or runs) in one of our styles."""
        return self._append(
            self._paragraph(
                style,
                content,
                align,
                keep_next,
                space_before=space_before,
                space_after=space_after,
            )
        )

    def note(self, content: Content) -> Any:
        return self.para(content, "note")

    def bullets(self, items: Sequence[Content]) -> None:
        """A bulleted list (a bullet and a tab, so it needs no numbering definitions)."""
        for item in items:
            runs: list[R] = [R("\u2022\t")]
            if isinstance(item, str):
                runs.append(R(item))
            elif isinstance(item, R):
                runs.append(item)
            elif item is not None:
                runs.extend(R(x) if isinstance(x, str) else x for x in item)
            self.para(runs, "bullet")

    def heading(
        self,
        text: str,
        level: int,
        numbered: bool = False,
        toc: bool = True,
        new_page: bool = False,
    ) -> Any:
        """A heading; ``numbered`` prefixes the chapter number (levels 1 and 2); ``new_page``
        starts it on a new page (without an empty paragraph that could make a blank page)."""
        # Headings keep their spaces: they are short lines, and the contents list, the tests and
        # the template's numbering read them as written.
        shown = clean(text)
        if numbered and level <= 2:
            if level == 1:
                self._numbers = [self._numbers[0] + 1, 0]
                prefix = f"{self._numbers[0]}"
            else:
                self._numbers[1] += 1
                prefix = f"{self._numbers[0]}.{self._numbers[1]}"
            if self.numbered:
                shown = f"{prefix}\u2002{shown}"
        p = self._append(self._paragraph(f"h{level}", R(shown, as_written=True), page_break_before=new_page))
        if toc:
            self.headings.append(Heading(level, shown))
        return p

    def page_break(self) -> None:
        p = self._append(_el("w:p"))
        _sub(_sub(p, "w:r"), "w:br", type="page")

    def spacer(self, twips: int) -> None:
        self.para(None, space_before=twips, space_after=0)

    # -- fields -------------------------------------------------------------------------------

    @staticmethod
    def _field(
        p: Any,
        instruction: str,
        result: str,
        dirty: bool = False,
        rpr: Any = None,
        begin: bool = True,
        end: bool = True,
    ) -> None:
        """A complex field: begin, instruction, separate, cached result, end."""

        def run() -> Any:
            r = _sub(p, "w:r")
            if rpr is not None:
                r.append(etree.fromstring(etree.tostring(rpr)))
            return r

        if begin:
            fld = _sub(run(), "w:fldChar", fldCharType="begin")
            if dirty:
                fld.set(qn("w:dirty"), "true")
            instr = _sub(run(), "w:instrText")
            instr.text = f" {instruction} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            _sub(run(), "w:fldChar", fldCharType="separate")
        if result:
            t = _sub(run(), "w:t")
            t.text = result
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if end:
            _sub(run(), "w:fldChar", fldCharType="end")

    def toc(self, heading: str, placeholder: str) -> None:
        """The table-of-contents heading and field; entries are filled in when saving."""
        self._append(self._paragraph("toc_heading", heading))
        self._toc_placeholder = placeholder
        self._toc_anchor = self._append(_el("w:p"))

    def _fill_toc(self) -> None:
        """The TOC field with the headings as its cached result (Word recomputes it on open)."""
        if self._toc_anchor is None:
            return
        entries = [h for h in self.headings if h.level <= 3] or [Heading(1, self._toc_placeholder)]

        def paragraphs() -> Iterator[Any]:  # one at a time: a streamed body holds none of them (stream.py)
            for index, entry in enumerate(entries):
                p = self._paragraph(f"toc{min(entry.level, 3)}")
                first, last = index == 0, index == len(entries) - 1
                if first:
                    self._field(p, 'TOC \\o "1-3" \\h \\z \\u', "", dirty=True, end=False)
                self._run(p, R(entry.text, as_written=True))
                if last:
                    self._field(p, "", "", begin=False)
                yield p

        if self._toc_offset is not None:  # the anchor was streamed out with what came before
            assert self._stream is not None
            self._stream.insert(self._toc_offset, paragraphs())
        else:
            for p in paragraphs():
                self._toc_anchor.addprevious(p)
            self._toc_anchor.getparent().remove(self._toc_anchor)
        self._toc_anchor = None

    # -- tables -------------------------------------------------------------------------------

    def table(
        self,
        widths: Sequence[float],
        rows: Sequence[Sequence[Cell | str | None]],
        header_rows: int = 0,
        keep_together: bool = False,
        borders: bool = True,
        font_size: int | None = None,
        keep_with_next: bool = False,
    ) -> Any:
        """A table at full text width: rows that never split, header rows repeated on each page.

        ``widths`` are relative column widths; a cell's ``span`` covers that many columns.
        ``keep_together`` keeps each row with the next one (a measure card stays on one page
        when it fits); ``keep_with_next`` also keeps the last row with what follows.
        """
        total_weight = float(sum(widths))
        twips = [int(self.text_width * w / total_weight) for w in widths]
        twips[-1] += self.text_width - sum(twips)
        # Built as text and parsed once: lxml parses far faster than Python creates elements,
        # which matters for a 200-measure plan (about 50,000 cells).
        line = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"' if borders else 'w:val="nil"'
        out = [
            ("<w:tbl>" if self._text_tables else f'<w:tbl xmlns:w="{tpl.W_NS}" xmlns:r="{R_NS}">')
            + f'<w:tblPr><w:tblW w:w="{self.text_width}" w:type="dxa"/><w:tblBorders>',
            *(f"<w:{name} {line}/>" for name in ("top", "left", "bottom", "right", "insideH", "insideV")),
            '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
            '<w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
            '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        ]
        last_row = len(rows) - 1
        grid: list[list[tuple[Cell, int, int]]] = []  # (cell, first column, span) per row
        for row in rows:
            placed: list[tuple[Cell, int, int]] = []
            col = 0
            for raw in row:
                cell = raw if isinstance(raw, Cell) else Cell(raw)
                span = max(1, min(cell.span, len(twips) - col))
                placed.append((cell, col, span))
                col += span
            if col < len(twips):  # a short row: fill the rest so the grid stays rectangular
                placed.append((Cell(None), col, len(twips) - col))
            grid.append(placed)
        # A column is made wide enough for its longest word or number: Word and LibreOffice
        # break a word that does not fit anywhere ("splněn/o", "6 200 00/0").
        # Where the words of every column cannot fit at 9.5 pt, the table is set smaller, down to
        # 8 pt (a measure card's budget of four years in millions of crowns).
        words: list[tuple[int, str, bool]] = [
            (col, self._cell_text(cell), cell.kind in _EMPHASIS)
            for placed in grid
            for cell, col, span in placed
            if span == 1 and cell.content is not None
        ]
        cap = int(self.text_width * 0.45)
        sizes = [size for size in (19, 17, 16) if size <= (font_size or 19)] or [font_size or 19]
        for size in sizes:
            needed = [0] * len(twips)
            for col, text, bold in words:
                needed[col] = max(needed[col], _longest_word_twips(text, size, bold) + _CELL_MARGINS + 60)
            if sum(min(n, cap) for n in needed) <= self.text_width:
                break
        if size != (font_size or 19):
            font_size = size
        twips = _fit_columns(twips, needed, cap=cap)
        laid_out: list[tuple[list[tuple[Cell, int, int]], bool]] = []
        height = 0.0
        for placed in grid:
            cells = [(cell, span, sum(twips[col : col + span])) for cell, col, span in placed]
            # A row never splits across pages, unless it is longer than a page: Word would
            # cut such a row off at the bottom of the page rather than split it.
            lines = max(_estimated_lines(c.content, w) for c, _, w in cells)
            # In lines of text as LibreOffice sets them (its substitute for Calibri is wider than
            # the estimate assumes), with the cell margins and borders of the row.
            height += lines * 1.15 + 0.35
            laid_out.append((cells, lines > _MAX_ROW_LINES))
        if any(tall for _, tall in laid_out):
            # A table with such a row cannot stay on one page; keeping it together would only
            # push it (away from its heading) to the next page.
            keep_together = keep_with_next = False
        # Only the first row keeps with the next where the whole table is longer than a page:
        # LibreOffice moves a table whose rows all keep together to the next page as a block
        # (leaving the heading before it alone) even when it cannot fit there either.
        first_only = keep_together and height > _PAGE_LINES
        if first_only:
            keep_together = keep_with_next = False
        out += [*(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
        for ri, (cells, tall) in enumerate(laid_out):
            row_props = ("" if tall else "<w:cantSplit/>") + ("<w:tblHeader/>" if ri < header_rows else "")
            # Empty, as lxml writes an empty element (the streamed text must be what it writes).
            out.append(f"<w:tr><w:trPr>{row_props}</w:trPr>" if row_props else "<w:tr><w:trPr/>")
            keep = (
                (keep_together or keep_with_next)
                and (ri < last_row or keep_with_next)
                or ri < header_rows
                or (first_only and ri == 0)
            )
            for cell, span, width in cells:
                self._cell(out, cell, span, width, keep, font_size)
            out.append("</w:tr>")
        out.append("</w:tbl>")
        if laid_out and laid_out[0][1]:
            self._release_heading()
        tbl = None
        if self._text_tables:
            assert self._stream is not None
            self._flush(keep=0)  # what came before the table, then the table's own text
            self._stream.write_text("".join(out))
        else:
            tbl = self._append(etree.fromstring("".join(out)))
        # Word needs a paragraph between two tables, and it gives the table some air below.
        self._append(self._paragraph("normal", None, space_before=0, space_after=60, keep_next=keep_with_next))
        return tbl

    def _cell_text(self, cell: Cell) -> str:
        """The text of a cell as it will be set (no-break spaces in), paragraphs on lines."""
        content = cell.content
        if content is None:
            return ""
        if isinstance(content, str):  # the usual cell, without the lists below
            return self.typeset(content)
        if isinstance(content, R) or all(isinstance(x, R) for x in content):  # type: ignore[union-attr]
            paragraphs: list[Any] = [content]
        else:
            paragraphs = list(content)  # type: ignore[arg-type]
        lines = []
        for item in paragraphs:
            runs = [item] if isinstance(item, (str, R)) else item
            lines.append(
                "".join(
                    self.typeset(r) if isinstance(r, str) else (r.text if r.link else self.typeset(r.text))
                    for r in runs
                )
            )
        return "\n".join(lines)

    def _release_heading(self) -> None:
        """Let the paragraph before a table whose first row is taller than a page stand alone.

        Its style keeps it with the next paragraph; with such a row LibreOffice then moves the
        whole table to the next page and leaves the heading alone on the page before.
        """
        previous = self.sect_pr.getprevious()
        if previous is None or previous.tag != _q("w:p"):
            return
        ppr = previous.find(_q("w:pPr"))
        if ppr is None:
            ppr = _el("w:pPr")
            previous.insert(0, ppr)
        keep = ppr.find(_q("w:keepNext"))
        if keep is None:
            keep = _el("w:keepNext")
            style = ppr.find(_q("w:pStyle"))
            if style is not None:
                style.addnext(keep)
            else:
                ppr.insert(0, keep)
        keep.set(_q("w:val"), "0")

    def _cell_look(
        self, cell: Cell, span: int, width: int, keep: bool, font_size: int | None
    ) -> tuple[str, str, str | None]:
        """A cell's properties, the start of each of its paragraphs, and its text colour."""
        tc_pr = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            tc_pr += f'<w:gridSpan w:val="{span}"/>'
        fill = cell.fill or _FILLS.get(cell.kind)
        if fill:
            tc_pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        tc_pr += "</w:tcPr>"
        style = self.style["table_heading" if cell.kind in _EMPHASIS else "table_text"]
        color = WHITE if cell.kind == "head" else (NAVY if cell.kind == "section" else None)
        ppr = f'<w:p><w:pPr><w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep else "")
        if cell.align:
            ppr += f'<w:jc w:val="{cell.align}"/>'
        if font_size:
            ppr += f'<w:rPr><w:sz w:val="{font_size}"/></w:rPr>'
        ppr += "</w:pPr>"
        return tc_pr, ppr, color

    def _cell(self, out: list[str], cell: Cell, span: int, width: int, keep: bool, font_size: int | None) -> None:
        key = (width, span, cell.fill, cell.kind, cell.align, keep, font_size)
        looks = self._cell_looks.get(key)
        if looks is None:
            looks = self._cell_looks[key] = self._cell_look(cell, span, width, keep, font_size)
        tc_pr, ppr, color = looks
        out.append(tc_pr)
        content = cell.content
        paragraphs: list[Content]
        one_paragraph = content is None or isinstance(content, (str, R))
        if one_paragraph or all(isinstance(x, R) for x in content):  # type: ignore[union-attr]
            paragraphs = [content]
        else:
            paragraphs = list(content) or [None]  # type: ignore[arg-type]
        for item in paragraphs:
            out.append(ppr)
            if item is not None:
                runs = [item] if isinstance(item, (str, R)) else item
                for run in runs:  # type: ignore[union-attr]
                    if isinstance(run, str):
                        out.append(_cached_run_xml(self.typeset(run), False, False, None, None, color, font_size))
                    elif run.link:
                        out.append(_run_xml(run, color, font_size, self.link_id(run.link)))
                    else:
                        out.append(
                            _cached_run_xml(
                                self.typeset(run.text), run.bold, run.italic, run.color, run.size, color, font_size
                            )
                        )
            out.append("</w:p>")
        out.append("</w:tc>")

    # -- pictures -----------------------------------------------------------------------------

    def picture(self, png: bytes, width_cm: float, caption: str | None = None) -> None:
        """An image centred on its own paragraph, with an optional caption below."""
        p = self._append(self._paragraph("normal", None, align="center", keep_next=bool(caption)))
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), Cm(width_cm), None)
        _sub(_sub(p, "w:r"), "w:drawing").append(inline)
        if caption:
            self.para(caption, "caption", align="center")

    def chart(self, chart: Any, caption: str | None = None) -> None:
        """A native Word chart (``render.charts.Chart``: its part's XML, workbook and size), centred, with a caption."""
        from kpss_cli.render.charts import CHART_RELATIONSHIP, chart_part

        self._chart_count = getattr(self, "_chart_count", 0) + 1
        number = self._chart_count
        part = chart_part(chart, number, self.doc.part.package)
        rid = self.doc.part.relate_to(part, CHART_RELATIONSHIP)
        p = self._append(self._paragraph("normal", None, align="center", keep_next=bool(caption)))
        emu_per_cm = 360000
        # docPr ids must be unique among the drawings of the document: pictures count from 1,
        # charts from 1001.
        inline = parse_xml(
            '<wp:inline distT="0" distB="0" distL="0" distR="0" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<wp:extent cx="{round(chart.width_cm * emu_per_cm)}" cy="{round(chart.height_cm * emu_per_cm)}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{1000 + number}" name="Graf {number}"/>'
            "<wp:cNvGraphicFramePr/>"
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>'
        )
        _sub(_sub(p, "w:r"), "w:drawing").append(inline)
        if caption:
            self.para(caption, "caption", align="center")

    # -- header, footer, properties, save -----------------------------------------------------

    def _footer(self, title: str) -> None:
        """Our footer ("title … strana X z Y") unless the template brings its own."""
        section = self.doc.sections[0]
        has_footer = self.sect_pr.find(qn("w:footerReference")) is not None
        has_header = self.sect_pr.find(qn("w:headerReference")) is not None
        if has_footer:
            return
        footer = section.footer
        footer.is_linked_to_previous = False
        ftr = footer._element
        for child in list(ftr):
            ftr.remove(child)
        p = _sub(ftr, "w:p")
        ppr = _sub(p, "w:pPr")
        _sub(ppr, "w:pStyle", val=self.style["footer"])
        tabs = _sub(ppr, "w:tabs")
        _sub(tabs, "w:tab", val="clear", pos=str(tpl.TEXT_WIDTH // 2))
        _sub(tabs, "w:tab", val="clear", pos=str(tpl.TEXT_WIDTH))
        _sub(tabs, "w:tab", val="right", pos=str(self.text_width))
        page_word, of_word = self.footer_words
        self._run(p, R(f"{title}\t{page_word} "))
        self._field(p, "PAGE", "1")
        self._run(p, R(f" {of_word} "))
        self._field(p, "NUMPAGES", "1")
        if not has_header:
            # The cover page carries no footer: an empty first-page footer.
            section.different_first_page_header_footer = True
            first = section.first_page_footer
            first.is_linked_to_previous = False
            fel = first._element
            for child in list(fel):
                fel.remove(child)
            _sub(_sub(_sub(fel, "w:p"), "w:pPr"), "w:pStyle", val=self.style["footer"])
            fel[0][0].append(_pbdr_none())

    def _settings(self) -> None:
        """Ask Word to update fields (the TOC) when the document opens."""
        settings = self.doc.settings.element
        existing = settings.find(qn("w:updateFields"))
        if existing is not None:
            existing.set(qn("w:val"), "true")
            return
        element = _el("w:updateFields", val="true")
        w_ns = qn("w:x")[:-1]
        for child in settings:
            tag = child.tag if isinstance(child.tag, str) else ""
            local = tag.rsplit("}", 1)[-1]
            if local in _AFTER_UPDATE_FIELDS or not tag.startswith(w_ns):
                child.addprevious(element)
                return
        settings.append(element)

    def _properties(self, props: Properties) -> None:
        core = self.doc.core_properties
        core.title = clean(props.title)
        core.subject = clean(props.subject)
        core.author = clean(props.author)
        core.keywords = clean(props.keywords)
        core.category = clean(props.category)
        core.comments = clean(props.comments)
        core.language = props.language
        core.last_modified_by = "kpss"
        core.revision = 1
        element = core._element
        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for old in element.findall(qn(tag)):
                element.remove(old)
        if props.date is not None:
            moment = dt.datetime(props.date.year, props.date.month, props.date.day, tzinfo=dt.timezone.utc)
            core.created = moment
            core.modified = moment

    def _drop_thumbnail(self) -> None:
        """A template's thumbnail would show the template, not this document."""
        package = self.doc.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                package.rels.pop(rel_id)

    def save(self, props: Properties, footer_title: str) -> bytes:
        """The finished document as bytes (fixed timestamps: the same input, the same bytes)."""
        try:
            self._fill_toc()
            self._footer(footer_title)
            self._settings()
            self._properties(props)
            self._drop_thumbnail()
            stream = self._stream
            streamed = stream is not None and (stream.size > 0 or stream.inserts)
            marker_text = b""
            if streamed:
                assert stream is not None
                marker, marker_text = stream.marker()
                self.body.insert(0, marker)
            buffer = io.BytesIO()
            self.doc.save(buffer)
            if not streamed:
                return normalize_zip(buffer.getvalue())
            assert stream is not None
            part = str(self.doc.part.partname).lstrip("/")
            return normalize_zip(buffer.getvalue(), (part, marker_text, stream))
        finally:
            self.close()


def _pbdr_none() -> Any:
    pbdr = _el("w:pBdr")
    _sub(pbdr, "w:top", val="nil")
    return pbdr


def template_bytes(lang: str) -> bytes:
    """The bundled reference document, to start a town's own template from."""
    return normalize_zip(tpl.default_template(lang))


def field_instructions(document: Document) -> list[str]:
    """Every field instruction of the body, headers and footers (for tests and checks)."""
    found: list[str] = []
    parts = (
        [document.element]
        + [s.footer._element for s in document.sections if not s.footer.is_linked_to_previous]
        + [s.header._element for s in document.sections if not s.header.is_linked_to_previous]
    )
    for part in parts:
        found.extend((t.text or "").strip() for t in part.iter(qn("w:instrText")))
    return found

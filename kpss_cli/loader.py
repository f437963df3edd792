"""YAML -> plain data plus a position map; safe and bounded.

Reading is the hot path of every command, so it uses libyaml's event parser (PyYAML's C
``CParser``, about 8x faster than ruamel.yaml's pure-Python parser, measured on the national-scale bench repository) and builds the
data itself in one iterative pass:

* YAML 1.2 core schema (``no`` is a string, ``010`` is ten), done here, not by PyYAML's 1.1 resolver;
* only the standard tags; any other tag (``!!python/object``, ``!Foo``) is a finding, never constructed;
* aliases are copied under a budget (an alias bomb is a finding, never a billion nodes);
* nesting deeper than MAX_DEPTH, files over MAX_BYTES, duplicate keys, non-UTF-8 bytes
  (with the encoding guessed, e.g. windows-1250) are findings with a line and column;
* every mapping entry and list item records where it stands (1-based when reported).

This is the exact path. validate first tries the fast path (kpss_cli/fastload.py: rapidyaml, no
positions) and reads a file here when the fast path declines it or a finding needs its positions.
Round-trip editing (rollover, import) uses ruamel.yaml separately, see kpss_cli/yamledit/
"""

from __future__ import annotations

import contextlib
import gc
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from kpss_cli.findings import ERROR, WARNING, Finding
from kpss_cli.i18n import _, language
from kpss_cli.textsafe import BIDI_CONTROLS

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 100
MAX_ALIAS_NODES = 10_000
# Aliases may add at most this many characters of text (strings and keys) to the data: a
# budget in nodes alone let one 100 KB anchored value, aliased 9,990 times, become a gigabyte.
MAX_ALIAS_CHARS = 1_000_000

Path = tuple[str | int, ...]
# A mapping entry: (key line, key column, value line, value column, raw text of a non-string scalar)
Entry = tuple[int, int, int, int, str | None]
# A list item: (line, column, raw text of a non-string scalar)
Item = tuple[int, int, str | None]

_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_OCT_RE = re.compile(r"^0o[0-7]+$")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INF_NAN = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

TAG_PREFIX = "tag:yaml.org,2002:"
_STANDARD_TAGS = {TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_NON_SPECIFIC = {None, "!", "?"}


@dataclass
class Document:
    """One YAML file read: its data (None when unreadable), positions and loader findings."""

    file: str
    data: Any = None
    findings: list[Finding] = field(default_factory=list)
    positions: dict[int, Any] = field(default_factory=dict, repr=False)
    root_pos: tuple[int, int] = (0, 0)
    # What a search of the file's text could not rule out (see text_hints): whether a string or
    # key may hold a bidi control, and whether a float may be written like "40.000". True unless
    # the loader looked, so a Document made elsewhere is always checked in full.
    may_hide: bool = field(default=True, repr=False)
    may_thousands: bool = field(default=True, repr=False)
    aliased: bool = field(default=False, repr=False)  # the file uses an alias (*name)
    # Read on the fast path (kpss_cli/fastload.py): no positions of its own. The first question
    # about a position reads ``source`` (the file's bytes) on the exact path and answers from that
    # document: its data are the same, so a path leads to the same value.
    fast: bool = field(default=False, repr=False)
    source: bytes | None = field(default=None, repr=False)
    _exact: Document | None = field(default=None, repr=False)

    def exact(self) -> Document:
        """This file read by the exact loader (itself when it was): positions and raw texts."""
        if not self.fast:
            return self
        if self._exact is None:
            self._exact = load_bytes(self.source or b"", self.file)
        return self._exact

    @property
    def ok(self) -> bool:
        """True when the file was parsed (it may still break the schema)."""
        return not any(f.severity == ERROR for f in self.findings)

    def locate(self, path: Path, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path``; of its key with ``key=True``.

        When the path does not exist (a missing key), the nearest enclosing value that does
        exist is used, so a finding always has a place.
        """
        if self.fast:
            return self.exact().locate(path, key)
        line, col = self.root_pos
        node = self.data
        for depth, step in enumerate(path):
            table = self.positions.get(id(node))
            if table is None:
                break
            try:
                entry = table[step]
            except (KeyError, IndexError, TypeError):
                break
            last = depth == len(path) - 1
            if isinstance(table, dict):
                line, col = (entry[0], entry[1]) if (key and last) else (entry[2], entry[3])
            else:
                line, col = entry[0], entry[1]
            node = node[step]
        return line + 1, col + 1

    def raw(self, path: Path) -> str | None:
        """The source text of a non-string scalar (``1.10`` for the float 1.1), else None."""
        if self.fast:
            return self.exact().raw(path)
        if not path:
            return None
        node = self.data
        for step in path[:-1]:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
        table = self.positions.get(id(node))
        if table is None:
            return None
        try:
            entry = table[path[-1]]
        except (KeyError, IndexError, TypeError):
            return None
        return entry[-1]  # type: ignore[no-any-return]


class LoadProblem(Exception):
    """Stops the build of a document; carries the finding."""

    def __init__(self, code: str, line: int, column: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.line, self.column, self.message, self.hint = code, line, column, message, hint


CZECH_LETTERS = set("ěščřžýáíéúůťďňóĚŠČŘŽÝÁÍÉÚŮŤĎŇÓ")


def guess_encoding(raw: bytes) -> str:
    """Best guess at the encoding of bytes that are not UTF-8 (Czech files: windows-1250 mostly)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        return "UTF-16"
    best, best_score = "windows-1250", -(10**9)
    for encoding in ("windows-1250", "iso-8859-2", "cp852", "windows-1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        czech = sum(1 for ch in text if ch in CZECH_LETTERS)
        odd = sum(1 for ch in text if ("\x80" <= ch <= "\x9f") or ("\u2500" <= ch <= "\u25ff"))
        score = czech - 5 * odd
        if score > best_score:
            best, best_score = encoding, score
    return best


def decode(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text (BOM removed) or a finding that names the encoding guessed."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters, as everywhere else (the line may hold valid UTF-8 before).
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        encoding = guess_encoding(raw)
        message = _(
            "the file is not UTF-8 (it looks like {encoding}); "
            "save it as UTF-8, e.g. in Notepad: Save as → Encoding: UTF-8"
        ).format(encoding=encoding)
        return None, [Finding(file, line, column, "KP002", ERROR, message, "$")]


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index)
    col = index - (text.rfind("\n", 0, index) + 1)
    return line, col


def _resolve_plain(value: str) -> tuple[Any, bool]:
    """YAML 1.2 core schema for a plain scalar: (value, is_string)."""
    if value in _NULLS:
        return None, False
    first = value[0]
    if first in "tTfF":
        if value in _TRUE:
            return True, False
        if value in _FALSE:
            return False, False
        return value, True
    if first in "0123456789+-.":
        if _INT_RE.match(value):
            return _to_int(value, 10), False
        if _OCT_RE.match(value):
            return _to_int(value[2:], 8), False
        if _HEX_RE.match(value):
            return _to_int(value[2:], 16), False
        if _FLOAT_RE.match(value):
            number = float(value)
            if math.isinf(number):
                raise ValueError("too large")
            return number, False
        if value in _INF_NAN:
            raise ValueError("not finite")
    elif first in "nN~" and value in _NULLS:
        return None, False
    return value, True


def _to_int(text: str, base: int) -> int:
    if len(text) > 30:
        raise ValueError("too large")
    return int(text, base)


def _resolve_tagged(tag: str, value: str) -> Any:
    """A scalar with an explicit standard tag (``!!str 5``, ``!!int "5"``)."""
    kind = tag[len(TAG_PREFIX):]
    if kind == "str":
        return value
    resolved, is_string = _resolve_plain(value)
    expected: dict[str, type | tuple[type, ...]] = {
        "int": int, "float": (int, float), "bool": bool, "null": type(None)
    }
    wanted = expected.get(kind)
    if is_string or wanted is None or not isinstance(resolved, wanted):
        raise ValueError(kind)
    if kind == "float":
        return float(resolved)  # type: ignore[arg-type]
    return resolved


def load_text(text: str, file: str, raw: bytes | None = None) -> Document:
    """Parse YAML text into a Document; every problem becomes a finding. ``raw``: the UTF-8
    bytes of ``text``, when the caller has them (a faster search for bidi controls)."""
    from yaml import MarkedYAMLError, YAMLError
    from yaml._yaml import CParser

    doc = Document(file)
    try:
        with collector_paused():
            _build(CParser(text), doc, text)
        doc.may_hide, doc.may_thousands = text_hints(text, doc.aliased, raw)
    except LoadProblem as problem:
        doc.data = None
        doc.positions = {}
        doc.findings.append(
            Finding(file, problem.line + 1, problem.column + 1, problem.code, ERROR, problem.message, "$", problem.hint)
        )
    except MarkedYAMLError as exc:
        doc.data = None
        doc.positions = {}
        doc.findings.append(_syntax_finding(exc, file, text))
    except YAMLError as exc:  # ReaderError: a character YAML does not allow
        doc.data = None
        doc.positions = {}
        doc.findings.append(_reader_finding(exc, file, text))
    except RecursionError:  # pragma: no cover - the build is iterative; a last line of defence
        doc.data = None
        doc.findings.append(Finding(file, 1, 1, "KP004", ERROR, _too_deep(), "$"))
    else:
        if _HASH_IN_TEXT.search(text):
            doc.findings.extend(_cut_off_by_comment(doc, text))
    return doc


# " #" followed by something other than a space: "Služby pro rodiny #2". YAML ends an unquoted
# text at " #" and reads the rest of the line as a comment; a comment is written "# …" (a space
# after the #), so "#2" or "#seniori" is taken for the text the writer meant. The pattern starts
# with a literal, so a search costs about 1.6 ms of CPU time per 2 MB of YAML.
_HASH_IN_TEXT = re.compile(r" #[^\s#]")


def _cut_off_by_comment(doc: Document, text: str) -> list[Finding]:
    """KP421: unquoted texts that YAML cut off at " #" (a warning at the line, with the quoted fix).

    Runs only when the text holds a candidate at all (a regular expression over the file), so the
    ordinary file costs one search.
    """
    lines = text.split("\n")
    candidates = {text.count("\n", 0, m.start()) for m in _HASH_IN_TEXT.finditer(text)}
    found: list[Finding] = []
    stack: list[tuple[Path, Any]] = [((), doc.data)]
    while stack:
        path, node = stack.pop()
        table = doc.positions.get(id(node))
        if table is None:
            continue
        if isinstance(node, dict):
            entries = [(key, node[key], entry[2], entry[3], entry[4]) for key, entry in table.items()]
        else:
            entries = [(i, node[i], entry[0], entry[1], entry[2]) for i, entry in enumerate(table)]
        for step, value, line, col, raw in entries:
            if isinstance(value, (dict, list)):
                stack.append(((*path, step), value))
                continue
            if line not in candidates or raw is not None or not isinstance(value, str) or not value:
                continue
            source = lines[line].rstrip("\r")
            if source[col : col + 1] in ("'", '"', "|", ">"):
                continue  # quoted or a block text: the # belongs to it
            hash_at = source.find(" #", col) + 1  # the index of the #, 0 when there is none
            end = hash_at - 1
            while end > col and source[end - 1] == " ":
                end -= 1
            if hash_at <= 0 or source[col:end] != value:
                continue
            comment = source[hash_at:].strip()
            if len(comment) < 2 or comment[1].isspace() or comment[1] == "#":
                continue
            whole = source[col:].rstrip().replace("\\", "\\\\").replace('"', '\\"')
            if isinstance(step, str):
                message = _(
                    "the text of '{key}' ends before ' #': YAML reads '{rest}' as a comment, so the value is only "
                    "'{value}'; if the # belongs to the text, put the whole text in quotes: {key}: \"{whole}\""
                ).format(key=step, rest=comment, value=value, whole=whole)
            else:
                message = _(
                    "this list entry ends before ' #': YAML reads '{rest}' as a comment, so the entry is only "
                    "'{value}'; if the # belongs to the text, put the whole text in quotes: - \"{whole}\""
                ).format(rest=comment, value=value, whole=whole)
            found.append(Finding(doc.file, line + 1, hash_at + 1, "KP421", WARNING, message, json_path((*path, step))))
    found.sort(key=lambda f: (f.line, f.column))
    return found


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while long-lived, acyclic data is built.

    Loading a repository allocates hundreds of thousands of containers that all live on and form
    no cycle; the collector would walk them again and again while they are made (a third of the
    load time of a 1.7 MB catalogue, and as much again while the model is built from them).
    Reference counting still frees everything; only cycles wait until the block ends.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# The bidi controls of kpss_cli.textsafe.BIDI_CONTROLS (U+202A-U+202E, U+2066-U+2069) in UTF-8:
# the pattern starts with a byte, so a search costs about 1 ms per 4 MB.
_BIDI_UTF8 = re.compile(b"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
# A dot followed by three digits, the end of "40.000" (the pattern starts with a literal: fast).
_DOT_THREE = re.compile(r"\.[0-9]{3}(?![0-9.])")
_THOUSANDS_DOT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


def text_hints(text: str, aliased: bool, raw: bytes | None = None) -> tuple[bool, bool]:
    r"""(may_hide, may_thousands) of a file's text: whether the data read from it can hold a bidi
    control (validate's KP420) and a float written with a thousands dot (KP103 "40.000").

    Both checks walk every value of the data, a second each on 10,000 measures; the text tells in
    milliseconds that most files need neither walk. A bidi control in the data is in the text,
    or made by a double-quoted escape (a backslash in the text). A float's source text matches
    ``\d{1,3}(\.\d{3})+`` as a whole plain scalar, so it starts the file or follows a space,
    a line break or one of ``[{,:``; an alias copies a float without its source text, so a file
    with aliases is always walked.
    """
    if "\\" in text:
        may_hide = True
    elif raw is not None:
        may_hide = _BIDI_UTF8.search(raw) is not None
    else:
        may_hide = BIDI_CONTROLS.search(text) is not None
    may_thousands = aliased
    if not may_thousands:
        for match in _DOT_THREE.finditer(text):
            start = match.start()
            while start > 0 and text[start - 1] in "0123456789.":
                start -= 1
            if start > 0 and text[start - 1] not in " \t\n\r[{,:":
                continue
            if _THOUSANDS_DOT.fullmatch(text, start, match.end()):
                may_thousands = True
                break
    return may_hide, may_thousands


def load_bytes(raw: bytes, file: str) -> Document:
    """Check size and encoding, then parse."""
    if len(raw) > MAX_BYTES:
        return too_large(file, len(raw))
    text, findings = decode(raw, file)
    if text is None:
        return Document(file, findings=findings)
    return load_text(text, file, raw)


def too_large(file: str, size: int) -> Document:
    """The finding for a file over MAX_BYTES, made without parsing it."""
    from kpss_cli import czech

    message = _(
        "the file is {size} MB, more than the limit of {limit} MB; split it or remove what does not belong"
    ).format(size=czech.number(size / (1024 * 1024), language(), 1), limit=MAX_BYTES // (1024 * 1024))
    return Document(file, findings=[Finding(file, 1, 1, "KP003", ERROR, message, "$")])


def _too_deep() -> str:
    return _("the data is nested deeper than {limit} levels").format(limit=MAX_DEPTH)


def _one_document() -> str:
    return _("the file holds more than one YAML document (a second '---'); keep one document per file")


def _key_not_plain() -> str:
    return _("a key must be a plain word or text, not a list or mapping")


def _syntax_finding(exc: Any, file: str, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "could not find expected ':'" in (exc.problem or ""):
        # A line without 'key: value': libyaml notices it on the next line; the line itself is meant.
        mark = exc.context_mark
    elif exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        # An unclosed quote or bracket: the end of the file says nothing; where it opened does.
        mark = exc.context_mark
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = (exc.problem or str(exc)).strip()
    context = (exc.context or "").strip()
    if "'\\t'" in problem or ("\t" in _source_line(text, line)[: col + 1] and "cannot start any token" in problem):
        return Finding(file, line + 1, col + 1, "KP008", ERROR,
                       _("a tab character is used for indentation; YAML needs spaces (replace each tab with spaces)"),
                       "$")
    if "exceeded maximum nesting depth" in problem:
        # libyaml >= 0.2.6 (PyYAML 6.0.4) stops deep nesting itself, at 1000 levels, before our own
        # MAX_DEPTH check sees it: the same finding as ours, at the place libyaml stopped.
        return Finding(file, line + 1, col + 1, "KP004", ERROR, _too_deep(), "$")
    if "expected a single document" in problem or "but found another document" in (context + problem):
        return Finding(file, line + 1, col + 1, "KP011", ERROR, _one_document(), "$")
    message, hint = _syntax_words(problem, context, _source_line(text, line), col)
    # The parser's own words ("mapping values are not allowed in this context") help nobody but a
    # developer: they travel in ``detail``, which the text output shows only under --debug.
    detail = f"libyaml: {problem}" + (f" ({context})" if context else "")
    return Finding(file, line + 1, col + 1, "KP001", ERROR, message, "$", hint, detail)


def _syntax_words(problem: str, context: str, source: str, col: int) -> tuple[str, str]:
    """What is wrong on the line and how to fix it, in words (no parser jargon)."""
    if "mapping values are not allowed" in problem and ": " not in source[:col] and ":" not in source[:col].strip():
        # The line's own key is not allowed where it stands: it is indented further than its level.
        return (
            _("this line is indented further than the keys of its level (YAML takes it for the "
              "continuation of the value above)"),
            _("line it up with the keys of the same level, using spaces only"),
        )
    if "mapping values are not allowed" in problem:
        return (
            _("this line has a second ': ' (colon and space) after its key, which YAML cannot read"),
            _('put a text containing ": " in quotes, e.g. title: "Goal: support"; or, if it is a new key, '
              "start it on its own line"),
        )
    if "expected '-' indicator" in problem or ("block collection" in context and "expected" in problem):
        return (
            _("this line does not fit the list above it: a list entry is missing its '-', or the line is "
              "indented differently from the entries"),
            _("start each entry of the list with '- ' at the same indentation as the others"),
        )
    if "did not find expected key" in problem or "block mapping" in context:
        return (
            _("this line is indented differently from the keys around it (or a text before it needs quotes)"),
            _("line it up with the keys of the same level, using spaces only; put a text with ':' or '#' "
              "in quotes"),
        )
    if "could not find expected ':'" in problem or "simple key" in context:
        return (
            _("a line in a mapping has no 'key: value' form (a ':' is missing, or a long text continues "
              "on the next line)"),
            _("write key: value; a text over several lines goes in quotes"),
        )
    if "found unexpected end of stream" in problem or "quoted scalar" in context:
        return (
            _("a quote opened on this line is never closed"),
            _("close the text with the same quote character it starts with (\" or ')"),
        )
    if "cannot start any token" in problem:
        return (
            _("a value on this line starts with a character YAML keeps for itself (@, ` or %)"),
            _('put the value in quotes, e.g. email: "@obec"'),
        )
    if "flow" in context or "flow" in problem:
        return (
            _("a list in [ ] or a mapping in { } on this line is not closed or has a stray comma"),
            _("close each [ with ] and each { with }; separate the entries with ', '"),
        )
    return (
        _("YAML cannot read this line"),
        _("check the indentation (spaces only, the same for keys of one level) and put texts with ': ' "
          "or ' #' in quotes"),
    )


def _reader_finding(exc: Any, file: str, text: str) -> Finding:
    position = getattr(exc, "position", 0) or 0
    # libyaml counts bytes of the UTF-8 text; findings count characters.
    index = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    line, col = _line_col(text, min(index, len(text)))
    character = getattr(exc, "character", None)
    shown = f" (U+{ord(character):04X})" if isinstance(character, str) and character else (
        f" (U+{character:04X})" if isinstance(character, int) else "")
    message = _("the file contains a control character{character} that YAML does not allow; delete it").format(
        character=shown
    )
    return Finding(file, line + 1, col + 1, "KP001", ERROR, message, "$")


def _source_line(text: str, line: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line] if line < len(lines) else ""


def _build(parser: Any, doc: Document, text: str) -> None:
    """Turn libyaml events into plain data, positions and findings, iteratively."""
    from yaml import (
        AliasEvent,
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        StreamStartEvent,
    )

    file = doc.file
    positions = doc.positions
    findings = doc.findings
    anchors: dict[str, tuple[Any, int, int]] = {}
    alias_budget = [MAX_ALIAS_NODES, MAX_ALIAS_CHARS]
    # Each frame: [container, table, pending key or _NO_KEY, key line, key column, anchor, start line, start col]
    stack: list[list[Any]] = []
    no_key = _NO_KEY
    result: list[Any] = []
    documents = 0

    def attach(value: Any, line: int, col: int, raw: str | None) -> None:
        if not stack:
            result.append(value)
            doc.root_pos = (line, col)
            return
        frame = stack[-1]
        container = frame[0]
        if container.__class__ is list:
            container.append(value)
            frame[1].append((line, col, raw))
            return
        key = frame[2]
        if key is no_key:
            # This value is a key.
            if value.__class__ is not _Key:
                raise LoadProblem("KP012", line, col, _key_not_plain())
            frame[2] = value.text
            frame[3] = line
            frame[4] = col
            return
        frame[2] = no_key
        table = frame[1]
        if key in table:
            first = table[key]
            message = _(
                "duplicate key '{key}' (first given on line {line}); the second value would silently "
                "replace the first: keep one"
            ).format(key=key, line=first[0] + 1)
            findings.append(Finding(file, frame[3] + 1, frame[4] + 1, "KP005", ERROR, message, "$"))
            return
        container[key] = value
        table[key] = (frame[3], frame[4], line, col, raw)

    def is_key_position() -> bool:
        return bool(stack) and stack[-1][0].__class__ is dict and stack[-1][2] is no_key

    def check_tag(tag: str | None, line: int, col: int) -> None:
        if tag in _NON_SPECIFIC or tag in _STANDARD_TAGS:
            return
        raise LoadProblem(
            "KP006", line, col,
            _(
                "the tag '{tag}' is not allowed; kpss files hold plain data only (text, numbers, lists, mappings)"
            ).format(tag=_show_tag(tag)),
        )

    get_event = parser.get_event
    resolve_plain = _resolve_plain
    while True:
        event = get_event()
        cls = event.__class__
        mark = event.start_mark
        if cls is ScalarEvent and stack and event.tag is None and not event.anchor:
            # The hot path (nearly every scalar): untagged, unanchored, inside a container.
            frame = stack[-1]
            container: Any = frame[0]
            if container.__class__ is dict and frame[2] is no_key:
                frame[2] = event.value
                frame[3] = mark.line
                frame[4] = mark.column
                continue
            value = event.value
            raw = None
            if not event.style and event.implicit[0]:
                try:
                    value, is_string = resolve_plain(value)
                except ValueError:
                    value = _SLOW
                else:
                    if not is_string:
                        raw = event.value
            if value is not _SLOW:
                if container.__class__ is list:
                    container.append(value)
                    frame[1].append((mark.line, mark.column, raw))
                    continue
                key = frame[2]
                table: Any = frame[1]
                if key not in table:
                    frame[2] = no_key
                    container[key] = value
                    table[key] = (frame[3], frame[4], mark.line, mark.column, raw)
                    continue
            # Numbers out of range, duplicate keys: the general path below reports them.
        if cls is ScalarEvent:
            line, col = mark.line, mark.column
            value = event.value
            tag = event.tag
            if is_key_position():
                if tag not in _NON_SPECIFIC and tag != TAG_PREFIX + "str":
                    check_tag(tag, line, col)
                attach(_Key(value), line, col, None)
                if event.anchor:
                    anchors[event.anchor] = (value, line, col)
                continue
            raw = None
            if tag in _NON_SPECIFIC and event.style in ("", None) and event.implicit[0]:
                try:
                    value, is_string = _resolve_plain(value)
                except ValueError as exc:
                    template = (
                        _("the number {number} is too large; write a finite number (or quote it if it is text)")
                        if str(exc) == "too large"
                        else _("the number {number} is not finite; write a finite number (or quote it if it is text)")
                    )
                    findings.append(Finding(
                        file, line + 1, col + 1, "KP013", ERROR, template.format(number=event.value[:40]), "$"
                    ))
                    value, is_string = None, False
                if not is_string:
                    raw = event.value
            elif tag not in _NON_SPECIFIC:
                check_tag(tag, line, col)
                try:
                    value = _resolve_tagged(tag, value)
                except ValueError as exc:
                    shown = repr(event.value[:40])
                    message = _("the value {value} is not a valid !!{kind}").format(value=shown, kind=exc)
                    raise LoadProblem("KP006", line, col, message) from None
                if not isinstance(value, str):
                    raw = event.value
            if event.anchor:
                anchors[event.anchor] = (value, line, col)
            attach(value, line, col, raw)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            line, col = mark.line, mark.column
            if is_key_position():
                raise LoadProblem("KP012", line, col, _key_not_plain())
            if event.tag not in _NON_SPECIFIC:
                check_tag(event.tag, line, col)
            if len(stack) >= MAX_DEPTH:
                raise LoadProblem("KP004", line, col, _too_deep())
            if cls is MappingStartEvent:
                container = {}
                table = {}
            else:
                container = []
                table = []
            positions[id(container)] = table
            stack.append([container, table, no_key, 0, 0, event.anchor, line, col])
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            frame = stack.pop()
            container = frame[0]
            if frame[5]:
                anchors[frame[5]] = (container, frame[6], frame[7])
            attach(container, frame[6], frame[7], None)
        elif cls is AliasEvent:
            doc.aliased = True
            line, col = mark.line, mark.column
            target = anchors.get(event.anchor)
            if target is None:  # pragma: no cover - libyaml reports unknown anchors itself
                raise LoadProblem("KP001", line, col, _("unknown alias *{name}").format(name=event.anchor))
            if is_key_position():
                value = target[0]
                if not isinstance(value, str):
                    raise LoadProblem("KP012", line, col, _key_not_plain())
                attach(_Key(value), line, col, None)
                continue
            copy = _copy_under_budget(target[0], positions, line, col, alias_budget, len(stack))
            raw = None if isinstance(copy, (str, dict, list)) else _raw_of(copy)
            attach(copy, line, col, raw)
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise LoadProblem("KP011", mark.line, mark.column, _one_document())
        elif cls is StreamEndEvent:
            break
        elif cls is StreamStartEvent or cls is DocumentEndEvent:
            continue
    doc.data = result[0] if result else None


def _raw_of(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _copy_under_budget(
    value: Any, positions: dict[int, Any], line: int, col: int, budget: list[int], depth: int
) -> Any:
    """A deep copy of an anchored value for an alias, positioned at the alias, within the budget
    (``budget``: values left, characters left)."""
    budget[0] -= 1
    if isinstance(value, str):
        budget[1] -= len(value)
    elif isinstance(value, dict):
        budget[1] -= sum(len(key) for key in value if isinstance(key, str))
    if budget[0] < 0:
        raise LoadProblem(
            "KP007", line, col,
            _("aliases (*name) expand to more than {limit} values; this looks like an alias bomb. "
              "Write the values out instead").format(limit=MAX_ALIAS_NODES),
        )
    if budget[1] < 0:
        from kpss_cli import czech

        raise LoadProblem(
            "KP007", line, col,
            _("aliases (*name) expand to more than {limit} characters of text; this looks like "
              "an alias bomb. Write the values out instead").format(limit=czech.number(MAX_ALIAS_CHARS, language())),
        )
    if depth > MAX_DEPTH:
        raise LoadProblem("KP004", line, col, _too_deep())
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        table: dict[str, Entry] = {}
        positions[id(out)] = table
        for key, item in value.items():
            copied = _copy_under_budget(item, positions, line, col, budget, depth + 1)
            out[key] = copied
            table[key] = (line, col, line, col, None if isinstance(copied, (str, dict, list)) else _raw_of(copied))
        return out
    if isinstance(value, list):
        out_list: list[Any] = []
        items: list[Item] = []
        positions[id(out_list)] = items
        for item in value:
            copied = _copy_under_budget(item, positions, line, col, budget, depth + 1)
            out_list.append(copied)
            items.append((line, col, None if isinstance(copied, (str, dict, list)) else _raw_of(copied)))
        return out_list
    return value


_SLOW = object()


class _Key:
    """A scalar standing in key position: kept as the text the user wrote (``2024``, ``1.10``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def json_path(path: Path) -> str:
    """``$.priorities[0].measures[2].id`` for a path tuple."""
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$-]*", step):
            parts.append(f".{step}")
        else:
            escaped = step.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    return "".join(parts)


def _show_tag(tag: str | None) -> str:
    return "!!" + tag[len(TAG_PREFIX):] if tag and tag.startswith(TAG_PREFIX) else str(tag)

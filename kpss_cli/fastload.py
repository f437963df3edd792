"""The fast path of reading a repository: rapidyaml's parser, its JSON, ``json.loads``.

The exact loader (kpss_cli/loader.py) builds the data from libyaml's events in Python, with a
position for every value: about 3 MB/s, 5 s of CPU for the 28 MB of 10,016 measures. Positions
are needed only for findings, and most runs (CI on a valid repository, every report) have none.
So validate first reads each file here, at about 20 MB/s: rapidyaml (``ryml``, C++) parses it,
emits it as JSON, and ``json.loads`` (C) builds the data, giving the source text of every number.

The data must be exactly what the exact loader gives (YAML 1.2 core schema, keys as written), or
the file is *declined* and read by the exact loader instead. A file is declined when its text
holds anything the two could read differently or that the exact loader reports (docs/validate.md,
"The fast path"): a tab, a carriage return, a backslash, a control character, a line or paragraph
separator, NEL or a byte order mark; a tag, anchor or alias (``!``, ``&``, ``*`` where a value
starts); a merge key ``<<``; a text that YAML cuts off at `` #`` (KP421); more than one document or
a ``---``; nesting that could reach the depth limit; a duplicate key; a number out of range; a
plain scalar ryml reads differently from YAML 1.2 (``~``, ``True``, ``0x10``, ``010``, ``.inf``,
``nan``: any text that YAML 1.2 would read as other than a text, unless ryml shows it was quoted);
or anything ryml cannot parse. A document of the fast path has no positions of its own: the first
time a finding asks it for one (``Document.locate``, ``Document.raw``), the file is read on the
exact path and that document answers. Its data are the same, so a path leads to the same value
and every finding is made exactly as on the exact path; only a file with a finding pays for
its positions.

``KPSS_LOADER=exact`` turns the fast path off. A missing or broken rapidyaml only turns it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from typing import Any, Iterator

from kpss_cli.loader import _HASH_IN_TEXT, MAX_BYTES, MAX_DEPTH, Document, _resolve_plain, text_hints

ENV = "KPSS_LOADER"


# What prepare gives: the JSON, the two hints of loader.text_hints, whether a number has an exponent.
Prepared = tuple[bytes, bool, bool, bool]


class Declined(Exception):
    """The fast path cannot prove it reads this file as the exact loader does."""


__all__ = ["ENV", "Declined", "enabled", "load", "read"]


_ryml: Any = None
_broken = False


def _module() -> Any:
    """rapidyaml, imported on first use; None when it is missing or broken."""
    global _ryml, _broken
    if _ryml is None and not _broken:
        try:
            import ryml

            if json.loads(_to_json(ryml, b"a: [1, x]\n")) != {"a": [1, "x"]}:
                raise ValueError("rapidyaml emits unexpected JSON")
            _ryml = ryml
        except Exception:  # ImportError, a broken build, another version's API: the exact path
            _broken = True
    return _ryml


def enabled() -> bool:
    """Whether validate reads files on the fast path (``KPSS_LOADER`` not ``exact``, ryml works)."""
    if os.environ.get(ENV, "").strip().lower() == "exact":
        return False
    return _module() is not None


# -- what the text must not hold --------------------------------------------------------------

# Control characters YAML does not allow, the tab and a carriage return not before a line feed
# (which libyaml and rapidyaml treat differently in places), and the backslash (the escapes of a
# double-quoted text): any of these bytes declines the file.
_FORBIDDEN_BYTES = bytes([*range(0x00, 0x0A), 0x0B, 0x0C, *range(0x0D, 0x20), 0x7F]) + b"\\"
# NEL and the C1 controls (U+0080-U+009F), the line and paragraph separators U+2028/U+2029 (line
# breaks to libyaml, not to rapidyaml), U+FFFE/U+FFFF and a byte order mark anywhere.
_FORBIDDEN_UTF8 = (
    re.compile(b"\xc2[\x80-\x9f]"),
    re.compile(b"\xe2\x80[\xa8\xa9]"),
    re.compile(b"\xef(?:\xbf[\xbe\xbf]|\xbb\xbf)"),
)
# A tag, an anchor, an alias or a character YAML keeps for itself (libyaml refuses a plain scalar
# that starts with one, rapidyaml does not) where a node starts; see _any_at_node_start.
_NODE_START_CHARS = (b"!", b"&", b"*", b"@", b"`", b"%", b",", b"]", b"}")
_BEFORE_NODE = frozenset(b"\n-?:,[{")
# A JSON string value (not a key) that YAML 1.2 could read as other than a text if it was plain:
# a superset (each match is checked with the exact resolver).
_MAYBE_NOT_TEXT = re.compile(rb'"([-+.0-9][-+.0-9a-zA-Z_]*|~|[nN]ull|NULL|[tT]rue|TRUE|[fF]alse|FALSE|)"(?!:)')
# Where a plain scalar can start and end: after a space, a line break, one of ``[{,:`` or at the
# start of the file; before a space, a line break, one of ``,]}:#`` or the end.
_BEFORE_PLAIN = b" \n[{,:"
_TOKEN = re.compile(rb"[-+.0-9a-zA-Z_~]*")
_AFTER_PLAIN = frozenset(b" \n,]}:#")
# ryml rewrites the plain scalars inf, -inf, .Inf, nan, .NaN … (keys and values) as ".inf",
# "-.inf", ".nan": their text in the file is not what the JSON shows.
_REWRITTEN = re.compile(rb'\.(?:inf|nan)"')
# The JSON as rapidyaml writes it indents each level of a multi-line container by 2 spaces and
# writes a one-line container on one line, so the depth of anything on a line is at most half
# its indentation plus the brackets opened on it: these bounds keep it under MAX_DEPTH.
_DEEP_INDENT = b"\n" + b" " * (MAX_DEPTH - 4)
_MANY_OPENED = b"[" * (MAX_DEPTH // 2 - 2)
_OPENERS = bytes.maketrans(b"{", b"[")
# An integer of more than 30 characters is out of range for the exact loader (loader._to_int).
_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGITS = b"0" * 30
_NOT_OPENERS = bytes(sorted(set(range(256)) - {ord("["), ord("{"), ord("\n")}))

# Whether a JSON string value (a match of _MAYBE_NOT_TEXT) surely means what the exact loader
# reads: a text either way (``2019-12-11``), or a text that rapidyaml writes as a JSON number,
# true, false or null when it stands plain, so arriving as a JSON string it was quoted in the file
# (``"583758"``). False for ``~``, ``True``, ``0x10``: plain, the exact loader reads null, true, 16.
# Filled by asking rapidyaml itself.
_SURE: dict[bytes, bool] = {}


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """rapidyaml prints a parse error to the process's standard error before it raises; the exact
    path reports the error in kpss's words, so that print is sent to the null device."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _to_json(ryml: Any, raw: bytes) -> bytes:
    """rapidyaml's JSON of the text, written straight into a buffer of bytes (not a str made from
    the JSON and encoded again: a third of the time of the JSON for a national services.yaml)."""
    with _stderr_silenced():
        try:
            tree = ryml.parse_in_arena(raw)
            buffer = bytearray(2 * len(raw) + 64)
            failed, size = ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
            if failed:  # more than twice the text (short keys quoted, say): once more, at its size
                buffer = bytearray(size)
                failed, size = ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
        except Exception:
            raise Declined("rapidyaml cannot parse it") from None
    if failed or not size:
        raise Declined("no document")
    return bytes(memoryview(buffer)[:size])


def _ask_plain(ryml: Any, texts: list[bytes]) -> None:
    """Ask rapidyaml how it writes each text as a plain scalar (fills _SURE)."""
    source = b"".join(b"- " + text + b"\n" for text in texts)
    try:
        items = json.loads(_to_json(ryml, source))
    except (Declined, ValueError):
        items = None
    if not isinstance(items, list) or len(items) != len(texts):
        for text in texts:
            _SURE[text] = False
        return
    for text, item in zip(texts, items, strict=True):
        _SURE[text] = not isinstance(item, str)


def _object(pairs: list[tuple[str, Any]], dict: Any = dict, len: Any = len) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise Declined("a duplicate key")
    return data  # type: ignore[no-any-return]


def _number(text: str) -> Any:
    try:
        value, is_text = _resolve_plain(text)
    except ValueError:
        raise Declined("a number out of range") from None
    if is_text:  # pragma: no cover - a JSON number is always a YAML 1.2 number
        raise Declined("a number YAML 1.2 reads as a text")
    return value


def _constant(text: str) -> Any:
    raise Declined("NaN or Infinity")


def _stands_plain(raw: bytes, texts: set[bytes]) -> bool:
    """Whether one of ``texts`` (each a word of ``[-+.0-9a-zA-Z_~]``) stands in ``raw`` where a plain
    scalar can: then it may be a plain scalar with exactly this text (a plain scalar of such a
    word is one line, so its text in the file is its value). The bytes a plain scalar can follow
    become B and the first bytes of the texts F (one translation in C, the two sets are apart),
    so every place to look at is a "BF" found by one search through the file."""
    firsts = {text[:1] for text in texts}
    if b"" in firsts:
        return _stands_plain_searched(raw, texts)
    table = bytes(0x42 if b in _BEFORE_PLAIN else 0x46 if bytes([b]) in firsts else 0x2E for b in range(256))
    classes = raw.translate(table)
    starts = [0] if raw[:1] in firsts else []
    at = classes.find(b"BF")
    while at >= 0:
        starts.append(at + 1)
        at = classes.find(b"BF", at + 2)
    return _any_stands(raw, texts, starts)


def _stands_plain_searched(raw: bytes, texts: set[bytes]) -> bool:
    """_stands_plain by a search for each first byte after each byte a plain scalar can follow."""
    firsts = {text[:1] for text in texts}
    starts = [0] if raw[:1] in firsts else []
    for first in firsts:
        for before in _BEFORE_PLAIN:
            needle = bytes([before]) + first
            at = raw.find(needle)
            while at >= 0:
                starts.append(at + 1)
                at = raw.find(needle, at + 1)
    return _any_stands(raw, texts, starts)


def _any_stands(raw: bytes, texts: set[bytes], starts: list[int]) -> bool:
    for start in starts:
        end = _TOKEN.match(raw, start).end()  # type: ignore[union-attr]
        if raw[start:end] in texts and (end == len(raw) or raw[end] in _AFTER_PLAIN):
            return True
    return False


def _node_starts(raw: bytes, char: int) -> Iterator[int]:
    """Where ``char`` stands where a node can start: at the start of a line (after its
    indentation) or after an indicator (``- ``, ``? ``, ``: ``, ``,``, ``[``, ``{``)."""
    at = raw.find(char)
    while at >= 0:
        before = at - 1
        while before >= 0 and raw[before] == 0x20:
            before -= 1
        if before < 0:
            yield at
        else:
            # ("[]" and "{}" are empty collections, not a "]" where a value starts)
            empty = before == at - 1 and (raw[before], char) in ((0x5B, 0x5D), (0x7B, 0x7D))
            if raw[before] in _BEFORE_NODE and not empty:
                yield at
        at = raw.find(char, at + 1)


# _any_at_node_start: the bytes that may stand before a node (_BEFORE_NODE) become B, the characters
# of _NODE_START_CHARS become C, the comma (both) D, every other byte a dot.
_CLASSES = bytes(
    ord("D") if b == 0x2C else ord("B") if b in _BEFORE_NODE else ord("C") if bytes([b]) in _NODE_START_CHARS else 0x2E
    for b in range(256)
)
_EMPTY_WITH_SPACES = (re.compile(rb"\[ +\]"), re.compile(rb"\{ +\}"))  # (two: each starts with a literal, fast)


def _any_at_node_start(raw: bytes) -> bool:
    """Whether any of _NODE_START_CHARS stands where a node can start (as ``_node_starts`` finds
    it for each) in a few passes in C: ``[]`` and ``{}`` (empty collections) are blanked out, the
    spaces dropped (so "after an indicator and spaces" is "right after it") and the bytes
    classified; a node start is then a B or D followed by a C or D. An empty collection written
    with spaces inside (``[ ]``) does count, as in ``_node_starts``."""
    if any(pattern.search(raw) for pattern in _EMPTY_WITH_SPACES):
        return True
    classes = raw.replace(b"[]", b"..").replace(b"{}", b"..").translate(_CLASSES, b" ")  # (spaces dropped)
    if classes[:1] in (b"C", b"D"):
        return True
    # The comma ends one pair and starts the next: written as "CB", every pair is one "BC".
    return b"BC" in classes.replace(b"D", b"CB")


# The header of a block text as both parsers read it alike: "|" or ">", the chomping and
# indentation indicators, spaces, the end of the line (a comment after it is declined).
_BLOCK_HEADER = re.compile(rb"[|>](?:[1-9][-+]?|[-+][1-9]?)? *\n")


def _odd_block_header(raw: bytes) -> bool:
    return any(
        _BLOCK_HEADER.match(raw, at) is None for char in b"|>" if bytes([char]) in raw for at in _node_starts(raw, char)
    )


def prepare(raw: bytes) -> Prepared:
    """The part in C of reading a file on the fast path: every check of the text, rapidyaml's
    JSON, the checks of the JSON, the hints of loader.text_hints and whether a number of the JSON
    has an exponent; or Declined."""
    ryml = _module()
    if ryml is None:
        raise Declined("rapidyaml is not available")
    if not raw or len(raw) > MAX_BYTES:
        raise Declined("empty or too large")
    original = raw
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # as loader.decode: a byte order mark at the start is dropped
    if b"\r" in raw:
        # Saved on Windows: libyaml reads CR LF as LF everywhere (YAML normalises line breaks);
        # a carriage return alone is declined below.
        raw = raw.replace(b"\r\n", b"\n")
    if not raw.endswith(b"\n") and (b"|" in raw or b">" in raw):
        # A block text at the end of a file without a last line break: libyaml keeps no line
        # break at its end, rapidyaml adds one.
        raise Declined("a block text may end the file without a line break")
    if len(raw.translate(None, _FORBIDDEN_BYTES)) != len(raw):
        raise Declined("a tab, carriage return, backslash or control character")
    for pattern in _FORBIDDEN_UTF8:
        if pattern.search(raw):
            raise Declined("a separator, C1 control, non-character or byte order mark")
    if b"<<" in raw or raw.startswith((b"---", b"...", b"%")) or b"\n---" in raw or b"\n..." in raw or b"\n%" in raw:
        raise Declined("a merge key, a directive or a document marker")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Declined("not UTF-8") from None
    if _any_at_node_start(raw):
        raise Declined("a tag, anchor, alias or reserved character where a value starts")
    if _HASH_IN_TEXT.search(text):
        raise Declined("a text that may be cut off at ' #'")
    if _odd_block_header(raw):
        raise Declined("the header of a block text that libyaml may read otherwise")
    out = _to_json(ryml, raw)
    if _DEEP_INDENT in out or _MANY_OPENED in out.translate(_OPENERS, _NOT_OPENERS):
        raise Declined("deep nesting")
    if _REWRITTEN.search(out):
        raise Declined("a scalar rapidyaml rewrites")
    if b'"":' in out:
        raise Declined("an empty key (rapidyaml reads ': x' where libyaml finds no key)")
    unknown: list[bytes] = []
    unsure_before: set[bytes] = set()
    for match in set(_MAYBE_NOT_TEXT.findall(out)):
        known = _SURE.get(match)
        if known is False:
            unsure_before.add(match)
        elif known is None:
            try:
                _value, is_text = _resolve_plain(match.decode("ascii"))
            except ValueError:
                is_text = False
            if is_text:
                _SURE[match] = True  # a text either way
                continue
            unknown.append(match)
    if unknown:
        _ask_plain(ryml, unknown)
    unsure = unsure_before | {text for text in unknown if not _SURE[text]}
    # rapidyaml writes these as the same JSON string whether they were quoted or plain
    # (``"00411248"``, an IČO): they were quoted unless the text stands where a plain scalar can.
    if unsure and _stands_plain(raw, unsure):
        raise Declined("a text that may have stood plain")
    digits = out.translate(_DIGITS)
    if _LONG_DIGITS in digits:
        raise Declined("a number of 30 digits or more (out of range on the exact path)")
    # A number of fewer than 30 digits is out of a float's range only with an exponent (rapidyaml
    # writes ``1e3`` as it stands, ``.5`` as ``0.5``); without one, json's own float reads every
    # number as the exact loader does (finish).
    exponent = b"0e" in digits or b"0E" in digits
    may_hide, may_thousands = text_hints(text, False, original)
    return out, may_hide, may_thousands, exponent


def finish(out: bytes, exponent: bool = True) -> dict[str, Any]:
    """The data of a file from its prepared JSON (the part that builds Python objects), or Declined.

    ``exponent``: whether a number of the JSON may have an exponent (see prepare); without one,
    every JSON float is a YAML 1.2 float in range, and json reads it with ``float`` in C."""
    try:
        data = json.loads(
            out, object_pairs_hook=_object, parse_float=_number if exponent else float, parse_constant=_constant
        )
    except (ValueError, RecursionError):
        raise Declined("not the JSON expected") from None
    if not isinstance(data, dict):
        raise Declined("not a mapping")
    return data


def read(raw: bytes) -> dict[str, Any]:
    """The data of a file exactly as the exact loader reads it, or Declined."""
    prepared = prepare(raw)
    return finish(prepared[0], prepared[3])


def _document(file: str, raw: bytes, prepared: Prepared | None) -> Document | None:
    if prepared is None:
        return None
    try:
        data = finish(prepared[0], prepared[3])
    except Declined:
        return None
    doc = Document(file, data, fast=True, source=raw)
    doc.may_hide, doc.may_thousands = prepared[1], prepared[2]
    return doc


def _prepared(raw: bytes) -> Prepared | None:
    try:
        return prepare(raw)
    except Declined:
        return None


def load(raw: bytes, file: str) -> Document | None:
    """A Document without positions read on the fast path, or None when the file is declined."""
    return _document(file, raw, _prepared(raw))


# A second process prepares its half only when that half holds at least this many bytes: the
# fork and the pages this process then copies on writing cost some 30 ms of CPU, which a smaller
# share does not win back (a national services.yaml beside a plan of 0.4 MB: one process is
# as fast on the clock and 30 ms cheaper).
TWO_PROCESSES_FROM = 1024 * 1024


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def load_many(files: list[tuple[str, bytes]], processes: int | None = None) -> dict[str, Document | None]:
    """Documents of the fast path (None for a file declined) for (path, bytes) of many files.

    On Linux with two or more cores and files that split into two halves of at least
    TWO_PROCESSES_FROM bytes each, a forked child prepares one half (the C part: checks,
    rapidyaml's parse and JSON) while this process prepares the other; then this process builds
    the data of all (json.loads). The child sends only the JSON and the flags back; when it fails
    in any way, this process prepares its files itself.
    """
    mine, theirs = _split(files)
    if processes is None:
        forkable = sys.platform.startswith("linux") and hasattr(os, "fork")
        big_enough = min(sum(len(raw) for _path, raw in half) for half in (mine, theirs)) >= TWO_PROCESSES_FROM
        processes = 2 if forkable and big_enough and _cores() >= 2 else 1
    prepared: dict[str, Prepared | None] = {}
    if processes >= 2 and _module() is not None:
        prepared.update(_in_child(theirs, [(path, raw) for path, raw in mine]))
    for path, raw in files:
        if path not in prepared:
            prepared[path] = _prepared(raw)
    return {path: _document(path, raw, prepared[path]) for path, raw in files}


def _split(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """Two halves of about equal bytes (the biggest file first into the lighter half)."""
    halves: tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]] = ([], [])
    sizes = [0, 0]
    for item in sorted(files, key=lambda item: -len(item[1])):
        lighter = 0 if sizes[0] <= sizes[1] else 1
        halves[lighter].append(item)
        sizes[lighter] += len(item[1])
    return halves


def _in_child(
    theirs: list[tuple[str, bytes]], mine: list[tuple[str, bytes]]
) -> dict[str, Prepared | None]:
    """Prepare ``theirs`` in a forked child and ``mine`` here, at the same time."""
    import pickle

    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return {}
    if pid == 0:  # the child: prepare, send, and leave without running any of the parent's exit code
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps([(path, _prepared(raw)) for path, raw in theirs], protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view):]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    done: dict[str, Prepared | None] = {path: _prepared(raw) for path, raw in mine}
    chunks: list[bytes] = []
    try:
        while True:
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _pid, status = os.waitpid(pid, 0)
    if status == 0:
        try:
            for path, item in pickle.loads(b"".join(chunks)):
                done[path] = item
        except Exception:  # a truncated or garbled answer: those files are prepared here
            pass
    return done

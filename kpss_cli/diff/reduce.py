"""Reading the two versions of a file; entries equal at both revisions are cut out before parsing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kpss_cli.findings import Finding
from kpss_cli.loader import Document, load_bytes, too_large
from kpss_cli.repo import RepoFile


@dataclass
class Side:
    """One file at one revision: absent, invalid (with its errors) or schema-valid data."""

    present: bool
    data: Any = None
    errors: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Present and without errors."""
        return self.present and not self.errors


_ABSENT = Side(False)
# Entries are found with str.find on "\n" + a fixed prefix and with patterns that start with
# "\n" rather than "^" under re.M: the search then skips ahead to newlines instead of trying every
# position (5-10x faster on a 2 MB file). The text searched is "\n" + the file, so the first line
# is found too.
# Below this size cutting a file up costs more than parsing it.
REDUCE_MIN_BYTES = 16_384
# Entries larger than this (a priority with its measures) are cut up once more.
NEST_MIN_BYTES = 4_096
_ITEM_AT = re.compile(r"( *)-( +|(?=[\r\n])|\Z)")

Segments = list[tuple[str | None, str]]


def _context_free(text: str) -> bool:
    """True when no entry's meaning can depend on text outside it.

    Anchors and aliases share values between entries, directives and document markers change
    how everything after them is read, and tabs make indentation unreliable. Any of them (even
    inside a quoted text: the check is deliberately coarse) means the file is parsed whole.
    """
    if "\t" in text:
        return False
    framed = "\n" + text
    if any(marker in framed for marker in ("\n---", "\n...", "\n%")):
        return False
    # str.find is a memchr scan; a regex character class would be several times slower here.
    for mark in "&*":
        at = framed.find(mark)
        while at >= 0:
            after = framed[at + 1 : at + 2]
            if framed[at - 1] in " \n\r[{," and after and after not in " \t\r\n[]{},":
                return False
            at = framed.find(mark, at + 1)
    return True


def _item_starts(framed: str, indent: int, start: int, end: int) -> list[int]:
    """Offsets of the lines in ``framed[start:end]`` that begin with ``indent`` spaces and "- "."""
    prefix = "\n" + " " * indent + "-"
    found: list[int] = []
    at = framed.find(prefix, start, end)
    while at >= 0:
        after = framed[at + len(prefix) : at + len(prefix) + 1]
        if after in ("", " ", "\r", "\n"):
            found.append(at + 1)
        at = framed.find(prefix, at + 1, end)
    return found


@cache
def _block_patterns(base: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A key line of a mapping indented by ``base``; the first line that ends a list under it."""
    key = re.compile(rf"\n {{{base}}}([A-Za-z_$][\w$.-]*)[ \t]*:[ \t]*(?:#[^\n]*)?\r?(?=\n|\Z)")
    if base:
        end = re.compile(rf"\n(?: {{0,{base - 1}}}[^\s#]| {{{base}}}[^\s#-])")
    else:
        end = re.compile(r"\n[^\s#-]")
    return key, end


def _split_block(text: str, base: int) -> Segments | None:
    """The text of a mapping whose keys are indented by ``base`` as consecutive segments:
    (key, text) for each entry of a block list under a key, (None, text) for everything else;
    joined they give the text back. None when the lists are not laid out consistently."""
    framed = "\n" + text  # offsets in ``framed`` are one more than in ``text``
    key_pattern, end_pattern = _block_patterns(base)
    segments: Segments = []
    done = 1
    for key_match in key_pattern.finditer(framed):
        if key_match.start() + 1 < done:
            continue
        body = framed.find("\n", key_match.end())
        if body < 0:
            break
        end_match = end_pattern.search(framed, body)
        end = end_match.start() + 1 if end_match else len(framed)
        first = re.compile(r"\n *[^\s#]").search(framed, body, end)
        if first is None:
            continue
        item = _ITEM_AT.match(framed, first.start() + 1)
        if item is None:
            continue
        indent = len(item.group(1))
        if indent < base:
            return None
        if indent and re.compile(rf"\n {{0,{indent - 1}}}[^\s#]").search(
            framed, first.start(), end - 1
        ):
            return None
        starts = _item_starts(framed, indent, first.start(), end)
        segments.append((None, framed[done : starts[0]]))
        key = key_match.group(1)
        for a, b in zip(starts, [*starts[1:], end], strict=True):
            segments.append((key, framed[a:b]))
        done = end
    segments.append((None, framed[done:]))
    return segments


def split_entries(text: str) -> Segments | None:
    """The top-level lists of a file as segments (see :func:`_split_block`); None when entries
    could depend on their context (see :func:`_context_free`)."""
    if not _context_free(text):
        return None
    return _split_block(text, 0)


def _split_entry(text: str) -> Segments | None:
    """The lists inside one list entry ("- id: P1 … measures: - id: 1.1 …") as segments."""
    item = _ITEM_AT.match(text)
    if item is None or not item.group(2).startswith(" "):
        return None
    base = len(item.group(1)) + 1 + len(item.group(2))
    return _split_block(text, base)


@dataclass
class _Reduced:
    text: str
    # (key,) or (key, index of the entry in the reduced list, nested key)
    # -> 0-based line of each entry kept
    item_lines: dict[tuple[Any, ...], list[int]]


# An entry kept at the first level, cut up into its own lists (or None), with the key of its lists.
_Kept = tuple[str | None, str, Segments | None]


def _cut_common(
    old: Counter[tuple[Any, ...]],
    new: Counter[tuple[Any, ...]],
    group: Callable[[tuple[Any, ...]], Any],
) -> Counter[tuple[Any, ...]]:
    """The entries equal on both sides, minus one per list that would otherwise be left empty.

    A list keeps at least one entry so the reduced document still meets "non-empty list"
    schema rules; the entry kept is one of the equal ones, so it adds no change.
    """
    common = old & new
    totals_old: Counter[Any] = Counter()
    totals_new: Counter[Any] = Counter()
    cuts: Counter[Any] = Counter()
    for entry, count in old.items():
        totals_old[group(entry)] += count
    for entry, count in new.items():
        totals_new[group(entry)] += count
    for entry, count in common.items():
        cuts[group(entry)] += count
    for entry in list(common):
        g = group(entry)
        if cuts[g] and (cuts[g] == totals_old[g] or cuts[g] == totals_new[g]):
            cuts[g] = 0  # handled: one entry of this list stays
            common[entry] -= 1
            if common[entry] <= 0:
                del common[entry]
    return common


def reduce_pair(old_raw: bytes, new_raw: bytes) -> tuple[_Reduced, _Reduced] | None:
    """Both versions of a file without the list entries whose text is the same in both.

    An entry is the text of one item of a top-level block list (a service, a priority, an
    action-plan item) and, inside a big entry that changed, of one item of its own lists (the
    measures of a priority, keyed by the priority's first line). Equal text at equal indentation
    under the same key parses to equal data when nothing outside the entry can change its meaning
    (:func:`_context_free`). None when nothing is gained or the file does not lend itself to it;
    the caller then parses the whole files, and it does so too when the reduced documents do not
    parse to exactly the entries expected (:func:`_load_reduced`).
    """
    from kpss_cli.loader import decode

    if max(len(old_raw), len(new_raw)) < REDUCE_MIN_BYTES:
        return None
    old_text, _ = decode(old_raw, "")
    new_text, _ = decode(new_raw, "")
    if old_text is None or new_text is None:
        return None
    old_segments = split_entries(old_text)
    new_segments = split_entries(new_text) if old_segments is not None else None
    if old_segments is None or new_segments is None:
        return None
    old_entries = Counter((k, t) for k, t in old_segments if k is not None)
    new_entries = Counter((k, t) for k, t in new_segments if k is not None)
    cut = _cut_common(old_entries, new_entries, lambda e: e[0])

    old_kept = _nest(old_segments, Counter(cut))
    new_kept = _nest(new_segments, Counter(cut))
    old_nested = Counter(_nested_keys(old_kept))
    new_nested = Counter(_nested_keys(new_kept))
    nested_cut = _cut_common(old_nested, new_nested, lambda e: e[:3])
    if not cut and not nested_cut:
        return None
    return _rebuild(old_kept, Counter(nested_cut)), _rebuild(new_kept, Counter(nested_cut))


def _nest(segments: Segments, cut: Counter[tuple[Any, ...]]) -> list[_Kept]:
    """The segments left after the first cut; big entries are split into their own lists, when
    their first lines ("- id: P1") tell them apart."""
    kept: list[_Kept] = []
    for key, text in segments:
        if key is not None and cut[(key, text)] > 0:
            cut[(key, text)] -= 1
            continue
        nested = _split_entry(text) if key is not None and len(text) >= NEST_MIN_BYTES else None
        kept.append((key, text, nested))
    firsts = Counter((key, text.split("\n", 1)[0]) for key, text, nested in kept if nested)
    return [
        (key, text, nested if nested and firsts[(key, text.split("\n", 1)[0])] == 1 else None)
        for key, text, nested in kept
    ]


def _nested_keys(kept: list[_Kept]) -> Iterable[tuple[Any, ...]]:
    for key, text, nested in kept:
        if nested:
            first = text.split("\n", 1)[0]
            for nested_key, entry in nested:
                if nested_key is not None:
                    yield (key, first, nested_key, entry)


def _rebuild(kept: list[_Kept], cut: Counter[tuple[Any, ...]]) -> _Reduced:
    parts: list[str] = []
    item_lines: dict[tuple[Any, ...], list[int]] = {}
    line = 0
    for key, text, nested in kept:
        if key is not None:
            index = len(item_lines.setdefault((key,), []))
            item_lines[(key,)].append(line)
            if nested:
                first = text.split("\n", 1)[0]
                for nested_key, entry in nested:
                    if nested_key is not None:
                        full = (key, first, nested_key, entry)
                        if cut[full] > 0:
                            cut[full] -= 1
                            continue
                        item_lines.setdefault((key, index, nested_key), []).append(line)
                    parts.append(entry)
                    line += entry.count("\n")
                continue
        parts.append(text)
        line += text.count("\n")
    return _Reduced("".join(parts), item_lines)


def _check_document(doc: Document, kind: str) -> Side:
    """Schema-valid data of a loaded document, or its errors (the per-document check of validate)."""
    from kpss_cli.validate import check_document

    found, valid = check_document(doc, kind)
    if not valid:
        return Side(True, errors=[f for f in found if f.severity == "error"])
    return Side(True, data=doc.data)


def load_whole(raw: bytes | None, file: RepoFile) -> Side:
    if raw is None:
        return _ABSENT
    return _check_document(load_bytes(raw, file.path), file.kind)


def _load_reduced(reduced: _Reduced, file: RepoFile) -> Side | None:
    """The reduced document, or None unless it parsed to exactly the entries it was cut into."""
    from kpss_cli.loader import load_text

    doc = load_text(reduced.text, file.path)
    if not doc.ok or not isinstance(doc.data, dict):
        return None
    for where, starts in reduced.item_lines.items():
        value: Any = doc.data.get(where[0])
        if len(where) == 3:
            try:
                value = value[where[1]][where[2]]
            except (IndexError, KeyError, TypeError):
                return None
        table = doc.positions.get(id(value)) if isinstance(value, list) else None
        if table is None or [entry[0] for entry in table] != starts:
            return None
    side = _check_document(doc, file.kind)
    # Errors are reported with the lines of the whole file, so an invalid side is read again.
    return side if side.valid else None


def load_sides(
    file: RepoFile, old: bytes | int | None, new: bytes | int | None
) -> tuple[Side, Side]:
    """Both versions of a file; an int stands for the size of a file over the limit, never read."""
    if isinstance(old, int) or isinstance(new, int):
        return _one_side(file, old), _one_side(file, new)
    return load_pair(file, old, new)


def _one_side(file: RepoFile, raw: bytes | int | None) -> Side:
    if isinstance(raw, int):
        return Side(True, errors=too_large(file.path, raw).findings)
    return load_whole(raw, file)


def load_pair(file: RepoFile, old_raw: bytes | None, new_raw: bytes | None) -> tuple[Side, Side]:
    """Both versions of a changed file, parsed as little as possible (see :func:`reduce_pair`)."""
    if old_raw is not None and new_raw is not None:
        reduced = reduce_pair(old_raw, new_raw)
        if reduced is not None:
            old_side = _load_reduced(reduced[0], file)
            new_side = _load_reduced(reduced[1], file) if old_side is not None else None
            if old_side is not None and new_side is not None:
                return old_side, new_side
    return load_whole(old_raw, file), load_whole(new_raw, file)

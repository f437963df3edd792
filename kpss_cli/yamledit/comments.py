"""Edits of round-trip YAML that keep comments and blank lines where the reader expects them.

ruamel keeps a comment that sits between two elements either after the first one (as the
comment token after its deepest last scalar: slot 2 of a mapping entry, slot 0 of a sequence
item) or before the second one (slot 1). When an element is removed, inserted or the elements
are reordered, these "gaps" must move with the text they belong to, or a heading such as
``# Priorita 2`` is lost with the value that happened to end the element before it.

One implementation per operation, used by ``kpss rollover`` and ``kpss import registry``:
the gap after an element is taken and given back as text (:func:`pop_tail`, :func:`push_tail`),
the gap before it likewise (:func:`pop_pre`, :func:`push_pre`); keys and items are inserted and
deleted on top of these (:func:`insert_key`, :func:`delete_key`, :func:`insert_item`,
:func:`delete_item`, :func:`rebuild_seq`). ruamel is imported inside the functions.
"""

from __future__ import annotations

import copy
from typing import Any


def is_block(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return (
        isinstance(value, (CommentedMap, CommentedSeq))
        and len(value) > 0
        and not value.fa.flow_style()
    )


def keys_of(coll: Any) -> list[Any]:
    from ruamel.yaml.comments import CommentedMap

    return list(coll) if isinstance(coll, CommentedMap) else list(range(len(coll)))


def post_slot(coll: Any) -> int:
    from ruamel.yaml.comments import CommentedMap

    # ruamel keeps the comment after a map value in slot 2 and after a sequence item in slot 0.
    return 2 if isinstance(coll, CommentedMap) else 0


def entry_of(coll: Any, key: Any, create: bool = False) -> list[Any] | None:
    entry: list[Any] | None = coll.ca.items.get(key)
    if entry is None and create:
        entry = [None, None, None, None]
        coll.ca.items[key] = entry
    return entry


def pop_tail(coll: Any, key: Any) -> str:
    """Take the comment lines that follow element ``key`` (its end-of-line comment stays)."""
    value = coll[key]
    if is_block(value):
        return pop_tail(value, keys_of(value)[-1])
    entry = entry_of(coll, key)
    token = entry[post_slot(coll)] if entry else None
    if token is None:
        return ""
    eol, newline, rest = token.value.partition("\n")
    if not newline:
        return ""
    token.value = eol + "\n"
    return str(rest)


def push_tail(coll: Any, key: Any, text: str) -> None:
    """Put comment lines after element ``key`` (after its deepest last value)."""
    if not text:
        return
    value = coll[key]
    if is_block(value):
        push_tail(value, keys_of(value)[-1], text)
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = entry_of(coll, key, create=True)
    assert entry is not None
    slot = post_slot(coll)
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        eol, _, rest = token.value.partition("\n")
        token.value = eol + "\n" + join(rest, text)


def pop_pre(coll: Any, key: Any) -> str:
    """Take the comment lines ruamel keeps before element ``key``."""
    entry = entry_of(coll, key)
    if not entry or not entry[1]:
        return ""
    tokens = entry[1]
    entry[1] = None
    lines = []
    for token in tokens:
        value = str(token.value)
        lines.append(" " * token.column + value if value.startswith("#") else value)
    return "".join(lines)


def push_pre(coll: Any, key: Any, text: str) -> None:
    """Put comment lines before element ``key``."""
    if not text:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tokens = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        if body:
            tokens.append(CommentToken(body + "\n", CommentMark(len(line) - len(body)), None))
        else:
            tokens.append(CommentToken("\n", CommentMark(0), None))
    entry = entry_of(coll, key, create=True)
    assert entry is not None
    entry[1] = tokens + list(entry[1] or [])


def blank(text: str) -> bool:
    return not text.strip()


def join(a: str, b: str) -> str:
    """Two runs of comment lines as one: a blank line where they meet is not doubled; each run
    keeps its own lines as written (two blank lines in a row stay two)."""
    first = [line if line.endswith("\n") else line + "\n" for line in a.splitlines(keepends=True)]
    second = [line if line.endswith("\n") else line + "\n" for line in b.splitlines(keepends=True)]
    while first and second and blank(first[-1]) and blank(second[0]):
        second.pop(0)
    return "".join(first + second)


def join_dropped(before: str, after: str) -> str:
    """The comments around a removed element: a heading above it stays tight on what follows."""
    if blank(after) and not blank(before):
        return before
    if blank(before) and not blank(after):
        return after
    return join(before, after)


def delete_key(cm: Any, key: str) -> None:
    """Remove a key and its value; the comments around it stay where they were."""
    keys = list(cm)
    i = keys.index(key)
    before = join(pop_tail(cm, keys[i - 1]) if i else "", pop_pre(cm, key))
    after = join(pop_tail(cm, key), pop_pre(cm, keys[i + 1]) if i + 1 < len(keys) else "")
    cm.ca.items.pop(key, None)
    del cm[key]
    gap = join_dropped(before, after)
    if i:
        push_tail(cm, keys[i - 1], gap)
    elif len(cm):
        push_pre(cm, keys[1], gap)


def insert_key(cm: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Add a key after the keys that precede it in ``order`` (else at the end); comments after the
    key before it move past it."""
    rank = order.index(key) if key in order else len(order)
    keys = list(cm)
    pos = 0
    for n, k in enumerate(keys):
        if k in order and order.index(k) < rank:
            pos = n + 1
    if pos == 0:
        cm.insert(0, key, value)
        return
    tail = pop_tail(cm, keys[pos - 1])
    if pos == len(keys):
        cm[key] = value
    else:
        cm.insert(pos, key, value)
    push_tail(cm, key, tail)


def copy_without_tail(cm: Any) -> Any:
    """A copy of an item without the comments that follow it (those stay with the original)."""
    twin = copy.deepcopy(cm)
    if is_block(twin):
        pop_tail(twin, keys_of(twin)[-1])
    return twin


def rebuild_seq(seq: Any, kept: list[tuple[int, Any]], added: list[Any]) -> None:
    """Replace the items: ``kept`` (old index, item) in order, then ``added``; comments between items kept.

    The text between two old items (a blank line, a ``# Priorita 2`` heading) is read first;
    a removed item's surroundings are merged into the gap left behind; new items are separated
    by a blank line unless the file runs its items together.
    """
    n = len(seq)
    if not n and seq.fa.flow_style():
        seq.fa.set_block_style()  # `items: []` grows into a list written one item a line
    gaps = [pop_pre(seq, 0) if n else ""]
    for i in range(n):
        tail = pop_tail(seq, i)
        gaps.append(join(tail, pop_pre(seq, i + 1) if i + 1 < n else ""))
    interior = gaps[1:n]
    sep = "\n" if not interior or any(g.startswith("\n") for g in interior) else ""
    kept_at: dict[int, list[Any]] = {}
    for index, item in kept:
        kept_at.setdefault(index, []).append(item)
    # What follows the last item (end-of-file comments, or those above the next key) stays last.
    end = gaps[n] if n else ""
    if n:
        gaps[n] = ""
    lead = gaps[0]
    body: list[list[Any]] = []  # [item, the text after it]
    for i in range(n):
        here = kept_at.get(i)
        if not here:
            if body:
                body[-1][1] = join_dropped(body[-1][1], gaps[i + 1])
            else:
                lead = join_dropped(lead, gaps[i + 1])
            continue
        for k, item in enumerate(here):
            body.append([item, gaps[i + 1] if k == len(here) - 1 else sep])
    if body and added:
        body[-1][1] = body[-1][1] or sep
    body.extend([item, sep] for item in added)
    seq.ca.items.clear()
    list.clear(seq)
    if not body:
        return
    body[-1][1] = end if added else join_dropped(body[-1][1], end)
    list.extend(seq, [item for item, _ in body])
    push_pre(seq, 0, lead)
    for j, (_, after) in enumerate(body):
        push_tail(seq, j, after)


def insert_item(seq: Any, index: int, item: Any, blank_line: bool) -> None:
    """Insert into a block sequence; what followed the item before now follows the new one."""
    tail = pop_tail(seq, index - 1) if index > 0 else ""
    seq.insert(index, item)
    if blank_line and index > 0:
        seq.yaml_set_comment_before_after_key(index, before="\n")
    push_tail(seq, index, tail)


def delete_item(seq: Any, index: int) -> None:
    """Delete an item; the comments above it and after it stay where the reader expects them.

    The text between the item before and the deleted one and the text between the deleted one and
    the next become one gap (:func:`join_dropped`); when both are only blank lines the one after
    the deleted item stays, so deleting what :func:`insert_item` inserted gives the text back.
    """
    n = len(seq)
    before = join(pop_tail(seq, index - 1) if index else "", pop_pre(seq, index))
    after = join(pop_tail(seq, index), pop_pre(seq, index + 1) if index + 1 < n else "")
    del seq[index]
    gap = after if blank(before) and blank(after) else join_dropped(before, after)
    if index:
        push_tail(seq, index - 1, gap)
    elif len(seq):
        push_pre(seq, 0, gap)

"""Registry values into round-trip YAML nodes: plain values, comparison, quoting, items kept with their comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


def plain_data(value: Any) -> Any:
    """Round-trip data as plain JSON-able values (for old → new)."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def same_value(a: Any, b: Any) -> bool:
    if (
        isinstance(a, (int, float))
        and isinstance(b, (int, float))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
        return float(a) == float(b)
    return bool(plain_data(a) == plain_data(b))


def as_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
    else:
        return None
    if number != number or number < 0 or number in (float("inf"),):
        return None
    return int(number) if float(number).is_integer() else float(number)


@dataclass
class ProviderData:
    ico: str | None
    name: str | None
    web: str | None
    email: str | None
    phone: str | None
    address: str | None


@dataclass
class Mapped:
    """A registry record turned into the values of a services.yaml entry."""

    type: str | None = None
    forms: list[str] = field(default_factory=list)
    forms_partial: bool = False
    target_groups: list[str] = field(default_factory=list)
    groups_partial: bool = False
    capacity: dict[str, int | float] = field(default_factory=dict)
    capacity_given: bool = False
    capacity_partial: bool = False
    contact: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    provider: ProviderData | None = None
    problems: list[str] = field(default_factory=list)
    fatal: str | None = None


def flow(values: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def quoted(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def put(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key; a new key goes after the keys that precede it in ``order`` (else at the end)."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for i, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = i + 1
    if position >= len(mapping):
        # what followed the old last line (a blank line before the next item) follows the new one
        tail = _take_tail(mapping)
        mapping[key] = value
        _give_tail(mapping, tail)
    else:
        mapping.insert(position, key, value)


def yaml_scalar(text: str) -> Any:
    """Text that YAML would read as a number (a phone number, an IČO), in double quotes."""
    if re.fullmatch(r"[-+0-9. ]*[0-9][-+0-9. ]*", text) and not re.search(r"\d \d", text):
        return quoted(text)
    return text


# Comments and blank lines in ruamel hang on the last scalar of the item before them; these
# helpers move them so that appended and deleted items leave the layout as the user had it.


def _is_collection(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        return not node.fa.flow_style()
    return False


def _tail_slot(node: Any) -> tuple[Any, Any, int] | None:
    """(container, key, slot) where the comment after the node's last line is kept."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        if _is_collection(node[key]):
            return _tail_slot(node[key])
        return node, key, 2
    if isinstance(node, CommentedSeq) and len(node):
        index = len(node) - 1
        if _is_collection(node[index]):
            return _tail_slot(node[index])
        return node, index, 0
    return None


def _take_tail(node: Any) -> Any:
    """Detach and return the comment after the node's last line (keeping an end-of-line comment)."""
    from ruamel.yaml.tokens import CommentToken

    slot = _tail_slot(node)
    if slot is None:
        return None
    container, key, index = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= index or entry[index] is None:
        return None
    token = entry[index]
    value = token.value
    if value.lstrip(" ").startswith("#"):
        # "web: x  # note" keeps its note; only what follows the line moves
        cut = value.find("\n") + 1
        if cut <= 0 or cut >= len(value):
            return None
        entry[index] = CommentToken(value[:cut], token.start_mark, None)
        return CommentToken("\n" + value[cut:], token.start_mark, None)
    entry[index] = None
    return token


def _give_tail(node: Any, token: Any) -> None:
    if token is None:
        return
    slot = _tail_slot(node)
    if slot is None:
        return
    container, key, index = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    if entry[index] is None:
        entry[index] = token


def insert_item(seq: Any, index: int, item: Any, blank_line: bool) -> None:
    """Insert into a block sequence; what followed the item before now follows the new one."""
    tail = _take_tail(seq[index - 1]) if index > 0 else None
    seq.insert(index, item)
    if blank_line and index > 0:
        seq.yaml_set_comment_before_after_key(index, before="\n")
    _give_tail(item, tail)


def delete_item(seq: Any, index: int) -> None:
    """Delete an item; the comments above it and after it stay where the reader expects them."""
    entry = seq.ca.items.get(index)
    before = list(entry[1]) if entry and len(entry) > 1 and entry[1] else []
    last = index == len(seq) - 1
    tail = _take_tail(seq[index])
    del seq[index]
    if index > 0 and (last or (tail is not None and tail.value.strip())):
        # the item before takes over what followed the deleted one (a blank line before the next
        # key, a comment); at the end of the file it loses the blank line it had before the item
        previous = seq[index - 1]
        old = _take_tail(previous)
        if tail is not None:
            _give_tail(previous, tail)
        elif old is not None and old.value.strip():
            _give_tail(previous, old)
    if before and not last:
        nxt = seq.ca.items.setdefault(index, [None, [], None, None])
        while len(nxt) < 2:
            nxt.append(None)
        kept = [t for t in (nxt[1] or []) if t.value.strip()]
        nxt[1] = before + kept

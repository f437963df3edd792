"""Registry values into round-trip YAML nodes: plain values, comparison, quoting, keys in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kpss_cli.yamledit.comments import insert_key


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
    # Past 10**15 a count is no count (the registry's open data held 10**400): left out, never an
    # OverflowError when it is turned into a float.
    if number != number or number < 0 or number > _MAX_COUNT:
        return None
    return int(number) if float(number).is_integer() else float(number)


_MAX_COUNT = 10**15


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
    places: list[dict[str, str]] = field(default_factory=list)  # facilities people go to
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
    insert_key(mapping, key, value, order)


def yaml_scalar(text: str) -> Any:
    """Text that YAML would read as a number (a phone number, an IČO), in double quotes."""
    if re.fullmatch(r"[-+0-9. ]*[0-9][-+0-9. ]*", text) and not re.search(r"\d \d", text):
        return quoted(text)
    return text

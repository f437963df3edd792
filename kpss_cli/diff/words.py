"""Words: labels, values and messages (English, with Czech number, money and date formats)."""

from __future__ import annotations

import re
from typing import Any

from kpss_cli import czech
from kpss_cli.changes import FieldChange
from kpss_cli.diff.fields import same
from kpss_cli.diff.result import ADDED, CHANGED, REMOVED, Change, InvalidFile

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONEY_PATH = re.compile(r"(?:^|\.)(?:budget|spent)\.|^(?:budget|requested|granted|paid|settled)$")
_ID_FIELD = re.compile(r"^(indicators|activities|members)\[(.+?)\]\.(.+)$")
_ID_MAP = re.compile(r"^(targets|actuals)\[(.+)\]$")


def shorten(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def is_money(path: str) -> bool:
    """True for a field path that holds money (budget, spent)."""
    return bool(_MONEY_PATH.search(path))


def show_value(path: str, value: Any, money_unit: bool = True) -> str:
    """A value as a coordinator reads it."""
    if value is None:
        return "whole period" if path == "years" or path.endswith(".years") else "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if is_money(path):
            return czech.money(value, unit=money_unit)
        # Up to six decimals: a value is shown as the file has it; four digits stay whole (1500).
        return czech.number(value, max_decimals=6, group_from=10_000)
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{value['from']}–{value['to']}"
        if set(value) == {"start", "end"}:
            return f"{value['start']}–{value['end']}"
        return ", ".join(f"{k} {show_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show_value("", v) for v in value) or "—"
    text = str(value)
    if _DATE.match(text):
        return czech.date(text, space=" ")  # plain spaces, as in the rest of a change line
    if path == "id" or path.endswith(
        (".id", "continues", "previous", "provider", "working_group", "plan")
    ):
        return text
    if _CODE.match(text) and not path.endswith(("name", "title", "text")):
        return text  # a code or an id, shown as written in the file
    return f"“{shorten(text)}”"


_CODE = re.compile(r"^[a-z0-9_]+$")


def _words(path: str) -> str:
    """Field names in words ("target_groups" -> "target groups"); codes and years stay."""
    from kpss_cli import codes

    return " ".join(
        part if part in codes.FUNDING_SOURCE or part.isdigit() else part.replace("_", " ")
        for part in path.split(".")
    )


def field_label(path: str) -> str:
    """``indicators[1.2.a].target`` -> ``target of indicator 1.2.a``;
    ``budget.2024.obce`` -> ``budget 2024 obce``."""
    match = _ID_FIELD.match(path)
    if match:
        what, ident, rest = match.groups()
        noun = {"indicators": "indicator", "activities": "activity", "members": "member"}[what]
        if rest.startswith("targets."):
            return f"target {rest.split('.', 1)[1]} of {noun} {ident}"
        return f"{_words(rest)} of {noun} {ident}"
    match = _ID_MAP.match(path)
    if match:
        what, ident = match.groups()
        return f"{'target' if what == 'targets' else 'actual'} of indicator {ident}"
    if path.startswith("territory.municipalities["):
        return f"municipality {path[len('territory.municipalities[') : -1]}"
    return _words(path)


def describe_field(change: FieldChange) -> str:
    """``target of indicator 1.2.a 120 → 140``, ``budget 2024 obce 800 000 → 950 000 Kč``."""
    label = field_label(change.path)
    old, new = change.old, change.new
    match = _ID_FIELD.match(change.path)
    if match and match.group(3) == "id":
        return f"{label.split(' of ', 1)[1]} renumbered from {old}"
    if isinstance(old, list) and isinstance(new, list):
        gone = [v for v in old if not any(same(v, w) for w in new)]
        came = [v for v in new if not any(same(v, w) for w in old)]
        parts = [f"+{show_value('', v)}" for v in came] + [f"−{show_value('', v)}" for v in gone]
        return f"{label}: {', '.join(parts)}" if parts else f"{label}: order or repetition changed"
    if (
        is_money(change.path)
        and not isinstance(old, (str, list, dict))
        and not isinstance(new, (str, list, dict))
    ):
        before, after = show_value(change.path, old, False), show_value(change.path, new, False)
        return f"{label} {before} → {after}{czech.NBSP}Kč"
    return f"{label} {show_value(change.path, old)} → {show_value(change.path, new)}"


def entity_label(c: Change) -> str:
    """The entity of a change in words."""
    if c.entity == "indicator":
        return f"indicator {c.id} of measure {c.measure}"
    if c.entity == "activity":
        return f"activity {c.id} of measure {c.measure}"
    if c.entity == "action_plan":
        return f"action plan {c.year} (plan {c.plan})"
    if c.entity == "item":
        return f"item {c.id} of action plan {c.year}"
    if c.entity == "result":
        return f"result of item {c.id} in action plan {c.year}"
    if c.entity == "manifest":
        return "manifest (kpss.yaml)"
    return f"{c.entity} {c.id}"


def match_note(c: Change) -> str:
    """ "(was 1.3, matched by continues)" for renumbered or probable matches; empty otherwise."""
    if c.kind != CHANGED or c.old_id is None:
        return ""
    if c.match == "title":
        return f"(was {c.old_id}; probable match by a similar title)"
    if c.old_id != c.id:
        how = {"continues": "matched by continues", "id": "matched by id"}.get(c.match or "", "")
        return f"(was {c.old_id}{', ' + how if how else ''})"
    return ""


def describe_change(c: Change) -> str:
    """One line for a change: "measure 1.2: target of indicator 1.2.a 120 → 140; …"."""
    head = entity_label(c)
    title = f" “{shorten(c.title, 100)}”" if c.title and c.entity not in ("need",) else ""
    if c.entity == "need" and c.title:
        title = f" “{shorten(c.title, 100)}”"
    if c.kind == ADDED:
        return f"{head} added{title}"
    if c.kind == REMOVED:
        return f"{head} removed{title}"
    note = match_note(c)
    parts = "; ".join(describe_field(f) for f in c.fields)
    return f"{head}{' ' + note if note else ''}: {parts or 'renumbered'}"


def invalid_message(i: InvalidFile) -> str:
    """Why a file was not compared."""
    count = len(i.errors)
    first = i.errors[0] if i.errors else None
    where = f" First: line {first.line}: {first.message}" if first else ""
    return (
        f"{i.file} is invalid at {i.revision} ({count} error{'s' if count != 1 else ''}), "
        "so its entities are not "
        f"compared; run `kpss validate` there.{where}"
    )


PROBABLE_SKIPPED = (
    "probable match not computed: there were too many or too long titles to compare within the "
    "time kpss allows, so an entity renumbered and retitled at once shows as removed and added"
)

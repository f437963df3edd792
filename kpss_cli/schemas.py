"""The shipped JSON Schemas and schema validation with messages in plain words.

Validation uses jsonschema-rs (Rust): about 100x faster than the pure-Python jsonschema on this
machine (measured: 4.3 ms vs 475–642 ms for a 1 MB document) and 36 ms to import instead of
about 180 ms. Its error kinds carry the data (missing key, allowed values, limit), from which
the messages below are written for a coordinator, not for a JSON Schema expert.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kpss_cli import forgiving
from kpss_cli.errors import UsageError
from kpss_cli.findings import ERROR, Finding
from kpss_cli.i18n import N_, _
from kpss_cli.loader import Document, json_path

SCHEMA_NAMES = ("manifest", "services", "groups", "plan", "action-plan", "grants", "consultation", "meeting")

# What an object at a list key is called in messages.
ENTITY_OF_LIST = {
    "priorities": "priority",
    "measures": "measure",
    "indicators": "indicator",
    "activities": "activity",
    "needs": "need",
    "providers": "provider",
    "services": "service",
    "groups": "group",
    "members": "member",
    "items": "item",
    "municipalities": "municipality",
    "applications": "application",
    "comments": "comment",
    "decisions": "decision",
}

# Where a value sits, in words (" in measure 1.2"); {ident} is the id, or #n for the n-th entry.
PLACE_WORDS = {
    "priority": N_(" in priority {ident}"),
    "measure": N_(" in measure {ident}"),
    "indicator": N_(" in indicator {ident}"),
    "activity": N_(" in activity {ident}"),
    "need": N_(" in need {ident}"),
    "provider": N_(" in provider {ident}"),
    "service": N_(" in service {ident}"),
    "group": N_(" in group {ident}"),
    "member": N_(" in member {ident}"),
    "item": N_(" in item {ident}"),
    "municipality": N_(" in municipality {ident}"),
    "application": N_(" in application {ident}"),
    "comment": N_(" in comment {ident}"),
    "decision": N_(" in decision {ident}"),
}

TYPE_WORDS = {
    "string": N_("a text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "object": N_("a mapping of keys and values"),
    "array": N_("a list"),
    "null": N_("nothing"),
}

PATTERN_WORDS = {
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$": N_(
        "an id: letters without diacritics, digits, '.', '-' or '_', starting with a letter or digit, "
        "at most 64 characters"
    ),
    r"\S": N_("a text that is not empty"),
    r"^[0-9]{6}$": N_('a municipality code of 6 digits, in quotes (e.g. "584011")'),
    r"^[0-9]{8}$": N_('an IČO of 8 digits, in quotes (e.g. "00283924")'),
    r"^CZ0[0-9]{2}$": N_("a NUTS 3 region code such as CZ064"),
    r"^(20[0-9][0-9]|2100)$": N_("a year between 2000 and 2100"),
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": N_("a date written YYYY-MM-DD (e.g. 2019-12-11)"),
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$": N_(
        '"<plan id>/<measure id>" of an earlier plan, e.g. "2020-2023/1.2"'
    ),
}

# "a known {list} code" of an enum, by the name of its code list (docs/codes.md).
LIST_CODE_WORDS = {
    "service_type": N_("service type code"),
    "service_form": N_("service form code"),
    "target_group": N_("target group code"),
    "funding_source": N_("funding source code"),
    "territory_kind": N_("territory kind code"),
    "legal_form": N_("legal form code"),
    "triad_role": N_("triad role code"),
    "group_kind": N_("group kind code"),
    "plan_status": N_("plan status code"),
    "measure_kind": N_("measure kind code"),
    "indicator_kind": N_("indicator kind code"),
    "aggregate": N_("aggregation code"),
    "result_status": N_("result status code"),
    "network_level": N_("network level code"),
    "cofinancing_key": N_("co-financing key code"),
    "comment_decision": N_("comment decision code"),
    "commenter_kind": N_("commenter kind code"),
    "life_situation": N_("life situation code"),
    "payment": N_("payment code"),
}


def _schema_dir() -> Path:
    packaged = resources.files("kpss_cli") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    # Running from a source checkout or an editable install: the top-level schemas/ folder.
    return Path(__file__).resolve().parent.parent / "schemas"


@cache
def schema_text(name: str) -> str:
    """The JSON text of a shipped schema."""
    if name not in SCHEMA_NAMES:
        raise UsageError(f"unknown schema '{name}'; the schemas are: {', '.join(SCHEMA_NAMES)}")
    return (_schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    """A shipped schema as data."""
    return json.loads(schema_text(name))  # type: ignore[no-any-return]


@cache
def _validator(name: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(name), validate_formats=True)


def allowed_keys(schema_node: dict[str, Any]) -> list[str]:
    return [k for k in schema_node.get("properties", {}) if k != "$schema"]


def _resolve(node: Any, root: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/$defs/"):
        node = root["$defs"][node["$ref"][len("#/$defs/") :]]
    return node


def schema_at(name: str, path: tuple[Any, ...], data: Any) -> dict[str, Any]:
    """The schema node that describes the value at ``path`` (for key lists and titles)."""
    root = schema(name)
    node: Any = root
    for step in path:
        node = _resolve(node, root)
        if isinstance(node, dict) and "then" in node and "properties" not in node and not isinstance(step, int):
            node = _resolve(node["then"], root)
        if not isinstance(node, dict):
            return {}
        if isinstance(step, int):
            node = node.get("items", {})
        else:
            props = node.get("properties", {})
            if step in props:
                node = props[step]
            elif "additionalProperties" in node and isinstance(node["additionalProperties"], dict):
                node = node["additionalProperties"]
            else:
                return {}
    node = _resolve(node, root)
    if isinstance(node, dict) and "then" in node and "properties" not in node:
        # A network entry: the mapping form for a mapping, else the plain year.
        node = _resolve(node["then"] if isinstance(_value_at(data, path), dict) else node.get("else", {}), root)
    return node if isinstance(node, dict) else {}


def describe(path: tuple[Any, ...], data: Any) -> str:
    """Where a value sits, in words: ``in measure 1.2`` or ``in priority P1``."""
    place = ""
    node = data
    previous: Any = None
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and isinstance(previous, str) and previous in ENTITY_OF_LIST:
            entity = ENTITY_OF_LIST[previous]
            ident = None
            if isinstance(node, dict):
                ident = node.get("id") if entity != "item" else node.get("measure")
                if entity in ("member", "municipality"):
                    ident = node.get("name")
            shown = str(ident) if isinstance(ident, (str, int, float)) else f"#{step + 1}"
            words = PLACE_WORDS.get(entity)
            place = _(words).format(ident=shown) if words else f" in {entity} {shown}"
        previous = step
    return place


def _normalise_path(raw_path: list[Any], data: Any) -> tuple[Any, ...]:
    """jsonschema-rs turns the key "2024" into 2024 in paths; walk the data to undo that."""
    out: list[Any] = []
    node = data
    for step in raw_path:
        if isinstance(node, dict) and not isinstance(step, str):
            step = str(step)
        out.append(step)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def _close(word: str, options: list[str]) -> str | None:
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not found:
        lowered = {o.lower(): o for o in options}
        found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        found = [lowered[f] for f in found]
    return found[0] if found else None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}…'"
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _("a mapping") if isinstance(value, dict) else _("a list")
    return str(value)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _money_with_thousands_dot(doc: Document, name: str) -> list[Finding]:
    """``obce: 40.000`` is valid YAML for the number 40: in a money field it is a mistake (KP103)."""
    root = schema(name)
    money = root.get("$defs", {}).get("money")
    if money is None or not doc.may_thousands:
        return []  # (may_thousands: the loader's search of the text found no "40.000")
    found: list[Finding] = []
    # The path of a scalar is built only for a float: most nodes are other scalars, and building
    # a tuple for each cost a sixth of validate on a big repository (bench/bench_resources.py).
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)] if isinstance(doc.data, (dict, list)) else []
    floats: list[tuple[tuple[Any, ...], float]] = []
    while stack:
        parent, container = stack.pop()
        for key, value in container.items() if isinstance(container, dict) else enumerate(container):
            if isinstance(value, (dict, list)):
                stack.append(((*parent, key), value))
            elif isinstance(value, float):
                floats.append(((*parent, key), value))
    for path, node in floats:
        raw = doc.raw(path)
        whole = forgiving.thousands(raw) if raw and "." in raw else None
        if whole is None or schema_at(name, path, doc.data) != money:
            continue
        field = path[-1] if isinstance(path[-1], str) else None
        message = _(
            "{field}{where}: {raw} is read as the number {read} (YAML takes the dot for a decimal point); "
            "write the amount without a thousands dot: {number}"
        ).format(
            field=f"'{field}'" if field else _("this value"),
            where=describe(path, doc.data),
            raw=raw,
            read=_show(node).rstrip("0").rstrip("."),
            number=whole,
        )
        line, col = doc.locate(path)
        found.append(Finding(doc.file, line, col, "KP103", ERROR, message, json_path(path)))
    return found


def validate_document(doc: Document, name: str) -> list[Finding]:
    """Findings of one loaded document against the named schema (empty when valid)."""
    data = doc.data
    validator = _validator(name)
    money = _money_with_thousands_dot(doc, name)
    if validator.is_valid(data):
        return money
    findings: list[Finding] = []
    suppressed: set[tuple[Any, ...]] = set()
    seen_paths: set[tuple[Any, ...]] = set()
    errors = list(validator.iter_errors(data))
    # Unknown keys first: a misspelled required key is reported once, as the typo it is.
    # A bad key before the value under it: `{obce: 1600000,50}` is one decimal comma, not also an empty '50'.
    first = {"AdditionalProperties": 0, "PropertyNames": 1}
    errors.sort(key=lambda e: first.get(type(e.kind).__name__, 2))
    for error in errors:
        for finding_path, code, message, at_key in _explain(error, doc, name, suppressed):
            if finding_path in seen_paths or finding_path in suppressed:
                continue
            seen_paths.add(finding_path)
            line, col = doc.locate(finding_path, key=at_key)
            # A translation may begin with the place (" v opatření 1.2 chybí …"): no leading space.
            findings.append(Finding(doc.file, line, col, code, ERROR, message.strip(), json_path(finding_path)))
    return findings + money


def _explain(
    error: Any, doc: Document, name: str, suppressed: set[tuple[Any, ...]]
) -> list[tuple[tuple[Any, ...], str, str, bool]]:
    """(path, rule code, message, point at the key?) for one schema error."""
    data = doc.data
    kind = type(error.kind).__name__
    details = error.kind.as_dict()
    path = _normalise_path(list(error.instance_path), data)
    where = describe(path, data)
    value = _value_at(data, path)
    field = path[-1] if path and isinstance(path[-1], str) else None
    field_words = f"'{field}'" if field else _("this value")

    if field == "area" and "services" in path and kind in ("Constant", "Type"):
        example = f'["{value}"]' if isinstance(value, int) and len(str(value)) == 6 else '["583758", "583766"]'
        message = _(
            "'area'{where} must be all (the whole territory) or a list of 6-digit municipality codes in quotes, "
            "e.g. {example}; got {value}"
        ).format(where=where, example=example, value=_show(value))
        return [(path, "KP105", message, False)]
    if kind == "AdditionalProperties":
        node = schema_at(name, path, data)
        allowed = allowed_keys(node)
        out = []
        for key in details.get("unexpected", []):
            suggestion = _close(key, allowed)
            if suggestion:
                message = _("unknown key '{key}'{where}; did you mean '{suggestion}'?").format(
                    key=key, where=where, suggestion=suggestion
                )
                if isinstance(value, dict) and suggestion not in value:
                    suppressed.add((*path, suggestion))
            else:
                message = _(
                    "unknown key '{key}'{where}; allowed keys: {allowed} (and x-… for your own notes)"
                ).format(key=key, where=where, allowed=", ".join(allowed))
            out.append(((*path, key), "KP101", message, True))
        return out
    if kind == "Required":
        prop = details.get("property")
        title = _title_of(name, path, prop, data)
        extra = f" ({title})" if title else ""
        because = ""
        if prop == "approved":
            because = _(
                " because status is approved; give date, by and resolution of the approving resolution"
            )
        elif prop in ("type", "forms") and "services" in path:
            because = _(
                " because the service is registered (set registered: false for a service outside the registry)"
            )
        message = _("missing required key '{key}'{title}{where}{because}").format(
            key=prop, title=extra, where=where, because=because
        )
        if prop == "approved" and isinstance(value, dict) and "status" in value:
            # Point at `status: approved`, the line that makes the key required.
            return [((*path, "status"), "KP102", message, True)]
        return [((*path, prop), "KP102", message, True)]
    if kind == "Type":
        types = details.get("types", [])
        return [(path, "KP103", _type_message(types, value, doc.raw(path), field_words, where), False)]
    if kind == "Enum":
        options = [str(o) for o in details.get("options", [])]
        if not isinstance(value, str):
            message = _("{field}{where} must be one of the codes, got {value}").format(
                field=field_words, where=where, value=_show(value)
            )
            return [(path, "KP103", message, False)]
        return [(path, "KP104", _enum_message(value, options, field_words, where, path, name, data), False)]
    if kind == "PropertyNames":
        inner = details.get("error")
        bad = getattr(inner, "instance", None)
        inner_kind = type(inner.kind).__name__ if inner is not None else ""
        if inner_kind == "Enum":
            options = [str(o) for o in inner.kind.as_dict().get("options", [])]
            comma = _decimal_comma(path, str(bad), data, doc)
            if comma is not None:
                suppressed.add((*path, str(bad)))
                return [((*path, comma[0]), "KP103", comma[1], False)]
            meant = forgiving.codes_for(str(bad), options)
            if meant:
                message = _label_message(str(bad), meant, _("the key"), where, options)
                return [((*path, str(bad)), "KP104", message, True)]
            suggestion = _close(str(bad), options)
            if suggestion:
                template = (
                    _("'{key}'{where} is not a funding source code; did you mean {suggestion}?")
                    if "mpsv" in options
                    else _("'{key}'{where} is not a known code; did you mean {suggestion}?")
                )
                shown = _code_label(suggestion, options, quoted=True)
                message = template.format(key=bad, where=where, suggestion=shown)
            else:
                template = (
                    _("'{key}'{where} is not a funding source code; use one of: {codes}")
                    if "mpsv" in options
                    else _("'{key}'{where} is not a known code; use one of: {codes}")
                )
                message = template.format(key=bad, where=where, codes=", ".join(options))
            return [((*path, str(bad)), "KP104", message, True)]
        pattern = inner.kind.as_dict().get("pattern", "") if inner is not None else ""
        expected = _(PATTERN_WORDS[pattern]) if pattern in PATTERN_WORDS else _("a valid key")
        message = _("the key '{key}'{where} must be {expected}").format(key=bad, where=where, expected=expected)
        return [((*path, str(bad)), "KP105", message, True)]
    if kind == "Pattern":
        pattern = details.get("pattern", "")
        if pattern == r"\S":
            message = _("{field}{where} is empty; write a text or remove the key").format(
                field=field_words, where=where
            )
            return [(path, "KP107", message, False)]
        if pattern in PATTERN_WORDS:
            expected = _(PATTERN_WORDS[pattern])
        else:
            expected = _("text matching {pattern}").format(pattern=pattern)
        message = _("{field}{where} must be {expected}, got {value}").format(
            field=field_words, where=where, expected=expected, value=_show(value)
        )
        return [(path, "KP105", message, False)]
    if kind == "Format":
        message = _("{field}{where} is not a real date: {value} (write YYYY-MM-DD)").format(
            field=field_words, where=where, value=_show(value)
        )
        return [(path, "KP105", message, False)]
    if kind in ("Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"):
        limit = details.get("limit")
        node = schema_at(name, path, data)
        if node.get("minimum") == 2000 and node.get("maximum") == 2100:
            template = _("{field}{where} must be a year between 2000 and 2100, got {value}")
        elif kind.startswith("Min") or kind == "ExclusiveMinimum":
            template = _("{field}{where} must not be less than {limit}, got {value}")
        else:
            template = _("{field}{where} must not be more than {limit}, got {value}")
        message = template.format(field=field_words, where=where, limit=limit, value=_show(value))
        return [(path, "KP106", message, False)]
    if kind in ("MinItems", "MinLength"):
        template = (
            _("{field}{where} must list at least one entry")
            if kind == "MinItems"
            else _("{field}{where} must not be empty")
        )
        return [(path, "KP107", template.format(field=field_words, where=where), False)]
    if kind == "UniqueItems":
        dupes = _duplicates(value) if isinstance(value, list) else []
        shown = f": {', '.join(_show(d) for d in dupes)}" if dupes else ""
        message = _("{field}{where} lists the same value twice{values}").format(
            field=field_words, where=where, values=shown
        )
        return [(path, "KP108", message, False)]
    if kind == "Constant":
        expected = details.get("expected_value", details.get("expected"))
        message = _("{field}{where} must be {expected}, got {value}").format(
            field=field_words, where=where, expected=_show(expected), value=_show(value)
        )
        return [(path, "KP105", message, False)]
    if kind == "AnyOf" and isinstance(value, str):
        if forgiving.boolean_for(value) is not None:
            return [(path, "KP103", _type_message(["boolean"], value, None, field_words, where), False)]
        if forgiving.thousands(value):
            return [(path, "KP103", _type_message(["number"], value, None, field_words, where), False)]
    if kind == "AnyOf":
        if field is None and len(path) >= 2 and path[-2] == "area":
            message = _(
                "the area entry{where} must be a 6-digit municipality code in quotes or 'all', got {value}"
            ).format(where=where, value=_show(value))
            return [(path, "KP105", message, False)]
        # The parser's words stay in English: they explain the schema to a developer.
        message = _("{field}{where} is not valid here: {detail}").format(
            field=field_words, where=where, detail=error.message
        )
        return [(path, "KP109", message, False)]
    message = _("{field}{where} is not valid here: {detail}").format(
        field=field_words, where=where, detail=error.message
    )
    return [(path, "KP109", message, False)]


def _title_of(name: str, path: tuple[Any, ...], prop: Any, data: Any) -> str:
    """The (Czech) title of the key ``prop`` under ``path``, lower-cased as a word: "realizátor".

    Empty in an English run: the schemas hold Czech titles only, and the key is an English word
    that names itself (docs/i18n.md)."""
    from kpss_cli.i18n import language

    if language() != "cs":
        return ""
    node = schema_at(name, path, data)
    entry = node.get("properties", {}).get(prop) if isinstance(prop, str) else None
    if not isinstance(entry, dict):
        return ""
    title = entry.get("title") or _resolve(entry, schema(name)).get("title") or ""
    if not isinstance(title, str) or title == prop or "_" in title:
        return ""
    title = re.sub(r"\s*\(.*\)$", "", title)  # "Druh služby (zákon 108/2006 Sb.)": the word is enough
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _code_label(code: str, options: list[str], quoted: bool = False) -> str:
    """``approved (schváleno)``: the code with its label in the language of the run
    (``'approved' (schváleno)`` when ``quoted``)."""
    from kpss_cli.codes import CODE_LISTS
    from kpss_cli.i18n import language

    shown = f"'{code}'" if quoted else code
    for table in CODE_LISTS.values():
        if code in table and set(options) <= set(table):
            label = table[code].cs if language() == "cs" else table[code].en
            return f"{shown} ({label})" if label != code else shown
    return shown


def _label_message(value: str, meant: list[str], field_words: str, where: str, options: list[str]) -> str:
    """A label or abbreviation written where a code belongs: name the code(s) to write."""
    if len(meant) == 1:
        return _("{value}{where} is a name, not a code: write the code {code} in {field}").format(
            value=_show(value), where=where, code=_code_label(meant[0], options), field=field_words
        )
    return _("{value}{where} is a name, not a code, and means one of several: write one of {codes} in {field}").format(
        value=_show(value), where=where, codes=", ".join(_code_label(c, options) for c in meant), field=field_words
    )


def _duplicates(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    dupes: list[Any] = []
    for value in values:
        if value in seen and value not in dupes:
            dupes.append(value)
        seen.append(value)
    return dupes


def _decimal_comma(path: tuple[Any, ...], bad: str, data: Any, doc: Document) -> tuple[str, str] | None:
    """``{mpsv: 40000,50}``: YAML splits a flow mapping at the comma, so ``50`` became a key."""
    node = _value_at(data, path)
    if not (bad.isdigit() and isinstance(node, dict) and node.get(bad, 0) is None):
        return None
    keys = list(node)
    at = keys.index(bad) if bad in keys else -1
    if at <= 0:
        return None
    before = keys[at - 1]
    number = node[before]
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        return None
    raw = doc.raw((*path, before)) or str(number)
    return (
        before,
        _("{key}: {raw},{rest}{where} is read as two entries because a comma separates the entries of "
          "a {{…}} mapping: write the decimal point, {key}: {raw}.{rest}").format(
            key=before, raw=raw, rest=bad, where=describe(path, data)
        ),
    )


def _type_message(types: list[str], value: Any, raw: str | None, field_words: str, where: str) -> str:
    expected = _(" or ").join(_(TYPE_WORDS[t]) if t in TYPE_WORDS else t for t in types)
    if types == ["boolean"] and isinstance(value, str) and (meant := forgiving.boolean_for(value)) is not None:
        code = "true" if meant else "false"
        return _("{field}{where} must be true or false, got the text {value}: write {code}").format(
            field=field_words, where=where, value=_show(value), code=code
        )
    if set(types) & {"number", "integer"} and isinstance(value, str) and (whole := forgiving.thousands(value)):
        template = _(
            "{field}{where} is written with thousands separators ({value}): write the number without them, {number}"
        )
        return template.format(field=field_words, where=where, value=_show(value), number=whole)
    if value is None:
        return _("{field}{where} is empty; expected {expected}").format(
            field=field_words, where=where, expected=expected
        )
    if "string" in types and raw is not None and not isinstance(value, (dict, list)):
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and isinstance(value, float) and str(value) != raw:
            template = _('{field}{where} must be a text, but {raw} is read as the number {read}; quote it: "{raw}"')
        elif number:
            template = _('{field}{where} must be a text, but {raw} is read as a number; quote it: "{raw}"')
        else:
            template = _('{field}{where} must be a text, but {raw} is read as {read}; quote it: "{raw}"')
        return template.format(field=field_words, where=where, raw=raw, read=_show(value))
    if set(types) & {"number", "integer"} and isinstance(value, str):
        digits = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if digits.replace(".", "", 1).isdigit():
            return _(
                "{field}{where} must be a number, got the text {value}; write it without spaces or quotes: {digits}"
            ).format(field=field_words, where=where, value=_show(value), digits=digits)
        if "boolean" in types and (meant := forgiving.boolean_for(value)) is not None:
            return _("{field}{where} must be {expected}, got the text {value}: write {code}").format(
                field=field_words, where=where, expected=expected, value=_show(value), code="true" if meant else "false"
            )
        return _("{field}{where} must be {expected}, got the text {value}").format(
            field=field_words, where=where, expected=expected, value=_show(value)
        )
    if types == ["integer"] and isinstance(value, float):
        return _("{field}{where} must be a whole number, got {value}").format(
            field=field_words, where=where, value=raw or value
        )
    return _("{field}{where} must be {expected}, got {value}").format(
        field=field_words, where=where, expected=expected, value=_show(value)
    )


def _enum_message(
    value: str, options: list[str], field_words: str, where: str, path: tuple[Any, ...], name: str, data: Any
) -> str:
    node = schema_at(name, path, data)
    list_name = node.get("title", "")
    meant = forgiving.codes_for(value, options)
    if meant:
        return _label_message(value, meant, field_words, where, options)
    suggestion = _close(value, options)
    what = _(LIST_CODE_WORDS[list_name]) if list_name in LIST_CODE_WORDS else _("code")
    if suggestion:
        return _("{value}{where} is not a known {what}; did you mean {suggestion}?").format(
            value=_show(value), where=where, what=what, suggestion=_code_label(suggestion, options, quoted=True)
        )
    if len(options) <= 12:
        return _("{value}{where} is not a known {what}; use one of: {codes}").format(
            value=_show(value), where=where, what=what, codes=", ".join(_code_label(o, options) for o in options)
        )
    return _("{value}{where} is not a known {what}; see the list with `kpss schema {schema}` or docs/codes.md").format(
        value=_show(value), where=where, what=what, schema=name
    )
